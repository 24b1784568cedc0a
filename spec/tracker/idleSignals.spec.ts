import { map, NEVER, of, Subject, timer, VirtualTimeScheduler } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { SemaphoreScheduler, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

const microtasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/**
 * Steps a VirtualTimeScheduler one frame at a time, letting promise callbacks run
 * between frames, and returns the frame at which each watched promise resolved.
 */
async function resolvedFrames(clock: VirtualTimeScheduler, last: number, watched: Record<string, Promise<void>>): Promise<Record<string, number>> {
  const frames: Record<string, number> = {};
  let frame = 0;
  for (const [name, promise] of Object.entries(watched)) void promise.then(() => (frames[name] ??= frame));
  for (; frame <= last; frame++) {
    clock.maxFrames = frame;
    clock.flush();
    await microtasks();
  }
  return frames;
}

function virtualTracker(permits: number): { tracker: TaskTracker; clock: VirtualTimeScheduler } {
  const clock = new VirtualTimeScheduler();
  const tracker = new TaskTracker(SemaphoreScheduler.withPermits(permits), quietPolicy(), { clock });
  return { tracker, clock };
}

describe('idle and back-pressure signals', () => {
  it('onQueuedLessThan(n) resolves at the frame the queue drops below n; onEmpty when nothing waits; onIdle when nothing is pending', async () => {
    // 1 slot, 4 tasks of 10 frames: 3 wait at 0, 2 at 10, 1 at 20, none at 30; all done at 40.
    const { tracker, clock } = virtualTracker(1);
    for (let i = 0; i < 4; i++) tracker.spawn(timer(10, clock));
    const frames = await resolvedFrames(clock, 45, {
      below3: tracker.onQueuedLessThan(3),
      below2: tracker.onQueuedLessThan(2),
      empty: tracker.onEmpty(),
      idle: tracker.onIdle(),
    });
    expect(frames).toEqual({ below3: 10, below2: 20, empty: 30, idle: 40 });
    expect(tracker.isClosed()).withContext('onIdle closes nothing').toBeFalse();
    tracker.spawn(timer(1, clock));
    expect(tracker.metrics().active()).toBe(1);
  });

  it('look once per microtask burst, whatever the metricsScheduler: a producer never waits for a metrics$ flush', async () => {
    // A metricsScheduler that is never flushed: metrics$ gives its first snapshot and nothing more.
    const frozen = new VirtualTimeScheduler();
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), quietPolicy(), { metricsScheduler: frozen });
    const views: number[] = [];
    tracker.metrics$.subscribe((snapshot) => views.push(snapshot.queued));
    for (let i = 0; i < 20; i++) tracker.spawn(() => Promise.resolve(i));
    expect(tracker.metrics().queued()).toBe(18);
    await tracker.onQueuedLessThan(5);
    expect(tracker.metrics().queued()).toBeLessThan(5);
    for (let i = 0; i < 20; i++) tracker.spawn(() => Promise.resolve(i));
    const idle = tracker.onIdle();
    expect(tracker.metrics().pending()).toBeGreaterThan(0);
    await idle;
    expect(tracker.metrics().success()).toBe(40);
    expect(views).withContext('metrics$ waited for its own scheduler').toEqual([0]);
  });

  it('resolve at once when already true', async () => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    tracker.spawn(NEVER);
    const order: string[] = [];
    const all = [
      tracker.onQueuedLessThan(1).then(() => order.push('below1')),
      tracker.onEmpty().then(() => order.push('empty')),
    ];
    await Promise.all(all);
    expect(order).toEqual(['below1', 'empty']);
    tracker.cancel();
    await tracker.onIdle();
    expect(tracker.metrics().pending()).toBe(0);
  });

  it('count the whole subtree', async () => {
    const { tracker, clock } = virtualTracker(1);
    const child = tracker.childTracker();
    tracker.spawn(timer(5, clock));
    child.spawn(timer(5, clock));
    const frames = await resolvedFrames(clock, 12, { rootIdle: tracker.onIdle(), childIdle: child.onIdle(), rootEmpty: tracker.onEmpty() });
    expect(frames).toEqual({ rootEmpty: 5, childIdle: 10, rootIdle: 10 });
  });

  it('resolve when a cancellation empties the tracker, and leave nothing subscribed', async () => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    tracker.spawn(NEVER);
    tracker.spawn(NEVER);
    const idle = tracker.onIdle();
    tracker.cancel();
    await idle;
    // metrics$ has no subscriber left: its feed is gone.
    expect(tracker._ledger._feed).toBeUndefined();
  });

  it('idle$ emits on subscription when idle, then each time the subtree becomes idle again', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    m.cold('--x------x').subscribe(() => {
      tracker.spawn(m.cold('---a|'));
      tracker.spawn(m.cold('-b|'));
    });
    // Idle at 0; busy from 2 to 8 (4 + 2 frames); busy again from 9 to 15.
    m.expect(tracker.idle$.pipe(map(() => 'i'))).toBeObservable('i 7ms i 6ms i');
  }));

  it('idle$ sees a burst once: tasks that start and end within one tick leave it quiet', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    m.cold('--x').subscribe(() => {
      for (let i = 0; i < 3; i++) tracker.spawn(of('a'));
    });
    m.expect(tracker.idle$.pipe(map(() => 'i'))).toBeObservable('i');
  }));

  it('onQueuedLessThan refuses a bad n, naming it', () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    for (const [n, shown] of [[0, '0 (number)'], [1.5, '1.5 (number)'], [NaN, 'NaN (number)']] as const) {
      expect(() => tracker.onQueuedLessThan(n)).toThrowError(RangeError, `onQueuedLessThan(n): n must be an integer >= 1, got ${shown}`);
    }
  });

  it('back-pressure: a producer awaiting onQueuedLessThan never has more than n waiting', async () => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), quietPolicy());
    const gates: Subject<void>[] = [];
    let maxQueued = 0;
    const producer = (async () => {
      for (let i = 0; i < 30; i++) {
        await tracker.onQueuedLessThan(5);
        const gate = new Subject<void>();
        gates.push(gate);
        tracker.spawn(gate);
        maxQueued = Math.max(maxQueued, tracker.metrics().queued());
      }
    })();
    while (tracker.metrics().issued() < 30 || tracker.metrics().pending() > 0) {
      await microtasks();
      gates.find((gate) => !gate.closed && gate.observed)?.complete();
    }
    await producer;
    expect(maxQueued).toBe(5);
  });
});
