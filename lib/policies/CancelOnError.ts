import { describe } from '../errors/describeValue.js';
import { got } from '../errors/describeValue.js';
import type { ErrorResponse } from '../protocol/ErrorResponse.js';
import { FAIL_RESPONSE, shutdownResponse } from '../protocol/PolicyAnswer.js';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';

/**
 * Shuts the tracker down (cancels it with its subtree, as `tracker.cancel()`
 * does) on a fatal error; the failing task counts as failed.
 *
 * - `new CancelOnError()`: every error is fatal;
 * - `CancelOnError.withPatterns(patterns)`: an error is fatal when its message
 *   contains one of the strings (case-sensitive substring) or matches one of
 *   the regular expressions; other errors just fail their task.
 *
 * The message is the error's own `message` (not its `cause`'s); for a value
 * that is not an Error, its string form. A timeout's message is
 * `Task task-7 timed out after 5000 ms`. It logs nothing (the handle rejects and
 * `events$` reports the failure). Children match the same patterns and shut
 * their own tracker down, never their parent.
 *
 * ```text
 * withPatterns(['fatal']):
 * a: --#         Error('timeout'): a fails, the tracker goes on
 * b: ------#     Error('fatal: disk full'): b fails, the tracker shuts down
 * c: ^-----!     a running task, cancelled at frame 6
 * ```
 *
 * @example
 * ```ts
 * const policy = CancelOnError.withPatterns(['out of memory', /^EACCES/]);
 * const tracker = new TaskTracker({ concurrency: 4, errorPolicy: policy });
 * ```
 * @category Policies
 */
export class CancelOnError implements OnErrorPolicy {
  private _patterns: readonly (string | RegExp)[] = [];

  /** A policy that shuts down on every error. */
  constructor() {}

  /**
   * A policy that shuts down on errors whose message contains one of the
   * `patterns` (case-sensitive) or matches one of them (RegExp; its `g` and `y`
   * flags are ignored).
   * @throws TypeError if `patterns` is not an array of strings and RegExps.
   * @throws RangeError if it is empty (use `new CancelOnError()` to shut down on
   *   every error) or holds an empty string (it would match every error).
   */
  static withPatterns(patterns: readonly (string | RegExp)[]): CancelOnError {
    const where = 'CancelOnError.withPatterns(patterns)';
    if (!Array.isArray(patterns)) throw new TypeError(`${where}: patterns must be an array of strings and RegExps, got ${got(patterns)}`);
    if (patterns.length === 0) {
      throw new RangeError(`${where}: patterns must not be empty (use new CancelOnError() to shut down on every error), got []`);
    }
    const policy = new CancelOnError();
    policy._patterns = Object.freeze(
      patterns.map((pattern, i) => {
        // A global or sticky RegExp keeps a lastIndex between tests: match without it.
        if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
        if (typeof pattern !== 'string') throw new TypeError(`${where}: patterns[${i}] must be a string or a RegExp, got ${got(pattern)}`);
        if (pattern === '') throw new RangeError(`${where}: patterns[${i}] must not be empty (it would match every error), got ''`);
        return pattern;
      }),
    );
    return policy;
  }

  /** The patterns; empty for a policy that shuts down on every error. */
  get patterns(): readonly (string | RegExp)[] {
    return this._patterns;
  }

  /** A policy with the same patterns. */
  createChild(): CancelOnError {
    const child = new CancelOnError();
    child._patterns = this._patterns;
    return child;
  }

  /** `shutdown` for a fatal error, `fail` for any other. */
  onError(error: unknown): ErrorResponse {
    return this.isFatal(error) ? shutdownResponse() : FAIL_RESPONSE;
  }

  /** Whether `error` shuts the tracker down. */
  isFatal(error: unknown): boolean {
    if (this._patterns.length === 0) return true;
    const message = describe(error);
    return this._patterns.some((pattern) => (typeof pattern === 'string' ? message.includes(pattern) : pattern.test(message)));
  }
}
