import { map, NEVER, of, timeout, timer, VirtualTimeScheduler } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  FailedWithContinuation,
  RetryPolicy,
  SemaphoreScheduler,
  TaskFailedError,
  TaskTimeoutError,
  TaskTracker,
  UnlimitedScheduler,
} from '../../lib/index.js';
import { mergeTask, switchTask } from '../../lib/operators/index.js';
import { MAX_TIMER_DELAY, RealTimersClock } from '../helpers/timers.js';
import { deferred, outcome, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('task timeout', () => {
  it('tears the task down at frame N and fails it with a TaskTimeoutError', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('-----a|');
    const handle = tracker.spawn(task, { timeout: 3 });
    m.expect(task).toHaveSubscriptions('^--!');
    m.flush();
    expect(handle.status).toBe('failed');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 1, timedOut: 1, active: 0 }));
    return outcome(handle).then(({ error }) => {
      expect(error).toBeInstanceOf(TaskTimeoutError);
      expect(error).toBeInstanceOf(TaskFailedError);
      const timeout = error as TaskTimeoutError;
      expect(timeout.timeout).toBe(3);
      expect(timeout.message).toBe(`Task ${handle.id} timed out after 3 ms`);
      expect(timeout.cause).toEqual(jasmine.objectContaining({ name: 'TimeoutError', message: timeout.message }));
    });
  }));

  it('leaves a task that ends in time alone', marbles((m) => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawn(m.cold('-a|'), { timeout: 3 });
    m.flush();
    expect(handle.status).toBe('success');
    expect(tracker.metrics().timedOut()).toBe(0);
  }));

  it('counts from when the task starts, not from when it was spawned', marbles((m) => {
    const tracker = semaphoreTracker(1);
    tracker.spawn(m.cold('----|'));
    const late = m.cold('---b|');
    const handle = tracker.spawn(late, { timeout: 5 });
    m.expect(late).toHaveSubscriptions('----^---!');
    m.flush();
    expect(handle.status).toBe('success');
  }));

  it('goes through the error policy: a RetryPolicy retries it, each run with the whole timeout', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 2, initialDelay: 2, inner: quietPolicy() }));
    const task = m.cold('-----a|');
    const handle = tracker.spawn(task, { timeout: 3 });
    m.expect(task).toHaveSubscriptions(['^--!', '-----^--!', '------------^--!']);
    m.flush();
    expect(handle.status).toBe('failed');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, retried: 2, failed: 1, timedOut: 1 }));
  }));

  describe('at the boundary, as RxJS’s timeout({ first }) does', () => {
    // RxJS subscribes its source before it starts its timer, so a source whose end
    // falls on the timeout's frame was scheduled first and wins. (A tracker's
    // timeout bounds the whole run, RxJS's `first` only the first value: these
    // tasks emit nothing before they end, where the two mean the same.)
    for (const [task, expected] of [
      ['--b|', 'success'],
      ['---|', 'success'],
      ['----|', 'failed'],
      ['---#', 'failed'],
    ] as const) {
      it(`${task} with a timeout of 3 ends ${expected}, as RxJS does`, marbles((m) => {
        const handle = unlimitedTracker().spawn(m.cold(task), { timeout: 3 });
        const rxjs = m.cold(task).pipe(timeout({ first: 3 }));
        let rxjsEnd = '';
        rxjs.subscribe({ complete: () => (rxjsEnd = 'success'), error: () => (rxjsEnd = 'failed') });
        m.flush();
        expect(handle.status).toBe(expected);
        expect(rxjsEnd).toBe(expected);
      }));
    }

    it('times a retried run from its own subscription', marbles((m) => {
      const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 1, initialDelay: 1, inner: quietPolicy() }));
      const task = m.cold('---#');
      const handle = tracker.spawn(task, { timeout: 3 });
      // The first run errors at 3, on its timeout's frame: its error wins, and is retried.
      m.expect(task).toHaveSubscriptions(['^--!', '----^--!']);
      m.flush();
      expect(handle.status).toBe('failed');
      expect(tracker.metrics().timedOut()).toBe(0);
    }));
  });

  it('gives a continuation the timeout afresh', marbles((m) => {
    const continuation = m.cold('-----c|');
    const handle = unlimitedTracker().spawn(m.cold('--#', {}, FailedWithContinuation.fromFn('x', () => continuation)), { timeout: 3 });
    m.expect(continuation).toHaveSubscriptions('--^--!');
    m.flush();
    expect(handle.status).toBe('failed');
  }));

  it('defaults to the tracker’s timeout (builder .timeout(ms)), which spawn overrides and children inherit', marbles((m) => {
    const root = TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).timeout(4).build();
    const child = root.childTracker();
    const own = root.childTrackerBuilder().timeout(2).build();
    const tasks = [m.cold('--------|'), m.cold('--------|'), m.cold('--------|'), m.cold('--------|')];
    root.spawn(tasks[0]);
    root.spawn(tasks[1], { timeout: 6 });
    child.spawn(tasks[2]);
    own.spawn(tasks[3]);
    m.expect(tasks[0]).toHaveSubscriptions('^---!');
    m.expect(tasks[1]).toHaveSubscriptions('^-----!');
    m.expect(tasks[2]).toHaveSubscriptions('^---!');
    m.expect(tasks[3]).toHaveSubscriptions('^-!');
  }));

  describe('past a timer’s 2^31 − 1 ms, on timers that fire such a delay at once (as Node’s and browsers’ do)', () => {
    for (const timeout of [2 ** 31, 3e9, 2 ** 40]) {
      it(`times a task out after exactly ${timeout} ms, waiting in hops a timer takes`, marbles((m) => {
        const clock = new RealTimersClock(m.scheduler);
        const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { clock });
        const handle = tracker.spawn(NEVER, { timeout });
        let failedAt: number | undefined;
        handle.catch(() => {});
        tracker.taskEnds$.subscribe((end) => (failedAt = end.time));
        m.flush();
        expect(handle.status).toBe('failed');
        expect(failedAt).toBe(timeout);
        expect(clock.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
        expect(clock.delays.length).toBe(Math.ceil(timeout / MAX_TIMER_DELAY));
        return outcome(handle).then(({ error }) => expect((error as TaskTimeoutError).timeout).toBe(timeout));
      }));
    }

    it('lets a task with a timeout of Number.MAX_SAFE_INTEGER run on (here until 1e12, then it succeeds)', marbles((m) => {
      const clock = new RealTimersClock(m.scheduler);
      const root = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { clock, timeout: Number.MAX_SAFE_INTEGER });
      const handle = root.spawn(timer(1e12, m.scheduler).pipe(map(() => 'done')));
      m.flush();
      expect(handle.status).toBe('success');
      expect(clock.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
      expect(clock.delays.length).toBeLessThanOrEqual(Math.ceil(1e12 / MAX_TIMER_DELAY));
    }));
  });

  describe('Infinity', () => {
    it('is no timeout for a task, even where its tracker has one', marbles((m) => {
      const tracker = TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).timeout(3).build();
      const task = m.cold('-------a|');
      const handle = tracker.spawn(task, { timeout: Infinity });
      m.expect(task).toHaveSubscriptions('^-------!');
      m.flush();
      expect(handle.status).toBe('success');
    }));

    it('is no timeout for a tracker, nor for its children, even where its parent has one', marbles((m) => {
      const root = TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).timeout(3).build();
      const free = root.childTrackerBuilder().timeout(Infinity).build();
      const tasks = [m.cold('-------a|'), m.cold('-------a|'), m.cold('-------a|')];
      root.spawn(tasks[0]);
      free.spawn(tasks[1]);
      free.childTracker().spawn(tasks[2]);
      m.expect(tasks[0]).toHaveSubscriptions('^--!');
      m.expect(tasks[1]).toHaveSubscriptions('^-------!');
      m.expect(tasks[2]).toHaveSubscriptions('^-------!');
      m.flush();
      expect(root.metrics().timedOut()).toBe(1);
    }));

    it('is no timeout for spawn$ and the operators', marbles((m) => {
      const tracker = TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).timeout(3).build();
      const task = m.cold('-------a|');
      m.expect(tracker.spawn$(task, { timeout: Infinity })).toBeObservable('-------a|');
      m.expect(of(1).pipe(mergeTask(tracker, () => task, { timeout: Infinity }))).toBeObservable('-------a|');
      m.expect(of(1).pipe(switchTask(tracker, () => task, { timeout: Infinity }))).toBeObservable('-------a|');
    }));
  });

  it('keeps a timed-out promise task’s slot until its promise settles', async () => {
    const clock = new VirtualTimeScheduler();
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy(), { clock });
    const slow = deferred<string>();
    const first = tracker.spawn(() => slow.promise, { timeout: 5 });
    const second = tracker.spawn(() => 'second');
    clock.flush();
    expect((await outcome(first)).error).toBeInstanceOf(TaskTimeoutError);
    expect(second.status).toBe('queued');
    slow.resolve('too late');
    expect(await second).toBe('second');
    expect(first.status).toBe('failed');
  });

  describe('refuses a bad timeout with a RangeError naming the maximum (a TypeError for a non-number)', () => {
    for (const timeout of [0, -1, NaN, -Infinity, Number.MAX_SAFE_INTEGER + 2, 1e300, '5' as unknown as number]) {
      it(`${String(timeout)} (${typeof timeout})`, () => {
        const kind = typeof timeout === 'number' ? RangeError : TypeError;
        const message = /^spawn\(task, options\): timeout must be a number of milliseconds above 0, up to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), or Infinity for no timeout, got /;
        const tracker = unlimitedTracker();
        expect(() => tracker.spawn(() => 1, { timeout })).toThrowError(kind, message);
        expect(tracker.metrics().issued()).toBe(0);
        expect(() => TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).timeout(timeout).build()).toThrowError(kind, /^the tracker: timeout must be/);
      });
    }
  });
});
