import { marbles } from 'rxjs-marbles/jasmine';
import { of, Subject } from 'rxjs';
import { holdPendingTasks } from '../../lib/angular/index.js';
import { LogOnlyPolicy, RetryPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

/**
 * Stands in for Angular's PendingTasks, counting: the logic is Angular-free, so it
 * runs under Node and in Chromium, in virtual time. The Karma specs and the SSR
 * spec check the same against real Angular.
 */
class CountingPendingTasks {
  held = 0;
  taken = 0;
  add(): () => void {
    this.held++;
    this.taken++;
    let done = false;
    return () => {
      if (done) throw new Error('released twice');
      done = true;
      this.held--;
    };
  }
}

describe('holdPendingTasks', () => {
  let pending: CountingPendingTasks;

  beforeEach(() => (pending = new CountingPendingTasks()));

  function tracker(permits = 2): TaskTracker {
    return new TaskTracker(SemaphoreScheduler.withPermits(permits), new LogOnlyPolicy({ logger: () => {} }));
  }

  it('holds one entry while any task of the tree is pending, queued or running, and none when idle', () => {
    const root = tracker(1);
    const child = root.childTracker();
    holdPendingTasks(root, pending);
    expect(pending.held).toBe(0);
    const a = new Subject<void>();
    const b = new Subject<void>();
    root.spawn(a);
    child.spawn(b); // queued
    expect([pending.held, pending.taken]).toEqual([1, 1]);
    a.complete();
    expect([pending.held, pending.taken]).toEqual([1, 1]); // b runs now
    b.complete();
    expect([pending.held, pending.taken]).toEqual([0, 1]);
    root.spawn(new Subject<void>());
    expect([pending.held, pending.taken]).toEqual([1, 2]);
  });

  it('takes and gives back the entry inside spawn() for a task that ends at once', () => {
    const root = tracker();
    holdPendingTasks(root, pending);
    root.spawn(of(1));
    expect([pending.held, pending.taken]).toEqual([0, 1]);
  });

  it('holds through a retry delay, in virtual time', marbles((m) => {
    const root = new TaskTracker(
      SemaphoreScheduler.withPermits(1),
      new RetryPolicy({ retries: 1, initialDelay: 5, jitter: 'none', inner: new LogOnlyPolicy({ logger: () => {} }) }),
    );
    holdPendingTasks(root, pending);
    let runs = 0;
    root.spawn(() => (++runs === 1 ? m.cold('-#') : m.cold('--a|')));
    const held: number[] = [];
    m.cold('0-2----78-x|').subscribe(() => held.push(pending.held));
    m.flush();
    // 0: running; 1: failed, waiting 5 frames; 6: runs again; 9: done.
    expect(held).toEqual([1, 1, 1, 1, 0]);
    expect(runs).toBe(2);
  }));

  it('gives the entry back when the tree is cancelled', () => {
    const root = tracker();
    holdPendingTasks(root, pending);
    root.childTracker().spawn(new Subject<void>());
    expect(pending.held).toBe(1);
    root.cancel();
    expect(pending.held).toBe(0);
  });

  it('counts tasks pending before it was called', () => {
    const root = tracker();
    const work = new Subject<void>();
    root.spawn(work);
    holdPendingTasks(root, pending);
    expect(pending.held).toBe(1);
    work.complete();
    expect(pending.held).toBe(0);
  });

  it('stops: gives a held entry back once, and takes none after', () => {
    const root = tracker();
    const stop = holdPendingTasks(root, pending);
    root.spawn(new Subject<void>());
    stop();
    expect(pending.held).toBe(0);
    stop();
    root.spawn(new Subject<void>());
    expect([pending.held, pending.taken]).toEqual([0, 1]);
  });
});
