import { marbles } from 'rxjs-marbles/jasmine';
import { RateLimitScheduler, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import { expectHeldTaskSpendsNoStart } from '../helpers/heldTasks.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';

function sharedPool(permits: number): TaskTracker {
  return new TaskTracker({ scheduler: SemaphoreScheduler.withPermits(permits), errorPolicy: quietPolicy() });
}

describe('tracker.pause() / resume()', () => {
  it("holds the paused child's queued tasks while a sibling sharing the pool goes on", marbles((m) => {
    const root = sharedPool(1);
    const images = root.childTracker();
    const api = root.childTracker();
    const running = m.cold('--x|');
    const image = m.cold('-i|');
    const call1 = m.cold('-a|');
    const call2 = m.cold('-b|');
    images.spawn(running); // 0-3, holds the one slot
    images.spawn(image); // queued
    api.spawn(call1);
    api.spawn(call2);
    expect(images.pause()).toBeTrue();
    expect(images.isPaused()).toBeTrue();
    expect(api.isPaused()).toBeFalse();
    m.scheduler.schedule(() => images.resume(), 8);
    m.expect(running).toHaveSubscriptions('^--!'); // running tasks are not affected
    m.expect(call1).toHaveSubscriptions('---^-!'); // the image, first in line, waits: the API goes on
    m.expect(call2).toHaveSubscriptions('-----^-!');
    m.expect(image).toHaveSubscriptions('--------^-!'); // at resume
  }));

  it('parks tasks spawned while paused, in order; a paused parent holds its children; join() waits', marbles((m) => {
    const root = sharedPool(2);
    const child = root.childTracker();
    root.pause();
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    root.spawn(a);
    child.spawn(b);
    child.spawn(c);
    expect(child.isPaused()).toBeTrue();
    expect(root.metrics().queued()).toBe(3);
    let joined = false;
    void root.join().then(() => (joined = true));
    m.scheduler.schedule(() => {
      expect(joined).toBeFalse();
      root.resume();
    }, 5);
    m.expect(a).toHaveSubscriptions('-----^-!');
    m.expect(b).toHaveSubscriptions('-----^-!');
    m.expect(c).toHaveSubscriptions('-------^-!');
    m.flush();
    expect(root.metrics().success()).toBe(3);
    return Promise.resolve().then(() => expect(joined).toBeTrue());
  }));

  it('resuming a child under a paused parent still waits for the parent', marbles((m) => {
    const root = sharedPool(1);
    const child = root.childTracker();
    child.pause();
    root.pause();
    const task = m.cold('-t|');
    child.spawn(task);
    m.scheduler.schedule(() => child.resume(), 2);
    m.scheduler.schedule(() => root.resume(), 4);
    m.expect(task).toHaveSubscriptions('----^-!');
  }));

  it('cancel() and clearQueue() still end held tasks; a cancelled tracker is no longer paused', async () => {
    const root = sharedPool(1);
    const child = root.childTracker();
    child.pause();
    const first = child.spawn(() => 1);
    const second = child.spawn(() => 2);
    expect(child.clearQueue('cleared')).toBe(2);
    expect(((await outcome(first)).error as { reason?: unknown }).reason).toBe('cleared');
    const third = child.spawn(() => 3);
    child.cancel('gone');
    expect(child.isPaused()).toBeFalse();
    expect(root._ledger._paused).toBe(0);
    await outcome(second);
    expect(((await outcome(third)).error as { reason?: unknown }).reason).toBe('gone');
    expect(child.resume()).toBeFalse();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 3, started: 0 }));
  });

  // A held task is started only to be parked (lib/tracker/pauseTracker.ts); a
  // RateLimitScheduler asks isHeld() first and spends no start of its window on it.
  it("holds a paused child's tasks without taking a RateLimitScheduler's starts from a sibling", marbles((m) => {
    expectHeldTaskSpendsNoStart(m, RateLimitScheduler.perInterval(1, 10, { scheduler: m.scheduler }), (root) => root.childTracker());
  }));

  it("holds the tasks of a paused child with its own cap without taking a RateLimitScheduler's starts (the cap forwards isHeld)", marbles((m) => {
    expectHeldTaskSpendsNoStart(m, RateLimitScheduler.perInterval(1, 10, { scheduler: m.scheduler }), (root) => root.childTrackerBuilder().concurrency(1).build());
  }));

  it('starts at resume() the tasks a RateLimitScheduler has room for (as p-queue\'s autoStart: false, then start())', marbles((m) => {
    const tracker = new TaskTracker({ scheduler: RateLimitScheduler.perInterval(2, 10, { scheduler: m.scheduler }), errorPolicy: quietPolicy() });
    tracker.pause();
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    tracker.spawn(a);
    tracker.spawn(b);
    m.scheduler.schedule(() => tracker.resume(), 3);
    m.expect(a).toHaveSubscriptions('---^-!'); // nothing started in the window before: both start at once
    m.expect(b).toHaveSubscriptions('---^-!');
  }));

  it('pause() and resume() say whether they changed anything', () => {
    const tracker = sharedPool(1);
    expect(tracker.resume()).toBeFalse();
    expect(tracker.pause()).toBeTrue();
    expect(tracker.pause()).toBeFalse();
    expect(tracker.resume()).toBeTrue();
    expect(tracker.isPaused()).toBeFalse();
  });
});
