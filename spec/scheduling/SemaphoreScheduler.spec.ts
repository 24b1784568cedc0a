import { NEVER, Observable, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import { deferred, quietPolicy, semaphoreTracker } from '../helpers/trackers.js';

describe('SemaphoreScheduler', () => {
  it('runs at most n tasks at once, first come first served', marbles((m) => {
    const tracker = semaphoreTracker(2);
    const a = m.cold('---a|');
    const b = m.cold('-----b|');
    const c = m.cold('--c|');
    const d = m.cold('-d|');
    tracker.spawn(a);
    tracker.spawn(b);
    tracker.spawn(c);
    tracker.spawn(d);
    m.expect(a).toHaveSubscriptions('^---!');
    m.expect(b).toHaveSubscriptions('^-----!');
    m.expect(c).toHaveSubscriptions('----^--!');
    m.expect(d).toHaveSubscriptions('------^-!');
  }));

  it('limits all trackers that share it together', marbles((m) => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const first = new TaskTracker(scheduler, quietPolicy());
    const second = new TaskTracker(scheduler, quietPolicy());
    const a = m.cold('--a|');
    const b = m.cold('--b|');
    first.spawn(a);
    second.spawn(b);
    m.expect(a).toHaveSubscriptions('^--!');
    m.expect(b).toHaveSubscriptions('---^--!');
  }));

  it('tells how many permits are free', () => {
    const scheduler = SemaphoreScheduler.withPermits(3);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    expect(scheduler.availablePermits()).toBe(3);
    const handle = tracker.spawn(NEVER);
    tracker.spawn(NEVER);
    expect(scheduler.availablePermits()).toBe(1);
    handle.cancel();
    expect(scheduler.availablePermits()).toBe(2);
    expect(scheduler.permits).toBe(3);
  });

  it('accepts Infinity permits', () => {
    const scheduler = SemaphoreScheduler.withPermits(Infinity);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    for (let i = 0; i < 100; i++) tracker.spawn(NEVER);
    expect(tracker.metrics().active()).toBe(100);
    expect(scheduler.availablePermits()).toBe(Infinity);
  });

  const badPermits: [unknown, string][] = [[0, '0 (number)'], [-1, '-1 (number)'], [1.5, '1.5 (number)'], [NaN, 'NaN (number)'], [-Infinity, '-Infinity (number)'], ['2', "'2' (string)"], [undefined, 'undefined'], [null, 'null']];
  for (const [permits, shown] of badPermits) {
    // A number out of range is a RangeError, anything else a TypeError, with one message.
    const type = typeof permits === 'number' ? RangeError : TypeError;
    it(`refuses ${shown} permits with a ${type.name} naming the value`, () => {
      expect(() => SemaphoreScheduler.withPermits(permits as number)).toThrowError(type, `SemaphoreScheduler.withPermits(permits): permits must be an integer >= 1 or Infinity, got ${shown}`);
      expect(() => new SemaphoreScheduler(permits as number)).toThrowError(type);
    });
  }

  it('releases a slot only after the finished task’s outcome is recorded', () => {
    const tracker = semaphoreTracker(1);
    const work = deferred<number>();
    tracker.spawn(() => work.promise);
    const seenAtStart: number[] = [];
    tracker.spawn(() => {
      seenAtStart.push(tracker.metrics().success());
      return 0;
    });
    work.resolve(1);
    return work.promise.then(() => Promise.resolve()).then(() => expect(seenAtStart).toEqual([1]));
  });

  it('drains a backlog of 100,000 synchronous tasks without growing the stack', async () => {
    const tracker = semaphoreTracker(1);
    const gate = deferred<void>();
    tracker.spawn(() => gate.promise);
    let ran = 0;
    for (let i = 0; i < 100_000; i++) tracker.spawn(new Observable<number>((subscriber) => {
      ran++;
      subscriber.next(i);
      subscriber.complete();
    }));
    gate.resolve();
    await tracker.join();
    expect(ran).toBe(100_000);
    expect(tracker.metrics().success()).toBe(100_001);
  });

  it('forgets cancelled queued tasks, freeing their queue slots', () => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    tracker.spawn(NEVER);
    const queued = Array.from({ length: 10_000 }, () => tracker.spawn(of(1)));
    const queue = (scheduler as unknown as { _queue: { length: number } })._queue;
    expect(queue.length).toBe(10_000);
    for (const handle of queued.slice(0, 9_000)) handle.cancel();
    // Swept lazily: cancelled entries never outnumber the waiting ones for long.
    expect(queue.length).toBeLessThanOrEqual(2 * 1_000);
  });

  describe('setPermits()', () => {
    it('starts waiting tasks at once when raised', marbles((m) => {
      const scheduler = SemaphoreScheduler.withPermits(1);
      const tracker = new TaskTracker(scheduler, quietPolicy());
      const a = m.cold('-----a|');
      const b = m.cold('-----b|');
      tracker.spawn(a);
      tracker.spawn(b);
      m.cold('--x').subscribe(() => scheduler.setPermits(2));
      m.expect(b).toHaveSubscriptions('--^-----!');
    }));

    it('lets running tasks finish when lowered, and starts none above the new limit', marbles((m) => {
      const scheduler = SemaphoreScheduler.withPermits(2);
      const tracker = new TaskTracker(scheduler, quietPolicy());
      const a = m.cold('----a|');
      const b = m.cold('------b|');
      const c = m.cold('-c|');
      tracker.spawn(a);
      tracker.spawn(b);
      tracker.spawn(c);
      m.cold('-x').subscribe(() => scheduler.setPermits(1));
      m.expect(a).toHaveSubscriptions('^----!');
      m.expect(b).toHaveSubscriptions('^------!');
      m.expect(c).toHaveSubscriptions('-------^-!');
    }));

    it('refuses a bad count', () => {
      expect(() => SemaphoreScheduler.withPermits(1).setPermits(0)).toThrowError(RangeError, /setPermits/);
    });
  });
});
