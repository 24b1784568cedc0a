import * as fc from 'fast-check';
import { NEVER, Subject, throwError, defer, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { PriorityScheduler, RetryPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

describe('PriorityScheduler', () => {
  it('lets higher priorities overtake, FIFO among equals', marbles((m) => {
    const tracker = new TaskTracker(PriorityScheduler.withPermits(1), quietPolicy());
    const a = m.cold('--a|');
    const b = m.cold('--b|');
    const c = m.cold('--c|');
    const d = m.cold('--d|');
    const e = m.cold('--e|');
    tracker.spawn(a); // runs at once
    tracker.spawn(b); // 0
    tracker.spawn(c, { priority: 5 });
    tracker.spawn(d, { priority: 1 });
    tracker.spawn(e, { priority: 5 });
    m.expect(a).toHaveSubscriptions('^--!');
    m.expect(c).toHaveSubscriptions('---^--!');
    m.expect(e).toHaveSubscriptions('------^--!');
    m.expect(d).toHaveSubscriptions('---------^--!');
    m.expect(b).toHaveSubscriptions('------------^--!');
  }));

  it('takes negative and fractional priorities, and shares its slots across a tree', marbles((m) => {
    const root = new TaskTracker(PriorityScheduler.withPermits(1), quietPolicy());
    const child = root.childTracker();
    const a = m.cold('-a|');
    const low = m.cold('-l|');
    const mid = m.cold('-m|');
    root.spawn(a);
    root.spawn(low, { priority: -1 });
    child.spawn(mid, { priority: 0.5 });
    m.expect(a).toHaveSubscriptions('^-!');
    m.expect(mid).toHaveSubscriptions('--^-!');
    m.expect(low).toHaveSubscriptions('----^-!');
  }));

  it('queues a retried task again with its priority', marbles((m) => {
    const tracker = new TaskTracker(PriorityScheduler.withPermits(1), new RetryPolicy({ retries: 1, initialDelay: 1, jitter: 'none', inner: quietPolicy() }));
    const blocker = m.cold('---x|');
    const runs: string[] = [];
    let failed = false;
    tracker.spawn(blocker);
    tracker.spawn(defer(() => {
      runs.push('flaky');
      if (failed) return of('ok');
      failed = true;
      return throwError(() => new Error('boom'));
    }), { priority: 2 });
    // flaky fails at 4 and waits 1 frame; high runs meanwhile, so flaky queues again at 5, ahead of low.
    tracker.spawn(defer(() => (runs.push('high'), m.cold('---h|'))), { priority: 2 });
    tracker.spawn(defer(() => (runs.push('low'), of(1))));
    m.flush();
    expect(runs).toEqual(['flaky', 'high', 'flaky', 'low']);
  }));

  it('drops cancelled tasks from its heap (swept, not started), and keeps the order of the rest', () => {
    const scheduler = PriorityScheduler.withPermits(1);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    const gate = new Subject<void>();
    tracker.spawn(gate);
    const started: number[] = [];
    const handles = Array.from({ length: 100 }, (_, i) => tracker.spawn(() => (started.push(i), NEVER.pipe()), { priority: i % 7 }));
    expect(scheduler.size).toBe(100);
    handles.filter((_, i) => i % 2 === 0).forEach((handle) => handle.cancel());
    expect(scheduler.size).toBeLessThanOrEqual(50);
    handles.filter((_, i) => i % 2 === 1).forEach((handle) => handle.cancel());
    expect(scheduler.size).toBe(0);
    expect(started).toEqual([]);
    expect(tracker.metrics().cancelled()).toBe(100);
  });

  it('starts tasks in (priority desc, spawn order) for any priorities and cancellations', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ priority: fc.integer({ min: -3, max: 3 }), cancel: fc.boolean() }), { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), (specs, permits) => {
        const tracker = new TaskTracker(PriorityScheduler.withPermits(permits), quietPolicy());
        const gates = Array.from({ length: permits }, () => new Subject<void>());
        for (const gate of gates) tracker.spawn(gate);
        const order: number[] = [];
        const handles = specs.map((spec, i) => tracker.spawn(() => (order.push(i), of(i)), { priority: spec.priority }));
        specs.forEach((spec, i) => spec.cancel && handles[i].cancel());
        for (const gate of gates) gate.complete();
        const expected = specs
          .map((spec, i) => ({ ...spec, i }))
          .filter((spec) => !spec.cancel)
          .sort((x, y) => y.priority - x.priority || x.i - y.i)
          .map((spec) => spec.i);
        expect(order).toEqual(expected);
        expect(tracker.metrics().pending()).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('pauses and resumes: resume starts the highest priority first', marbles((m) => {
    const scheduler = PriorityScheduler.withPermits(2);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    scheduler.pause();
    expect(scheduler.isPaused()).toBeTrue();
    expect(scheduler.availablePermits()).toBe(0);
    const a = m.cold('--a|');
    const b = m.cold('--b|');
    const c = m.cold('--c|');
    tracker.spawn(a);
    tracker.spawn(b, { priority: 1 });
    tracker.spawn(c, { priority: 2 });
    m.cold('---x').subscribe(() => scheduler.resume());
    m.expect(c).toHaveSubscriptions('---^--!');
    m.expect(b).toHaveSubscriptions('---^--!');
    m.expect(a).toHaveSubscriptions('------^--!');
  }));

  it('changes its permits at run time', () => {
    const scheduler = PriorityScheduler.withPermits(1);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    tracker.spawn(NEVER);
    tracker.spawn(NEVER);
    expect(tracker.metrics().active()).toBe(1);
    scheduler.setPermits(2);
    expect(tracker.metrics().active()).toBe(2);
    expect(scheduler.availablePermits()).toBe(0);
    expect(scheduler.permits).toBe(2);
    tracker.cancel();
  });

  it('refuses bad permits and non-number priorities, naming the value', () => {
    expect(() => PriorityScheduler.withPermits(0)).toThrowError(RangeError, 'PriorityScheduler.withPermits(permits): permits must be an integer >= 1 or Infinity, got 0 (number)');
    expect(() => new PriorityScheduler(1.5)).toThrowError(RangeError, /got 1.5 \(number\)/);
    const tracker = new TaskTracker(PriorityScheduler.withPermits(1), quietPolicy());
    expect(() => tracker.spawn(of(1), { priority: '1' as never })).toThrowError(TypeError, "spawn(task, options): priority must be a number, got '1' (string)");
    expect(() => tracker.spawn(of(1), { priority: NaN })).toThrowError(TypeError, /got NaN \(number\)/);
    expect(tracker.metrics().issued()).toBe(0);
  });

  it('orders spawn$ tasks by their priority too', marbles((m) => {
    const tracker = new TaskTracker(PriorityScheduler.withPermits(1), quietPolicy());
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    tracker.spawn(a);
    tracker.spawn$(b).subscribe();
    tracker.spawn$(c, { priority: 1 }).subscribe();
    m.expect(a).toHaveSubscriptions('^-!');
    m.expect(c).toHaveSubscriptions('--^-!');
    m.expect(b).toHaveSubscriptions('----^-!');
  }));

  it('is ignored by schedulers that do not use it; the handle tells it', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    tracker.spawn(a);
    const hb = tracker.spawn(b);
    const hc = tracker.spawn(c, { priority: 9 });
    expect(hb.priority).toBe(0);
    expect(hc.priority).toBe(9);
    m.expect(b).toHaveSubscriptions('--^-!');
    m.expect(c).toHaveSubscriptions('----^-!');
  }));
});
