import { got } from '../../errors/describeValue.js';
import { checkDuration, checkFunction, checkNumber, fail, readOptions } from '../../errors/checks.js';

/**
 * How {@link ExponentialBackoff} spreads delays out:
 * - `'none'`: exactly the exponential delay;
 * - `'full'`: a random delay between 0 and the exponential delay ("full jitter");
 * - `'decorrelated'`: a random delay between `initialDelay` and 3 × the previous
 *   delay, at most `maxDelay` ("decorrelated jitter"; `factor` is not used).
 *
 * Both random kinds are from AWS's "Exponential Backoff And Jitter"; use one when
 * many clients retry against one backend, so their retries do not come in waves.
 * @category Policies
 */
export type Jitter = 'none' | 'full' | 'decorrelated';

/** Options of {@link ExponentialBackoff} (and of `RetryPolicy`, which uses it). @category Policies */
export interface ExponentialBackoffOptions {
  /**
   * The delay before the first retry, in milliseconds.
   * @defaultValue `100`
   */
  readonly initialDelay?: number;
  /**
   * What each further delay is multiplied by (>= 1; 1 gives a constant delay).
   * @defaultValue `2`
   */
  readonly factor?: number;
  /**
   * The longest delay, in milliseconds (>= `initialDelay`, up to
   * `Number.MAX_SAFE_INTEGER`).
   * @defaultValue `30_000`
   */
  readonly maxDelay?: number;
  /**
   * How delays are randomised; see {@link Jitter}.
   * @defaultValue `'none'`
   */
  readonly jitter?: Jitter;
  /**
   * The random source for jitter: returns a number in [0, 1). Inject a seeded one
   * in tests.
   * @defaultValue `Math.random`
   */
  readonly random?: () => number;
}

/** The defaults of {@link ExponentialBackoffOptions}. @category Policies */
export const DEFAULT_EXPONENTIAL_BACKOFF_OPTIONS: Readonly<Required<ExponentialBackoffOptions>> = Object.freeze({
  initialDelay: 100,
  factor: 2,
  maxDelay: 30_000,
  jitter: 'none',
  random: Math.random,
});

/** @internal The options {@link ExponentialBackoff} takes, for the check of unknown ones. */
export const BACKOFF_OPTIONS: readonly string[] = Object.keys(DEFAULT_EXPONENTIAL_BACKOFF_OPTIONS);

const JITTERS: readonly Jitter[] = ['none', 'full', 'decorrelated'];

/**
 * Exponential backoff: the delay before retry `n` (1 for the first) is
 * `min(maxDelay, initialDelay × factor^(n-1))`, then jittered, rounded to whole
 * milliseconds.
 *
 * ```text
 * initialDelay 10, factor 2, maxDelay 50, jitter 'none':
 * retry:  1   2   3   4   5
 * delay: 10  20  40  50  50
 * ```
 *
 * It is pure: it holds no per-task state (the caller passes the previous delay,
 * which only `'decorrelated'` reads), so one instance serves every task.
 *
 * @example
 * ```ts
 * const backoff = new ExponentialBackoff({ initialDelay: 10, maxDelay: 50 });
 * [1, 2, 3, 4].map((retry) => backoff.delay(retry)); // [10, 20, 40, 50]
 * ```
 * @category Policies
 */
export class ExponentialBackoff {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<Required<ExponentialBackoffOptions>>;

  /**
   * @param where @internal How the caller is named in error messages.
   * @param known @internal The option names the caller takes (its own and these).
   * @throws TypeError if an option has the wrong type.
   * @throws RangeError if a number is out of range (delays negative or past
   *   `Number.MAX_SAFE_INTEGER` ms, `factor` < 1, `maxDelay` < `initialDelay`)
   *   or `jitter` is unknown.
   */
  constructor(options?: ExponentialBackoffOptions, where = 'new ExponentialBackoff(options)', known: readonly string[] = BACKOFF_OPTIONS) {
    const o = { ...DEFAULT_EXPONENTIAL_BACKOFF_OPTIONS, ...readOptions(options, where, known) };
    checkDuration(o.initialDelay, `${where}: initialDelay`, false);
    checkNumber(o.factor, `${where}: factor`, 'a finite number >= 1', (n) => n >= 1 && n < Infinity);
    checkDuration(o.maxDelay, `${where}: maxDelay`, false);
    if (o.maxDelay < o.initialDelay) {
      fail(`${where}: maxDelay`, `>= initialDelay (${o.initialDelay})`, o.maxDelay, RangeError);
    }
    if (!JITTERS.includes(o.jitter)) {
      const message = `${where}: jitter must be 'none', 'full' or 'decorrelated', got ${got(o.jitter)}`;
      throw typeof o.jitter === 'string' ? new RangeError(message) : new TypeError(message);
    }
    checkFunction(o.random, `${where}: random`);
    this.options = Object.freeze(o);
  }

  /**
   * The delay before retry `retry`, in whole milliseconds.
   *
   * @param retry 1 for the first retry, 2 for the second…
   * @param previous The delay before the previous retry (for `'decorrelated'`;
   *   `initialDelay` is assumed for the first).
   * @throws RangeError if `retry` is not an integer >= 1, or `random()` returns a
   *   value outside [0, 1).
   */
  delay(retry: number, previous?: number): number {
    if (!(Number.isInteger(retry) && retry >= 1)) {
      throw new RangeError(`ExponentialBackoff.delay(retry): retry must be an integer >= 1, got ${got(retry)}`);
    }
    const { initialDelay, factor, maxDelay, jitter } = this.options;
    if (jitter === 'decorrelated') {
      const last = previous ?? initialDelay;
      return Math.round(Math.min(maxDelay, initialDelay + this._random() * Math.max(0, 3 * last - initialDelay)));
    }
    // 0 × Infinity would be NaN, for a huge retry number.
    const exponential = initialDelay === 0 ? 0 : Math.min(maxDelay, initialDelay * factor ** (retry - 1));
    return Math.round(jitter === 'full' ? this._random() * exponential : exponential);
  }

  private _random(): number {
    const value = this.options.random();
    if (!(typeof value === 'number' && value >= 0 && value < 1)) {
      throw new RangeError(`ExponentialBackoff: random() must return a number in [0, 1), got ${got(value)}`);
    }
    return value;
  }
}
