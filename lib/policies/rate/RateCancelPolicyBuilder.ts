import type { SchedulerLike } from 'rxjs';
import type { RateCancelPolicy, RateCancelPolicyOptions, readRateOptions } from '../RateCancelPolicy.js';

/**
 * Builds a {@link RateCancelPolicy} (the Rust `RateCancelPolicy::builder()`):
 * `.rate(r)` and `.windowMs(ms)` are required. Each setter checks its value at
 * once.
 *
 * @example
 * ```ts
 * const policy = RateCancelPolicy.builder().rate(0.5).windowMs(60_000).minSamples(20).build();
 * ```
 * @category Policies
 */
export class RateCancelPolicyBuilder {
  private _options: { -readonly [K in keyof RateCancelPolicyOptions]?: RateCancelPolicyOptions[K] } = {};

  /**
   * @internal Use `RateCancelPolicy.builder()`, which hands over how to read the
   * options and make the policy (this module does not import the policy's).
   */
  constructor(
    private readonly _read: typeof readRateOptions,
    private readonly _make: (options: Required<RateCancelPolicyOptions>) => RateCancelPolicy,
  ) {}

  /**
   * The failure rate that shuts down, in (0, 1]; see {@link RateCancelPolicyOptions.rate}.
   * @throws TypeError / RangeError for a value that is not a number in (0, 1].
   */
  rate(rate: number): this {
    return this._set({ rate }, 'rate(rate)');
  }

  /**
   * The window's length in milliseconds, above 0; see {@link RateCancelPolicyOptions.windowMs}.
   * @throws TypeError / RangeError for a value that is not a number of milliseconds above 0, up to `Number.MAX_SAFE_INTEGER`.
   */
  windowMs(ms: number): this {
    return this._set({ windowMs: ms }, 'windowMs(ms)');
  }

  /**
   * Removed: the window is set in milliseconds with {@link RateCancelPolicyBuilder.windowMs}.
   * @deprecated Renamed {@link RateCancelPolicyBuilder.windowMs}, in milliseconds: `.windowMs(seconds * 1000)`.
   * @throws TypeError always, naming the new setter.
   */
  windowSecs(_seconds: number): never {
    throw new TypeError('RateCancelPolicy.builder().windowSecs(seconds) was renamed windowMs(ms) (ms = seconds × 1000)');
  }

  /**
   * The least number of finished tasks to act on; see {@link RateCancelPolicyOptions.minSamples}.
   * @throws TypeError / RangeError for a value that is not an integer >= 1.
   */
  minSamples(count: number): this {
    return this._set({ minSamples: count }, 'minSamples(count)');
  }

  /**
   * The scheduler timing the outcomes; see {@link RateCancelPolicyOptions.scheduler}.
   * @throws TypeError if it is not an RxJS scheduler.
   */
  scheduler(scheduler: SchedulerLike): this {
    return this._set({ scheduler }, 'scheduler(scheduler)');
  }

  /**
   * Builds the policy.
   * @throws TypeError if `rate` or `windowMs` was not set.
   */
  build(): RateCancelPolicy {
    return this._make(this._read(this._options, 'RateCancelPolicy.builder().build()'));
  }

  private _set(option: Partial<RateCancelPolicyOptions>, setter: string): this {
    this._read(option, `RateCancelPolicy.builder().${setter}`, true);
    Object.assign(this._options, option);
    return this;
  }
}
