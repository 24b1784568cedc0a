import { asapScheduler, asyncScheduler, NEVER, Observable, of, Subject, throwError, type SchedulerLike } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { ErrorResponse, SemaphoreScheduler, TaskTracker, UnlimitedScheduler, type MetricsSnapshot, type OnErrorPolicy, type TaskEndEvent, type TrackerEvent } from '../../lib/index.js';
import { quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('TaskTracker observability', () => {
  describe('metrics$', () => {
    it('emits the current snapshot on subscribe', () => {
      const tracker = unlimitedTracker();
      tracker.spawn(NEVER);
      const seen: MetricsSnapshot[] = [];
      tracker.metrics$.subscribe((snapshot) => seen.push(snapshot)).unsubscribe();
      expect(seen.length).toBe(1);
      expect(seen[0]).toEqual(jasmine.objectContaining({ issued: 1, active: 1, pending: 1 }));
    });

    it('coalesces a burst of changes into one emission per metrics-scheduler flush', marbles((m) => {
      const tracker = semaphoreTracker(2);
      const seen: [number, MetricsSnapshot][] = [];
      tracker.metrics$.subscribe((snapshot) => seen.push([m.scheduler.now(), snapshot]));
      for (let i = 0; i < 1000; i++) tracker.spawn(m.cold('--a|'));
      m.flush();
      const frames = seen.map(([frame]) => frame);
      // on subscribe; after the burst at 0; then once per frame where tasks finish (every 3 frames)
      expect(frames.slice(0, 3)).toEqual([0, 0, 3]);
      expect(frames.length).toBe(2 + 500);
      expect(seen[1][1]).toEqual(jasmine.objectContaining({ issued: 1000, active: 2, queued: 998 }));
      expect(seen[seen.length - 1][1]).toEqual(jasmine.objectContaining({ success: 1000, pending: 0 }));
    }));

    it('includes changes of descendants', marbles((m) => {
      const root = unlimitedTracker();
      const child = root.childTracker();
      const seen: number[] = [];
      root.metrics$.subscribe((snapshot) => seen.push(snapshot.success));
      child.spawn(m.cold('-a|'));
      m.flush();
      expect(seen).toEqual([0, 0, 1]);
    }));

    it('publishes once per macrotask turn on the default scheduler, in real time too', async () => {
      const tracker = semaphoreTracker(2);
      const seen: MetricsSnapshot[] = [];
      const subscription = tracker.metrics$.subscribe((snapshot) => seen.push(snapshot));
      for (let i = 0; i < 100; i++) tracker.spawn(() => Promise.resolve(i));
      await macrotask();
      // 100 tasks settled in microtasks of one turn: one emission for all of them.
      expect(seen.map((s) => s.success)).toEqual([0, 100]);
      for (let i = 0; i < 100; i++) tracker.spawn(() => Promise.resolve(i));
      await macrotask();
      expect(seen.map((s) => s.success)).toEqual([0, 100, 200]);
      subscription.unsubscribe();
    });

    it('delivers the last update before join() resolves, and leaves no flush behind', async () => {
      const tracker = semaphoreTracker(2);
      const child = tracker.childTracker();
      const seen: number[] = [];
      const childSeen: number[] = [];
      tracker.metrics$.subscribe((snapshot) => seen.push(snapshot.success));
      child.metrics$.subscribe((snapshot) => childSeen.push(snapshot.success));
      for (let i = 0; i < 50; i++) tracker.spawn(() => Promise.resolve(i));
      for (let i = 0; i < 50; i++) child.spawn(() => Promise.resolve(i));
      await tracker.join();
      // Within one macrotask turn: the subscriber's one update is the settling tracker's final count.
      expect(seen).toEqual([0, 100]);
      expect(childSeen).toEqual([0, 50]);
      await macrotask();
      expect(seen).withContext('no flush was left to fire after join()').toEqual([0, 100]);
      expect(childSeen).toEqual([0, 50]);
    });

    it("hands a settling child's last update over once its ancestors have counted the task too", async () => {
      const root = semaphoreTracker(2);
      const child = root.childTracker();
      const held = root.spawn(new Subject<never>());
      const last = child.spawn(() => Promise.resolve('done'));
      const seen: string[] = [];
      child.metrics$.subscribe((snapshot) => {
        seen.push(`child ${snapshot.success}/${snapshot.pending}, root ${root.metrics().success()}/${root.metrics().pending()}`);
        // A subscriber that reacts to the last update by cancelling an ancestor: counts must still balance.
        if (snapshot.pending === 0) root.cancel('child done');
      });
      const joined = child.join();
      expect(await last).toBe('done');
      await joined;
      await held.then(undefined, () => undefined);
      await root.join();
      expect(seen).toEqual(['child 0/1, root 0/2', 'child 1/0, root 1/1']);
      expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, cancelled: 1, pending: 0, active: 0 }));
    });

    it('still takes any scheduler: asapScheduler publishes once per microtask burst', async () => {
      const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), quietPolicy(), { metricsScheduler: asapScheduler });
      const seen: MetricsSnapshot[] = [];
      tracker.metrics$.subscribe((snapshot) => seen.push(snapshot));
      for (let i = 0; i < 100; i++) tracker.spawn(() => Promise.resolve(i));
      await tracker.join();
      // One emission per settled pair at most, and the last is the final count.
      expect(seen.length).toBeGreaterThan(10);
      expect(seen[seen.length - 1]).toEqual(jasmine.objectContaining({ success: 100, pending: 0 }));
    });

    it('stops scheduling flushes when the last subscriber leaves', marbles((m) => {
      const scheduled: number[] = [];
      const metricsScheduler: SchedulerLike = {
        now: () => 0,
        schedule: (work: any, delay?: number, state?: unknown) => {
          scheduled.push(1);
          return asyncScheduler.schedule(work, delay, state);
        },
      };
      const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { metricsScheduler });
      tracker.metrics$.subscribe().unsubscribe();
      tracker.spawn(m.cold('-a|'));
      m.flush();
      expect(scheduled).toEqual([]);
    }));
  });

  describe('events$', () => {
    it('tells the life of a task with frame timestamps and its duration', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      tracker.spawn(m.cold('---a|'));
      const second = tracker.spawn(m.cold('-b|'));
      m.flush();
      const id = second.id;
      expect(events.filter((e) => 'taskId' in e && e.taskId === id)).toEqual([
        { type: 'issued', taskId: id, path: 'root', time: 0 },
        { type: 'started', taskId: id, path: 'root', time: 4, attempt: 1 },
        { type: 'succeeded', taskId: id, path: 'root', time: 6, duration: 2 },
      ]);
    }));

    it("names each task by its own id in every event, with thousands queued and hundreds running", marbles((m) => {
      // A task started long after it was issued, or ending among 300 running, carries its own id, equal to
      // handle.id, in all three events.
      const tracker = semaphoreTracker(300);
      const other = semaphoreTracker(1);
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      other.events$.subscribe((event) => events.push(event));
      const handles = [];
      for (let i = 0; i < 2000; i++) {
        handles.push(tracker.spawn(m.cold(i % 2 === 0 ? '--a|' : '-----a|')));
        if (i % 100 === 0) handles.push(other.spawn(m.cold('-a|')));
      }
      m.flush();
      const byId = new Map<string, string[]>();
      for (const e of events) if ('taskId' in e) byId.set(e.taskId, [...(byId.get(e.taskId) ?? []), e.type]);
      expect(byId.size).toBe(handles.length);
      const wrong = handles.filter((h) => byId.get(h.id)?.join() !== 'issued,started,succeeded');
      expect(wrong.map((h) => `${h.id}: ${byId.get(h.id)?.join()}`)).toEqual([]);
      expect(new Set(handles.map((h) => h.id)).size).toBe(handles.length);
    }));

    it('are plain objects: every field survives a spread and JSON, with the clock\'s own number', () => {
      let now = 1_764_500_000_123.5; // not a small integer: a double, as Date.now() or performance.now() give
      const clock = { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) } as SchedulerLike;
      const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { clock });
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      const subject = new Subject<number>();
      tracker.spawn(subject);
      now += 2.25;
      subject.next(1);
      subject.complete();
      expect(events.map((e) => Object.getPrototypeOf(e))).toEqual([Object.prototype, Object.prototype, Object.prototype]);
      expect(events.map((e) => ({ ...e }))).toEqual(events);
      expect(JSON.parse(JSON.stringify(events))).toEqual([
        jasmine.objectContaining({ type: 'issued', time: 1_764_500_000_123.5 }),
        jasmine.objectContaining({ type: 'started', time: 1_764_500_000_123.5, attempt: 1 }),
        jasmine.objectContaining({ type: 'succeeded', time: 1_764_500_000_125.75, duration: 2.25 }),
      ]);
    });

    it('carries the error of a failure and the reason of a cancellation', marbles((m) => {
      const tracker = unlimitedTracker();
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      const error = new Error('boom');
      tracker.spawn(m.cold('--#', undefined, error));
      const doomed = tracker.spawn(m.cold('-----a|'));
      m.cold('---x').subscribe(() => doomed.cancel('stop'));
      m.flush();
      expect(events.find((e) => e.type === 'failed')).toEqual(jasmine.objectContaining({ type: 'failed', error, time: 2, duration: 2 }));
      expect(events.find((e) => e.type === 'cancelled')).toEqual(jasmine.objectContaining({ type: 'cancelled', reason: 'stop', time: 3, duration: 3 }));
    }));

    it('tells rejections', () => {
      const policy: OnErrorPolicy = { createChild: () => policy, onError: () => ErrorResponse.fail(), admit: () => 'closed for today' };
      const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      void tracker.spawn(of(1)).catch(() => {});
      expect(events.map((e) => e.type)).toEqual(['issued', 'rejected']);
      expect(events[1]).toEqual(jasmine.objectContaining({ reason: 'closed for today' }));
    });

    it("includes descendants' events with their paths, and tracker events", () => {
      const root = unlimitedTracker();
      const events: TrackerEvent[] = [];
      root.events$.subscribe((event) => events.push(event));
      const images = root.childTrackerBuilder().name('images').build();
      images.spawn(of(1));
      images.cancel('away');
      expect(events.map((e) => `${e.type}@${e.path}`)).toEqual([
        'child-created@root',
        'issued@root/images',
        'started@root/images',
        'succeeded@root/images',
        'tracker-cancelled@root/images',
        'tracker-closed@root/images',
      ]);
      expect(events[0]).toEqual(jasmine.objectContaining({ child: 'root/images' }));
    });

    it("does not include the parent's events in a child's stream", () => {
      const root = unlimitedTracker();
      const child = root.childTracker();
      const events: TrackerEvent[] = [];
      child.events$.subscribe((event) => events.push(event));
      root.spawn(of(1));
      expect(events).toEqual([]);
    });

    it('builds no event while nobody listens (the clock is never read)', () => {
      const clock = { now: jasmine.createSpy('now').and.returnValue(0), schedule: asyncScheduler.schedule.bind(asyncScheduler) } as SchedulerLike;
      const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { clock });
      const child = tracker.childTracker();
      tracker.spawn(of(1));
      child.spawn(throwError(() => new Error('x'))).catch(() => {});
      child.spawn(new Observable(() => {})).cancel();
      child.cancel();
      expect(clock.now).not.toHaveBeenCalled();
      const subscription = tracker.childTracker().events$.subscribe();
      tracker.spawn(of(2));
      expect(clock.now).toHaveBeenCalled();
      subscription.unsubscribe();
    });
  });

  describe('taskEnds$', () => {
    it('tells how each task ended, with its duration, and nothing else', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const ends: TaskEndEvent[] = [];
      tracker.taskEnds$.subscribe((end) => ends.push(end));
      const error = new Error('boom');
      const first = tracker.spawn(m.cold('---a|'));
      const second = tracker.spawn(m.cold('-#', undefined, error));
      const third = tracker.spawn(m.cold('-----a|'));
      m.cold('---------x').subscribe(() => third.cancel('stop'));
      m.flush();
      expect(ends).toEqual([
        { type: 'succeeded', taskId: first.id, path: 'root', time: 4, duration: 4 },
        { type: 'failed', taskId: second.id, path: 'root', time: 5, error, duration: 1 },
        { type: 'cancelled', taskId: third.id, path: 'root', time: 9, reason: 'stop', duration: 4 },
      ]);
    }));

    it('is the end events of events$, the same objects', marbles((m) => {
      const root = unlimitedTracker();
      const child = root.childTrackerBuilder().name('images').build();
      const events: TrackerEvent[] = [];
      const ends: TaskEndEvent[] = [];
      root.events$.subscribe((event) => events.push(event));
      root.taskEnds$.subscribe((end) => ends.push(end));
      child.spawn(m.cold('--a|'));
      root.spawn(m.cold('-a|'));
      m.flush();
      const endTypes = new Set(['succeeded', 'failed', 'cancelled', 'rejected']);
      expect(ends.length).toBe(2);
      expect(events.filter((event) => endTypes.has(event.type))).toEqual(ends);
      expect(ends.map((end) => `${end.path}@${end.time}`)).toEqual(['root@2', 'root/images@3']);
      expect(ends[0]).toBe(events.find((event) => event.type === 'succeeded') as TaskEndEvent);
    }));

    it('times a retried task from its first start, across the wait', marbles((m) => {
      let retries = 0;
      const policy: OnErrorPolicy = {
        createChild: () => policy,
        onError: () => (retries++ === 0 ? ErrorResponse.retry({ delay: 3 }) : ErrorResponse.fail()),
      };
      const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
      const ends: TaskEndEvent[] = [];
      tracker.taskEnds$.subscribe((end) => ends.push(end));
      let attempt = 0;
      // fails at 2, waits 3, runs again from 5 and succeeds at 8
      tracker.spawn(() => (attempt++ === 0 ? m.cold('--#') : m.cold('--a|')));
      m.flush();
      expect(ends).toEqual([jasmine.objectContaining({ type: 'succeeded', time: 8, duration: 8 })]);
    }));

    it('times a cancelled promise task, whose promise keeps its slot', marbles((m) => {
      const tracker = unlimitedTracker();
      const ends: TaskEndEvent[] = [];
      tracker.taskEnds$.subscribe((end) => ends.push(end));
      m.cold('-x').subscribe(() => tracker.spawn(() => new Promise(() => {})));
      m.cold('----x').subscribe(() => tracker.cancel('away'));
      m.flush();
      expect(ends).toEqual([jasmine.objectContaining({ type: 'cancelled', time: 4, duration: 3 })]);
    }));

    it('tells rejections, without a duration (the task never ran)', () => {
      const policy: OnErrorPolicy = { createChild: () => policy, onError: () => ErrorResponse.fail(), admit: () => 'full' };
      const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
      const ends: TaskEndEvent[] = [];
      tracker.taskEnds$.subscribe((end) => ends.push(end));
      void tracker.spawn(of(1)).catch(() => {});
      expect(ends).toEqual([jasmine.objectContaining({ type: 'rejected', reason: 'full' })]);
      expect('duration' in ends[0]).toBeFalse();
    });

    it('reads the clock only at starts and ends, and not at all once unsubscribed', () => {
      const now = jasmine.createSpy('now').and.returnValue(0);
      const clock = { now, schedule: asyncScheduler.schedule.bind(asyncScheduler) } as SchedulerLike;
      const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { clock });
      const subscription = tracker.taskEnds$.subscribe();
      tracker.spawn(of(1));
      // One start, one end: an issued event would read it a third time.
      expect(now).toHaveBeenCalledTimes(2);
      subscription.unsubscribe();
      now.calls.reset();
      tracker.spawn(of(2));
      expect(now).not.toHaveBeenCalled();
    });

    it("does not include the parent's task ends in a child's stream", () => {
      const root = unlimitedTracker();
      const ends: TaskEndEvent[] = [];
      root.childTracker().taskEnds$.subscribe((end) => ends.push(end));
      root.spawn(of(1));
      expect(ends).toEqual([]);
    });
  });

  describe('tree()', () => {
    it('gives the live hierarchy with names, paths, state and counts', async () => {
      const root = unlimitedTracker();
      const images = root.childTrackerBuilder().name('images').build();
      const thumbs = images.childTrackerBuilder().name('thumbs').build();
      thumbs.spawn(NEVER);
      root.spawn(of(1));
      const tree = root.tree();
      expect(tree.path).toBe('root');
      expect(tree.metrics).toEqual(jasmine.objectContaining({ issued: 2, success: 1, active: 1 }));
      expect(tree.children.map((child) => child.path)).toEqual(['root/images']);
      expect(tree.children[0].children[0]).toEqual(jasmine.objectContaining({ name: 'thumbs', closed: false, cancelled: false, children: [] }));
      void thumbs.join();
      expect(root.tree().children[0].children[0].closed).toBeTrue();
      thumbs.cancel();
      // closed and settled: no longer part of the live hierarchy
      expect(root.tree().children[0].children).toEqual([]);
      await images.join();
      expect(root.tree().children).toEqual([]);
    });
  });
});
