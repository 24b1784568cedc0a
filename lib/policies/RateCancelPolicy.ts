import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { TaskHandle } from '../task/TaskHandle.js';
import { checkDuration, checkInteger, checkNumber, checkScheduler, readOptions } from '../errors/checks.js';
import { ownerOf } from './common/ownerOf.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { FAIL_RESPONSE, shutdownResponse } from '../protocol/PolicyAnswer.js';
import type { OnErrorContext, OnErrorPolicy, TaskOutcome } from '../protocol/OnErrorPolicy.js';
import { OutcomeWindow } from './rate/OutcomeWindow.js';
import { RateCancelPolicyBuilder } from './rate/RateCancelPolicyBuilder.js';

/** Options of {@link RateCancelPolicy}; {@link RateCancelPolicy.builder} sets them one by one. @category Policies */
export interface RateCancelPolicyOptions {
  /** The failure rate that shuts down: a number in (0, 1] (0.5: half of the finished tasks failed). Required. */
  readonly rate: number;
  /**
   * The length of the sliding window, in milliseconds: above 0, up to
   * `Number.MAX_SAFE_INTEGER`. Required.
   */
  readonly windowMs: number;
  /**
   * How many finished tasks the window must hold, the failing one included,
   * before the rate is acted on: one early failure must not shut down. An
   * integer >= 1.
   * @defaultValue `10`
   */
  readonly minSamples?: number;
  /**
   * The RxJS scheduler whose `now()` times the outcomes. Give the tracker's
   * `clock` here if you set one.
   * @defaultValue `asyncScheduler` (virtual in marble tests)
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * Shuts a tracker down when too many of its recent tasks failed: at a failure,
 * when among the tasks that finished in the last `windowMs` milliseconds (this one
 * included) at least `minSamples` finished and the share that failed reaches
 * `rate`, the tracker it belongs to is shut down (cancelled with its subtree).
 * Other failures just fail.
 *
 * "Finished" means ended with success or failure: cancelled and rejected tasks
 * are not counted at all, as they say nothing about whether the work itself
 * works (and a shutdown's own cancellations must not dilute the rate). Outcomes
 * are learnt from `onTaskEnd`, so a failure counts once whatever decided it; the
 * rate is checked at each error the policy is asked about (behind a retry in
 * {@link composePolicies}, at each task that failed for good).
 *
 * Children share the window: `createChild()` returns a policy recording into
 * the same window, so descendants' outcomes count, and a child that trips it
 * shuts down the tracker the policy belongs to (`ErrorResponse.shutdown(ancestor)`).
 *
 * Unlike the Rust original (a stub that always answered `fail`), it fires.
 *
 * ```text
 * rate 0.5, windowMs 10 (10 frames), minSamples 2:
 * a: -|          success at 1
 * b: ---#        failure at 3: 1 of the 2 finished failed, 0.5 >= 0.5: shut down
 * c: ^--!        a running task, cancelled by the shutdown
 * Had b failed at 11, a would have left the window (1 finished, below
 * minSamples): b would just fail.
 * ```
 *
 * @example Stop when half of the last minute's requests failed (and at least 20 ended)
 * ```ts
 * const policy = RateCancelPolicy.builder().rate(0.5).windowMs(60_000).minSamples(20).build();
 * ```
 * @category Policies
 */
export class RateCancelPolicy implements OnErrorPolicy {
  /** The options in effect, defaults filled in. */
  readonly options: Readonly<Required<RateCancelPolicyOptions>>;
  private readonly _window: OutcomeWindow;
  private readonly _depth: number;

  /**
   * @throws TypeError if a required option is missing, an option is unknown
   *   (`windowSecs` of 0.1.x included: it is `windowMs` now) or has the wrong type.
   * @throws RangeError if `rate` is not in (0, 1], `windowMs` is not above 0 and
   *   up to `Number.MAX_SAFE_INTEGER`, or `minSamples` is not an integer >= 1.
   */
  constructor(options: RateCancelPolicyOptions, /** @internal The policy this one is a child of. */ parent?: RateCancelPolicy) {
    if (parent !== undefined) {
      this.options = parent.options;
      this._window = parent._window;
      this._depth = parent._depth + 1;
      return;
    }
    this.options = readRateOptions(options, 'new RateCancelPolicy(options)');
    this._window = new OutcomeWindow(this.options.windowMs);
    this._depth = 0;
  }

  /**
   * Starts building a policy: `.rate(r).windowMs(ms)` are required,
   * `.minSamples(k)` and `.scheduler(s)` optional.
   *
   * @example
   * ```ts
   * const policy = RateCancelPolicy.builder().rate(0.2).windowMs(30_000).build();
   * ```
   */
  static builder(): RateCancelPolicyBuilder {
    return new RateCancelPolicyBuilder(readRateOptions, (options) => new RateCancelPolicy(options));
  }

  /** The failed share of the tasks finished in the window now (0 when none finished). */
  failureRate(): number {
    const window = this._window;
    window.slide(this.options.scheduler.now());
    return window.finished === 0 ? 0 : window.failed / window.finished;
  }

  /** A policy recording into the same window, shutting down the same tracker. */
  createChild(): RateCancelPolicy {
    return new RateCancelPolicy(this.options, this);
  }

  /** Shuts down when the window, this failure included, reaches the rate; else fails. */
  onError(_error: unknown, context: OnErrorContext): ErrorResponse {
    const window = this._window;
    window.slide(this.options.scheduler.now());
    const finished = window.finished + 1;
    const tripped = finished >= this.options.minSamples && (window.failed + 1) / finished >= this.options.rate;
    return tripped ? shutdownResponse(ownerOf(context.tracker, this._depth)) : FAIL_RESPONSE;
  }

  /** Records successes and failures in the window. */
  onTaskEnd(_task: TaskHandle<unknown>, outcome: TaskOutcome): void {
    if (outcome === 'success' || outcome === 'failed') this._window.record(this.options.scheduler.now(), outcome === 'failed');
  }
}

/** The options {@link RateCancelPolicy} takes; an unknown one is refused. */
const RATE_OPTIONS = ['rate', 'windowMs', 'minSamples', 'scheduler'];

/**
 * @internal Checks `options` and fills in the defaults; with `partial`, checks
 * only the fields present (for the builder's setters).
 */
export function readRateOptions(options: Partial<RateCancelPolicyOptions>, where: string, partial = false): Required<RateCancelPolicyOptions> {
  const o = readOptions(options, where, RATE_OPTIONS, { windowSecs: 'windowMs (windowMs = windowSecs × 1000)' });
  const check = (key: keyof RateCancelPolicyOptions, required: boolean) => (partial ? key in options : required || o[key] !== undefined);
  if (check('rate', true)) checkNumber(o.rate, `${where}: rate`, 'a number in (0, 1]', (n) => n > 0 && n <= 1);
  if (check('windowMs', true)) checkDuration(o.windowMs, `${where}: windowMs`, true);
  if (check('minSamples', false)) checkInteger(o.minSamples, `${where}: minSamples`);
  if (check('scheduler', false)) checkScheduler(o.scheduler, `${where}: scheduler`);
  return Object.freeze({ minSamples: 10, scheduler: asyncScheduler, ...o } as Required<RateCancelPolicyOptions>);
}
