import { VirtualTimeScheduler } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CircuitBreakerPolicy,
  ErrorResponse,
  FailedWithContinuation,
  LogOnlyPolicy,
  RetryPolicy,
  TaskTracker,
  UnlimitedScheduler,
  TaskCancelledError,
  TaskFailedError,
  TaskRejectedError,
  TaskTimeoutError,
  TrackerClosedError,
  type OnErrorContext,
  type RetryPolicyOptions,
} from '../../lib/index.js';
import { mulberry32 } from '../../demos/prng.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
import { MAX_TIMER_DELAY, RealTimersClock } from '../helpers/timers.js';
import { brokenInvariants, outcome, quietPolicy } from '../helpers/trackers.js';
import { attempts, policyOf, trackerWith } from './support.js';

/** A RetryPolicy that logs nowhere when it gives up. */
function retry(options: RetryPolicyOptions): RetryPolicy {
  return new RetryPolicy({ inner: quietPolicy(), ...options });
}

describe('RetryPolicy', () => {
  it('retries at the exact backoff frames, then fails with the last error', marbles((m) => {
    const tracker = trackerWith(retry({ retries: 3, initialDelay: 2, factor: 2 }));
    const task = m.cold('-#');
    const handle = tracker.spawn(task);
    // Failures at 1, 4, 9: waits of 2, 4, 8 frames.
    m.expect(task).toHaveSubscriptions(['^!', '---^!', '--------^!', '-----------------^!']);
    m.flush();
    expect(handle.status).toBe('failed');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, started: 1, retried: 3, failed: 1 }));
  }));

  it('counts retries, not runs: retries 0 runs once, retries 1 twice', marbles((m) => {
    const once = m.cold('-#');
    const twice = m.cold('-#');
    trackerWith(retry({ retries: 0, initialDelay: 2 })).spawn(once);
    trackerWith(retry({ retries: 1, initialDelay: 2 })).spawn(twice);
    m.expect(once).toHaveSubscriptions(['^!']);
    m.expect(twice).toHaveSubscriptions(['^!', '---^!']);
  }));

  it('retries: Infinity retries until a run succeeds', marbles((m) => {
    const tracker = trackerWith(retry({ retries: Infinity, initialDelay: 1, factor: 1 }));
    const handle = tracker.spawn(attempts(m.cold('-#'), m.cold('-#'), m.cold('-#'), m.cold('-a|')));
    m.flush();
    expect(handle.status).toBe('success');
    expect(tracker.metrics().retried()).toBe(3);
  }));

  it('caps the waits at maxDelay', marbles((m) => {
    const task = m.cold('-#');
    trackerWith(retry({ retries: 3, initialDelay: 2, factor: 3, maxDelay: 5 })).spawn(task);
    m.expect(task).toHaveSubscriptions(['^!', '---^!', '---------^!', '---------------^!']);
  }));

  it('jitters the waits with a seeded random: full jitter', marbles((m) => {
    const task = m.cold('-#');
    trackerWith(retry({ retries: 3, initialDelay: 4, jitter: 'full', random: mulberry32(42) })).spawn(task);
    // Waits 2, 4, 14 (see the ExponentialBackoff spec).
    m.expect(task).toHaveSubscriptions(['^!', '---^!', '--------^!', '23ms ^!']);
  }));

  it('jitters the waits with a seeded random: decorrelated jitter', marbles((m) => {
    const task = m.cold('-#');
    trackerWith(retry({ retries: 3, initialDelay: 4, maxDelay: 100, jitter: 'decorrelated', random: mulberry32(42) })).spawn(task);
    // Waits 9, 14, 36.
    m.expect(task).toHaveSubscriptions(['^!', '10ms ^!', '25ms ^!', '62ms ^!']);
  }));

  it('succeeds as the same task when a retry succeeds', marbles((m) => {
    const tracker = trackerWith(retry({ retries: 2, initialDelay: 1 }));
    const handle = tracker.spawn(attempts(m.cold('-#'), m.cold('-a|')));
    m.flush();
    expect(handle.status).toBe('success');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, success: 1, failed: 0, retried: 1 }));
    return handle.then((value) => expect(value).toBe('a'));
  }));

  it('releases the slot during the backoff: another task starts in the gap', marbles((m) => {
    const tracker = trackerWith(retry({ retries: 1, initialDelay: 4 }), 1);
    const flaky = m.cold('-#');
    const other = m.cold('--b|');
    tracker.spawn(flaky);
    tracker.spawn(other);
    m.expect(flaky).toHaveSubscriptions(['^!', '-----^!']);
    m.expect(other).toHaveSubscriptions('-^--!');
  }));

  it('runs the waits on the given scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    const tracker = trackerWith(retry({ retries: 1, initialDelay: 10, scheduler }));
    let calls = 0;
    const handle = tracker.spawn(() => {
      if (calls++ === 0) throw new Error('once');
      return 'second';
    });
    expect(handle.status).toBe('retrying');
    scheduler.flush();
    expect(scheduler.now()).toBe(10);
    expect(await handle).toBe('second');
  });

  it('never retries an error retryIf refuses; retryIf gets the error and the context', async () => {
    const seen: [unknown, number][] = [];
    const retryIf = (error: unknown, context: OnErrorContext) => (seen.push([error, context.attemptCount]), false);
    const tracker = trackerWith(retry({ retryIf }));
    const error = new Error('permanent');
    await outcome(tracker.spawn(() => Promise.reject(error)));
    expect(seen).toEqual([[error, 1]]);
    expect(tracker.metrics().retried()).toBe(0);
  });

  describe('past a timer’s 2^31 − 1 ms, on timers that fire such a delay at once (as Node’s and browsers’ do)', () => {
    for (const [what, scheduler] of [['the tracker’s clock', false], ['its own scheduler', true]] as const) {
      it(`waits an initialDelay of 3e9 ms, then maxDelay 2 ** 40, on ${what}`, marbles((m) => {
        const clock = new RealTimersClock(m.scheduler);
        const policy = retry({ retries: 2, initialDelay: 3e9, factor: 1000, maxDelay: 2 ** 40, ...(scheduler ? { scheduler: clock } : {}) });
        const tracker = new TaskTracker(new UnlimitedScheduler(), policy, { clock });
        const starts: number[] = [];
        tracker.events$.subscribe((event) => event.type === 'started' && starts.push(event.time));
        const handle = tracker.spawn(m.cold('#'));
        m.flush();
        expect(starts).toEqual([0, 3e9, 3e9 + 2 ** 40]);
        expect(handle.status).toBe('failed');
        expect(clock.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
      }));
    }

    it('takes delays up to Number.MAX_SAFE_INTEGER ms, and refuses longer ones naming it', () => {
      expect(retry({ initialDelay: Number.MAX_SAFE_INTEGER, maxDelay: Number.MAX_SAFE_INTEGER }).options.maxDelay).toBe(Number.MAX_SAFE_INTEGER);
      expect(() => retry({ maxDelay: Infinity })).toThrowError(RangeError, /maxDelay must be a number of milliseconds from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got Infinity/);
      expect(() => retry({ initialDelay: 2 ** 53 })).toThrowError(RangeError, /initialDelay must be a number of milliseconds from 0 to 9007199254740991/);
    });
  });

  describe('by default', () => {
    const cases: [string, unknown, boolean][] = [
      ['an Error', new Error('flaky'), true],
      ['a timeout', new TaskTimeoutError('task-1', 5), true],
      ['a string', 'oops', true],
      ['an AbortError', new DOMException('aborted', 'AbortError'), false],
      ['a TaskCancelledError', new TaskCancelledError('task-1', 'stop'), false],
      ['a TaskRejectedError', new TaskRejectedError('task-1', 'circuit open'), false],
      ['a TrackerClosedError', new TrackerClosedError('root', 'spawn a task'), false],
      // Values that throw when looked at are failures like any other.
      ...HOSTILE_VALUES.map((hostile): [string, unknown, boolean] => [hostile.name, hostile.make(), true]),
    ];
    for (const [what, error, retried] of cases) {
      it(`${retried ? 'retries' : 'never retries'} ${what}`, async () => {
        expect(RetryPolicy.isRetryable(error)).toBe(retried);
        const tracker = trackerWith(retry({ retries: 1, initialDelay: 0 }));
        const result = await outcome(tracker.spawn(() => Promise.reject(error)));
        expect(Object.is((result.error as TaskFailedError).cause, error)).toBeTrue();
        expect(tracker.metrics().retried()).toBe(retried ? 1 : 0);
      });
    }

    it('gives up to a LogOnlyPolicy, which logs', async () => {
      const log = spyOn(console, 'error');
      const error = new Error('x');
      await outcome(trackerWith(new RetryPolicy({ retries: 0 })).spawn(() => Promise.reject(error)));
      expect(log).toHaveBeenCalledOnceWith(jasmine.stringMatching(/failed - logging only/), error);
    });
  });

  it('lets inner decide once it gives up, with its own per-task state', async () => {
    const states: unknown[] = [];
    const inner = policyOf((_, context) => (states.push(context.state), ErrorResponse.shutdown()), { createContext: () => 'inner state' });
    const tracker = trackerWith(new RetryPolicy({ retries: 1, initialDelay: 0, inner }));
    await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
    expect(states).toEqual(['inner state']);
    expect(tracker.isClosed()).toBeTrue();
  });

  it('follows inner’s continuation rules: a refused continuation is an error it retries', async () => {
    const inner = policyOf(() => ErrorResponse.fail(), { allowContinuation: () => false });
    const tracker = trackerWith(new RetryPolicy({ retries: 1, initialDelay: 0, inner }));
    let calls = 0;
    const handle = tracker.spawn(() => {
      if (calls++ === 0) throw FailedWithContinuation.fromFn('x', () => 'refused');
      return 'retried';
    });
    expect(await handle).toBe('retried');
  });

  it('has inner’s admit gate and onTaskEnd hook, and none when inner has none', () => {
    const withBreaker = new RetryPolicy({ inner: new CircuitBreakerPolicy() });
    expect(typeof withBreaker.admit).toBe('function');
    expect(typeof withBreaker.onTaskEnd).toBe('function');
    const plain = new RetryPolicy();
    expect(plain.admit).toBeUndefined();
    expect(plain.onTaskEnd).toBeUndefined();
  });

  it('makes children that retry the same way, with a child of inner', async () => {
    const logged: string[] = [];
    const parent = new RetryPolicy({ retries: 2, initialDelay: 0, inner: new LogOnlyPolicy({ logger: (message) => logged.push(message) }) });
    const child = parent.createChild();
    expect(child).toBeInstanceOf(RetryPolicy);
    expect(child.options.retries).toBe(2);
    expect(child.options.inner).not.toBe(parent.options.inner);
    const root = trackerWith(parent);
    const childTracker = root.childTracker();
    await outcome(childTracker.spawn(() => Promise.reject(new Error('x'))));
    expect(childTracker.metrics().retried()).toBe(2);
    expect(logged.length).toBe(1);
  });

  it('fails the task and reports it when random() misbehaves', async () => {
    const reported: unknown[] = [];
    const tracker = trackerWith(retry({ jitter: 'full', random: () => 2 }), Infinity, { onPolicyError: (error) => reported.push(error) });
    const result = await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
    expect(result.error).toBeInstanceOf(TaskFailedError);
    expect(String(reported[0])).toMatch(/RangeError: ExponentialBackoff: random\(\) must return a number in \[0, 1\), got 2/);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
  });

  it('fills in its defaults', () => {
    const { options } = new RetryPolicy();
    expect(options).toEqual(jasmine.objectContaining({ retries: 2, initialDelay: 100, factor: 2, maxDelay: 30_000, jitter: 'none', scheduler: undefined }));
    expect(options.retryIf).toBe(RetryPolicy.isRetryable);
    expect(options.inner).toBeInstanceOf(LogOnlyPolicy);
  });

  describe('refuses bad options', () => {
    const where = 'new RetryPolicy(options): ';
    const cases: [unknown, ErrorConstructor, string][] = [
      [{ retries: -1 }, RangeError, 'retries must be an integer >= 0 or Infinity, got -1 (number)'],
      [{ retries: 1.5 }, RangeError, 'retries must be an integer >= 0 or Infinity, got 1.5 (number)'],
      [{ retries: NaN }, RangeError, 'retries must be an integer >= 0 or Infinity, got NaN (number)'],
      [{ retries: '3' }, TypeError, "retries must be an integer >= 0 or Infinity, got '3' (string)"],
      [{ maxAttempts: 3 }, TypeError, 'maxAttempts was renamed retries (retries = maxAttempts − 1)'],
      [{ retires: 3 }, TypeError, "unknown option 'retires' (did you mean 'retries'?); known options: retries, retryIf, inner, scheduler, initialDelay, factor, maxDelay, jitter, random"],
      [{ backoff: 'exponential' }, TypeError, "unknown option 'backoff'; known options: retries, retryIf, inner, scheduler, initialDelay, factor, maxDelay, jitter, random"],
      [{ initialDelay: -5 }, RangeError, 'initialDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got -5 (number)'],
      [{ maxDelay: NaN }, RangeError, 'maxDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got NaN (number)'],
      [{ factor: 0 }, RangeError, 'factor must be a finite number >= 1, got 0 (number)'],
      [{ jitter: 'random' }, RangeError, "jitter must be 'none', 'full' or 'decorrelated', got 'random' (string)"],
      [{ retryIf: true }, TypeError, 'retryIf must be a function, got true (boolean)'],
      [{ scheduler: {} }, TypeError, 'scheduler must be an RxJS scheduler (with now() and schedule()), got an object'],
      ['fast', TypeError, "options must be an object, got 'fast' (string)"],
    ];
    for (const [options, type, message] of cases) {
      it(`${type.name}: ${message}`, () => {
        expect(() => new RetryPolicy(options as RetryPolicyOptions)).toThrowError(type, where + message);
      });
    }

    it('an inner that is not a policy: TypeError', () => {
      expect(() => new RetryPolicy({ inner: {} as never })).toThrowError(TypeError, /policies\[1\] must be an error policy/);
    });
  });
});
