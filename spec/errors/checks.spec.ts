import { checkDuration, checkFunction, checkInteger, checkScheduler, readOptions } from '../../lib/errors/checks.js';
import {
  CircuitBreakerPolicy,
  ErrorResponse,
  ExponentialBackoff,
  LogOnlyPolicy,
  RateCancelPolicy,
  RateLimitScheduler,
  RetryPolicy,
} from '../../lib/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';

describe('checks', () => {
  describe('readOptions()', () => {
    const known = ['concurrency', 'timeout', 'name'];

    it('reads an omitted options argument as {}, and drops undefined fields so that defaults apply', () => {
      expect(readOptions(undefined, 'f(options)', known)).toEqual({});
      expect(readOptions(null, 'f(options)', known)).toEqual({});
      expect(readOptions({ concurrency: 2, timeout: undefined }, 'f(options)', known)).toEqual({ concurrency: 2 });
    });

    it('refuses anything but an object', () => {
      expect(() => readOptions('fast' as never, 'f(options)', known)).toThrowError(TypeError, "f(options): options must be an object, got 'fast' (string)");
      expect(() => readOptions(4 as never, 'f(options)', known)).toThrowError(TypeError, 'f(options): options must be an object, got 4 (number)');
    });

    it('refuses an unknown key, naming the known ones', () => {
      expect(() => readOptions({ retries: 3 }, 'f(options)', known)).toThrowError(
        TypeError,
        "f(options): unknown option 'retries'; known options: concurrency, timeout, name",
      );
    });

    it('suggests the known key a typo is close to (at most 2 edits, any case)', () => {
      expect(() => readOptions({ timout: 3 }, 'f(options)', known)).toThrowError(TypeError, /unknown option 'timout' \(did you mean 'timeout'\?\)/);
      expect(() => readOptions({ Concurency: 3 }, 'f(options)', known)).toThrowError(TypeError, /unknown option 'Concurency' \(did you mean 'concurrency'\?\)/);
      expect(() => readOptions({ timeoutMs: 3 }, 'f(options)', known)).toThrowError(TypeError, /unknown option 'timeoutMs' \(did you mean 'timeout'\?\)/);
      expect(() => readOptions({ nothingLike: 3 }, 'f(options)', known)).toThrowError(TypeError, "f(options): unknown option 'nothingLike'; known options: concurrency, timeout, name");
    });

    it('names the new name of a renamed key', () => {
      expect(() => readOptions({ limit: 3 }, 'f(options)', known, { limit: 'concurrency' })).toThrowError(TypeError, 'f(options): limit was renamed concurrency');
    });

    it('refuses an unknown key even when its value is undefined (a typo all the same)', () => {
      expect(() => readOptions({ timout: undefined }, 'f(options)', known)).toThrowError(TypeError, /unknown option 'timout'/);
    });

    it('checks no key without a list of known ones', () => {
      expect(readOptions({ anything: 1 }, 'f(options)')).toEqual({ anything: 1 });
    });
  });

  describe('one message form: "where: what must hold, got value (type)"', () => {
    it('a TypeError for the wrong type, a RangeError for a number out of range', () => {
      expect(() => checkInteger('2', 'f(n): n')).toThrowError(TypeError, "f(n): n must be an integer >= 1, got '2' (string)");
      expect(() => checkInteger(0, 'f(n): n')).toThrowError(RangeError, 'f(n): n must be an integer >= 1, got 0 (number)');
      expect(() => checkInteger(-1, 'f(n): n', 0, true)).toThrowError(RangeError, 'f(n): n must be an integer >= 0 or Infinity, got -1 (number)');
      expect(checkInteger(Infinity, 'f(n): n', 0, true)).toBe(Infinity);
      expect(() => checkDuration(-1, 'f(ms): ms', false)).toThrowError(RangeError, /^f\(ms\): ms must be a number of milliseconds from 0 to 9007199254740991/);
      expect(() => checkFunction(1, 'f(fn): fn')).toThrowError(TypeError, 'f(fn): fn must be a function, got 1 (number)');
      expect(() => checkScheduler({}, 'f(s): s')).toThrowError(TypeError, 'f(s): s must be an RxJS scheduler (with now() and schedule()), got an object');
    });

    it('never breaks on a hostile value: the check throws its own TypeError', () => {
      for (const hostile of HOSTILE_VALUES) {
        const value = hostile.make();
        expect(() => checkInteger(value, 'f(n): n')).withContext(hostile.name).toThrowError(TypeError, /^f\(n\): n must be an integer >= 1, got /);
        if (typeof value !== 'function') expect(() => checkFunction(value, 'f(fn): fn')).withContext(hostile.name).toThrowError(TypeError, /^f\(fn\): fn must be a function, got /);
      }
    });
  });

  describe('every options object of the core entry refuses an unknown key', () => {
    const cases: [string, () => unknown, string][] = [
      ['RetryPolicy', () => new RetryPolicy({ retires: 3 } as never), "new RetryPolicy(options): unknown option 'retires' (did you mean 'retries'?)"],
      ['CircuitBreakerPolicy', () => new CircuitBreakerPolicy({ threshold: 3 } as never), "new CircuitBreakerPolicy(options): unknown option 'threshold'; known options: failureThreshold, halfOpenAfter, scheduler"],
      ['RateCancelPolicy', () => new RateCancelPolicy({ rate: 0.5, windowMs: 10, window: 5 } as never), "new RateCancelPolicy(options): unknown option 'window'"],
      ['LogOnlyPolicy', () => new LogOnlyPolicy({ log: () => {} } as never), "new LogOnlyPolicy(options): unknown option 'log'; known options: logger"],
      ['ErrorResponse.retry', () => ErrorResponse.retry({ delayMs: 5 } as never), "ErrorResponse.retry(options): unknown option 'delayMs' (did you mean 'delay'?); known options: delay"],
      ['ExponentialBackoff', () => new ExponentialBackoff({ jiter: 'full' } as never), "new ExponentialBackoff(options): unknown option 'jiter' (did you mean 'jitter'?); known options: initialDelay, factor, maxDelay, jitter, random"],
      [
        'RateLimitScheduler',
        () => RateLimitScheduler.perInterval(1, 1000, { minTimeMs: 5 } as never),
        "RateLimitScheduler.perInterval(limit, intervalMs, options): unknown option 'minTimeMs' (did you mean 'minTime'?); known options: concurrency, minTime, scheduler",
      ],
    ];
    for (const [name, make, message] of cases) {
      it(name, () => {
        expect(make).toThrowError(TypeError);
        expect(make).toThrowError(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      });
    }

    it('RetryPolicy: maxAttempts names its new name and how to convert it', () => {
      expect(() => new RetryPolicy({ maxAttempts: 3 } as never)).toThrowError(TypeError, 'new RetryPolicy(options): maxAttempts was renamed retries (retries = maxAttempts − 1)');
    });
  });
});
