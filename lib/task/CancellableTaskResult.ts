import { CANCELLABLE_RESULT } from './brands.js';

/**
 * What a task function (or a continuation) may return to say how it ended,
 * when a plain value or a thrown error is not enough: most usefully,
 * {@link CancellableTaskResult.cancelled} for a task that noticed its token and
 * stopped, which then ends cancelled instead of failed.
 *
 * @example
 * ```ts
 * tracker.spawn(async ({ token }) => {
 *   for (const page of pages) {
 *     if (token.isCancelled()) return CancellableTaskResult.cancelled();
 *     await save(page);
 *   }
 *   return CancellableTaskResult.ok(pages.length);
 * });
 * ```
 * @category Tasks
 */
export class CancellableTaskResult<T> {
  private static readonly _cancelled = new CancellableTaskResult<never>('cancelled', undefined, undefined);

  /** @internal How the tracker recognises one (see brands.ts). */
  get _brand(): string {
    return CANCELLABLE_RESULT;
  }

  private constructor(
    /** Which outcome. */
    readonly kind: 'ok' | 'cancelled' | 'err',
    /** The value, for `ok`. */
    readonly value: T | undefined,
    /** The error, for `err`. */
    readonly error: unknown,
  ) {}

  /** The task succeeded with `value` (the same as returning `value`). */
  static ok<T>(value: T): CancellableTaskResult<T> {
    return new CancellableTaskResult('ok', value, undefined);
  }

  /** The task stopped because it was cancelled: it ends cancelled. */
  static cancelled<T = never>(): CancellableTaskResult<T> {
    return CancellableTaskResult._cancelled;
  }

  /**
   * The task failed with `error` (the same as throwing it): the error policy decides.
   * @throws TypeError if `error` is `undefined` or `null`: a failure needs its error.
   */
  static err<T = never>(error: unknown): CancellableTaskResult<T> {
    if (error === undefined || error === null) {
      throw new TypeError(
        `CancellableTaskResult.err(error) needs the error the task failed with, got ${String(error)}. ` +
          "Pass an Error, e.g. CancellableTaskResult.err(new Error('upload failed')).",
      );
    }
    return new CancellableTaskResult<T>('err', undefined, error);
  }
}
