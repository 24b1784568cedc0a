import * as fc from 'fast-check';
import { Subject } from 'rxjs';
import { PriorityScheduler, RateLimitScheduler, SemaphoreScheduler, TaskTracker, type TaskHandle } from '../../lib/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
import { deferred, quietPolicy } from '../helpers/trackers.js';

type Kind = 'observable' | 'promise' | 'value' | 'throw';

interface ModelTask {
  handle: TaskHandle<unknown>;
  tracker: number;
  kind: Kind;
  subject?: Subject<number>;
  promise?: ReturnType<typeof deferred<number>>;
  started: boolean;
  settledCount: number;
}

/**
 * What a task ends with, fails with or is cancelled with: an ordinary value, or
 * one of the hostile values (that cannot be printed, or read) half the time.
 */
const value = fc.oneof(fc.constant(-1), fc.nat(HOSTILE_VALUES.length - 1));
function valueOf(index: number, ordinary: unknown): unknown {
  return index < 0 ? ordinary : HOSTILE_VALUES[index].make();
}

const step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('spawn' as const), tracker: fc.noBias(fc.nat(1000)), kind: fc.constantFrom<Kind>('observable', 'promise', 'value', 'throw'), priority: fc.integer({ min: -2, max: 2 }), value }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('succeed' as const), task: fc.nat(), value }) },
  fc.record({ op: fc.constant('fail' as const), task: fc.nat(), value }),
  fc.record({ op: fc.constant('cancelTask' as const), task: fc.nat(), value }),
  fc.record({ op: fc.constant('cancelTracker' as const), tracker: fc.nat(), value }),
  fc.record({ op: fc.constant('child' as const), tracker: fc.nat() }),
  fc.record({ op: fc.constant('join' as const), tracker: fc.nat() }),
  fc.record({ op: fc.constant('cappedChild' as const), tracker: fc.nat(), cap: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('pause' as const) }),
  fc.record({ op: fc.constant('resume' as const) }),
);

/** What the invariants need of a scheduler: its free slots, and pause/resume. */
type Pool = Pick<SemaphoreScheduler, 'availablePermits' | 'pause' | 'resume' | 'isPaused'> & ConstructorParameters<typeof TaskTracker>[0];

const SCHEDULERS: [string, (permits: number) => Pool][] = [
  ['SemaphoreScheduler', (permits) => SemaphoreScheduler.withPermits(permits)],
  ['PriorityScheduler', (permits) => PriorityScheduler.withPermits(permits)],
  // A window that never binds (the clock is real): the concurrency is what holds tasks back.
  ['RateLimitScheduler', (permits) => RateLimitScheduler.perInterval(1e9, 1000, { concurrency: permits })],
];

const flush = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

/** Every tracker's metrics must equal the counts read off the handles of its subtree. */
function check(trackers: TaskTracker[], tasks: ModelTask[], scheduler: Pool, permits: number, caps: Map<TaskTracker, number>): void {
  trackers.forEach((tracker, index) => {
    const inSubtree = tasks.filter((task) => isInSubtree(trackers[task.tracker], trackers[index]));
    const count = (status: string) => inSubtree.filter((task) => task.handle.status === status).length;
    const expected = {
      issued: inSubtree.length,
      started: inSubtree.filter((task) => task.started).length,
      success: count('success'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      rejected: count('rejected'),
      active: count('running'),
      queued: count('queued') + count('retrying'),
      pending: count('running') + count('queued') + count('retrying'),
    };
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining(expected));
  });
  // A slot is held by each running task, and by each started promise task whose promise has not settled.
  const holds = (task: ModelTask) => task.handle.status === 'running' || (task.kind === 'promise' && task.started && task.promise!.promise !== undefined && !(task as { done?: boolean }).done);
  const holding = tasks.filter(holds).length;
  if (!scheduler.isPaused()) expect(scheduler.availablePermits()).toBe(permits - holding);
  // A capped child's subtree never holds more slots than its cap.
  for (const [capped, cap] of caps) {
    expect(tasks.filter((task) => holds(task) && isInSubtree(trackers[task.tracker], capped)).length).toBeLessThanOrEqual(cap);
  }
}

function isInSubtree(tracker: TaskTracker, ancestor: TaskTracker): boolean {
  for (let t: TaskTracker | undefined = tracker; t !== undefined; t = t.parent) if (t === ancestor) return true;
  return false;
}

describe('TaskTracker invariants', () => {
  for (const [name, make] of SCHEDULERS) {
  it(`hold at every step of random spawns, completions, failures, cancellations, joins, capped children and pauses, with ordinary and hostile values (${name})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 40 }), async (permits, steps) => {
        const scheduler = make(permits);
        const caps = new Map<TaskTracker, number>();
        let paused = false;
        const trackers = [new TaskTracker(scheduler, quietPolicy())];
        const tasks: ModelTask[] = [];
        const openTrackers = () => trackers.filter((tracker) => !tracker.isClosed());
        for (const s of steps) {
          const startedBefore = tasks.filter((task) => task.started).length;
          if (s.op === 'pause') scheduler.pause();
          else if (s.op === 'resume') scheduler.resume();
          if (s.op === 'pause' || s.op === 'resume') paused = s.op === 'pause';
          else if (s.op === 'spawn' || s.op === 'child' || s.op === 'cappedChild') {
            const open = openTrackers();
            if (open.length === 0) continue;
            const tracker = open[s.tracker % open.length];
            if (s.op === 'child') {
              trackers.push(tracker.childTracker());
              continue;
            }
            if (s.op === 'cappedChild') {
              const child = tracker.childTrackerBuilder().concurrency(s.cap).build();
              caps.set(child, s.cap);
              trackers.push(child);
              continue;
            }
            const options = { priority: s.priority };
            const task: ModelTask = { tracker: trackers.indexOf(tracker), kind: s.kind, started: false, settledCount: 0 } as ModelTask;
            if (s.kind === 'observable') {
              task.subject = new Subject<number>();
              const subject = task.subject;
              task.handle = tracker.spawn(() => {
                task.started = true;
                return subject;
              }, options);
            } else if (s.kind === 'promise') {
              task.promise = deferred<number>();
              const work = task.promise;
              void work.promise.then(() => ((task as { done?: boolean }).done = true), () => ((task as { done?: boolean }).done = true));
              task.handle = tracker.spawn(() => {
                task.started = true;
                return work.promise;
              }, options);
            } else {
              task.handle = tracker.spawn(() => {
                task.started = true;
                if (s.kind === 'throw') throw valueOf(s.value, new Error('sync failure'));
                return valueOf(s.value, 1);
              }, options);
            }
            task.handle.then(() => task.settledCount++, () => task.settledCount++);
            tasks.push(task);
          } else if (s.op === 'succeed' || s.op === 'fail') {
            const live = tasks.filter((task) => task.subject !== undefined || (task.promise !== undefined && !(task as { done?: boolean }).done));
            if (live.length === 0) continue;
            const task = live[s.task % live.length];
            if (task.subject) {
              if (s.op === 'succeed') {
                task.subject.next(valueOf(s.value, 2) as number);
                task.subject.complete();
              } else task.subject.error(valueOf(s.value, new Error('async failure')));
            } else if (s.op === 'succeed') task.promise!.resolve(valueOf(s.value, 2) as number);
            else task.promise!.reject(valueOf(s.value, new Error('rejected')));
          } else if (s.op === 'cancelTask') {
            if (tasks.length > 0) expect(() => tasks[s.task % tasks.length].handle.cancel(valueOf(s.value, undefined))).not.toThrow();
          } else if (s.op === 'cancelTracker') {
            expect(() => trackers[s.tracker % trackers.length].cancel(valueOf(s.value, undefined))).not.toThrow();
          } else {
            void trackers[s.tracker % trackers.length].join();
          }
          await flush();
          check(trackers, tasks, scheduler, permits, caps);
          // While paused, nothing new starts.
          expect(scheduler.isPaused()).toBe(paused);
          if (paused && s.op !== 'pause') expect(tasks.filter((task) => task.started).length).toBe(startedBefore);
        }
        // Drain: cancel everything, let every promise settle, and everything must balance.
        scheduler.resume();
        trackers[0].cancel();
        for (const task of tasks) task.promise?.resolve(0);
        await flush();
        // join() must resolve: a wedged task would hang the property instead of failing it.
        let joined = false;
        void trackers[0].join().then(() => (joined = true));
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(joined).withContext('join() resolved').toBeTrue();
        if (!joined) return;
        await flush();
        check(trackers, tasks, scheduler, permits, caps);
        expect(scheduler.availablePermits()).toBe(permits);
        expect(tasks.every((task) => task.settledCount === 1)).toBeTrue();
        expect(trackers[0].metrics().pending()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
  }
});
