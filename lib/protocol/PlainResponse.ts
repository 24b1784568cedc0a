import type { Observable } from 'rxjs';
import type { ErrorContext } from '../task/ErrorContext.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { ERROR_RESPONSE } from '../task/brands.js';
import type { ErrorResponse, OnErrorAction } from './ErrorResponse.js';

/**
 * @internal Every {@link ErrorResponse} is one of these (`instanceof ErrorResponse`
 * recognises the brand). The tracker carries out "fail" and "shutdown" itself;
 * any other answer brings its own handling (`_apply`, set by ErrorResponse.ts), so
 * an app whose policies only ever fail ships neither ErrorResponse's other
 * factories nor the retry, custom-action and continuation code.
 */
export class PlainResponse {
  /** @internal How the tracker recognises one (see brands.ts). */
  get _brand(): string {
    return ERROR_RESPONSE;
  }

  constructor(
    readonly kind: 'fail' | 'shutdown' | 'retry' | 'custom',
    readonly action: OnErrorAction | undefined,
    readonly delay: number | Observable<unknown> | undefined,
    readonly target: TaskTracker | undefined,
    /** @internal Carries the answer out, for kinds the tracker does not know itself. */
    readonly _apply?: (this: PlainResponse, handle: TaskHandle<unknown>, error: unknown, context: ErrorContext) => void,
  ) {}
}

/** @internal `ErrorResponse.fail()`. */
export const FAIL_RESPONSE: ErrorResponse = new PlainResponse('fail', undefined, undefined, undefined);

const SHUTDOWN_RESPONSE: ErrorResponse = new PlainResponse('shutdown', undefined, undefined, undefined);

/** @internal `ErrorResponse.shutdown(target)`. */
export function shutdownResponse(target?: TaskTracker): ErrorResponse {
  return target === undefined ? SHUTDOWN_RESPONSE : new PlainResponse('shutdown', undefined, undefined, target);
}
