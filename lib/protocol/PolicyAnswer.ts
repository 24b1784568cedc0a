import type { Observable } from 'rxjs';
import type { ErrorContext } from '../task/ErrorContext.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { ERROR_RESPONSE } from '../task/brands.js';
import type { ErrorResponse, OnErrorAction } from './ErrorResponse.js';

/** @internal Carries an answer out on a task whose run failed, for kinds the task module does not know itself. */
export type AnswerStep = (answer: PolicyAnswer, handle: TaskHandle<unknown>, error: unknown, context: ErrorContext) => void;

/** @internal What a {@link PolicyAnswer} is made of; every field but `kind` may be left out. */
export interface PolicyAnswerFields {
  readonly kind: 'fail' | 'shutdown' | 'retry' | 'custom';
  /** `custom`: the action that decides. */
  readonly action?: OnErrorAction;
  /** `retry`: the wait before the task is queued again. */
  readonly delay?: number | Observable<unknown>;
  /** `shutdown`: the tracker to cancel (the task's own when left out). */
  readonly target?: TaskTracker;
  /** `retry`, `custom`: the step that carries it out (see {@link AnswerStep}). */
  readonly step?: AnswerStep;
}

/**
 * @internal The one runtime form of an error policy's answer: plain data, typed
 * {@link ErrorResponse} for users and recognised by its brand (`instanceof
 * ErrorResponse` asks the brand, so a second copy of the library counts too).
 * The task module carries out "fail" and "shutdown" itself; any other answer
 * brings its step (set by ErrorResponse.ts), so an app whose policies only ever
 * fail ships neither ErrorResponse's other factories nor the retry,
 * custom-action and continuation code.
 */
export class PolicyAnswer implements PolicyAnswerFields {
  readonly kind: PolicyAnswerFields['kind'];
  readonly action: OnErrorAction | undefined;
  readonly delay: number | Observable<unknown> | undefined;
  readonly target: TaskTracker | undefined;
  /** @internal */ readonly step: AnswerStep | undefined;

  /** @internal How the task module recognises one (see brands.ts). */
  get _brand(): string {
    return ERROR_RESPONSE;
  }

  constructor(fields: PolicyAnswerFields) {
    this.kind = fields.kind;
    this.action = fields.action;
    this.delay = fields.delay;
    this.target = fields.target;
    this.step = fields.step;
  }
}

/** @internal `ErrorResponse.fail()`. */
export const FAIL_RESPONSE: ErrorResponse = new PolicyAnswer({ kind: 'fail' });

const SHUTDOWN_RESPONSE: ErrorResponse = new PolicyAnswer({ kind: 'shutdown' });

/** @internal `ErrorResponse.shutdown(target)`. */
export function shutdownResponse(target?: TaskTracker): ErrorResponse {
  return target === undefined ? SHUTDOWN_RESPONSE : new PolicyAnswer({ kind: 'shutdown', target });
}
