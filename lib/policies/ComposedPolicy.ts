import type { TaskHandle } from '../task/TaskHandle.js';
import { got } from '../errors/describeValue.js';
import { ErrorResponse, type OnErrorAction } from '../protocol/ErrorResponse.js';
import type { OnErrorContext, OnErrorPolicy, TaskOutcome } from '../protocol/OnErrorPolicy.js';

/**
 * Several error policies acting as one, asked in order: made by
 * {@link composePolicies}.
 *
 * How it combines its parts:
 * - `onError`: the parts are asked in order and the first answer that is not
 *   `fail` wins (a retry, a shutdown, a custom action); the parts after it are
 *   not asked. When every part answers `fail`, the task fails. So a part that
 *   answers `fail` means "not mine to rescue", and order matters: in
 *   `composePolicies(retry, threshold)` the threshold only sees the errors the
 *   retry gave up on (the tasks that fail for good), while in
 *   `composePolicies(threshold, retry)` it would count every attempt.
 * - per-task state: each part gets its own `createContext()` state, kept apart
 *   in an array; a part sees a context whose `state` is its own (and may assign
 *   it), everything else being the task's context. A custom action a part answers
 *   with sees that part's context too.
 * - `allowContinuation`: a continuation is taken only if every part allows it.
 * - `shouldReschedule`: the slot is given back if any part asks for it.
 * - `admit`: the parts that have a gate are asked in order; the first refusal
 *   rejects the task (later gates are not asked; earlier ones hear of the
 *   rejection through `onTaskEnd`).
 * - `onTaskEnd`: every part that listens is told, in order; if some throw, the
 *   others are still told, then the first error (or an `AggregateError`) is
 *   thrown for the tracker to report.
 * - `createChild`: a composition of the parts' children, in the same order.
 *
 * It has an `admit` gate or an `onTaskEnd` hook only when a part has one, so a
 * tracker pays for neither when no part needs them.
 *
 * @example Retry, and shut the tracker down once five tasks have failed for good
 * ```ts
 * const policy = composePolicies(
 *   new RetryPolicy({ retries: 2, initialDelay: 200 }),
 *   ThresholdCancelPolicy.withThreshold(5),
 * );
 * ```
 * @category Policies
 */
export class ComposedPolicy implements OnErrorPolicy {
  /** See {@link OnErrorPolicy.admit}; present only if a part has a gate. */
  declare readonly admit?: (task: TaskHandle<unknown>) => true | string;
  /** See {@link OnErrorPolicy.onTaskEnd}; present only if a part listens. */
  declare readonly onTaskEnd?: (task: TaskHandle<unknown>, outcome: TaskOutcome, error: unknown) => void;
  private readonly _parts: readonly OnErrorPolicy[];

  /**
   * Prefer {@link composePolicies}.
   * @throws RangeError if `policies` is empty.
   * @throws TypeError if one of them is not an error policy.
   */
  constructor(policies: readonly OnErrorPolicy[]) {
    if (!Array.isArray(policies) || policies.length === 0) {
      throw new RangeError(`composePolicies(...policies): at least one policy is needed, got ${Array.isArray(policies) ? 'none' : got(policies)}`);
    }
    policies.forEach((policy, i) => {
      if (typeof policy?.onError !== 'function' || typeof policy.createChild !== 'function') {
        throw new TypeError(`composePolicies(...policies): policies[${i}] must be an error policy (with onError and createChild), got ${got(policy)}`);
      }
    });
    const parts = (this._parts = [...policies]);
    const gates = parts.filter((part) => typeof part.admit === 'function');
    if (gates.length > 0) {
      (this as { admit?: ComposedPolicy['admit'] }).admit = (task) => {
        for (const gate of gates) {
          const verdict = gate.admit!(task);
          if (verdict !== true) return verdict;
        }
        return true;
      };
    }
    const listeners = parts.filter((part) => typeof part.onTaskEnd === 'function');
    if (listeners.length > 0) {
      (this as { onTaskEnd?: ComposedPolicy['onTaskEnd'] }).onTaskEnd = (task, outcome, error) => {
        const errors: unknown[] = [];
        for (const listener of listeners) {
          try {
            listener.onTaskEnd!(task, outcome, error);
          } catch (listenerError) {
            errors.push(listenerError);
          }
        }
        if (errors.length === 1) throw errors[0];
        if (errors.length > 1) throw new AggregateError(errors, `${errors.length} composed policies threw in onTaskEnd`);
      };
    }
  }

  /** A composition of the parts' `createChild()`, in the same order. */
  createChild(): OnErrorPolicy {
    return new ComposedPolicy(this._parts.map((part) => part.createChild()));
  }

  /** The parts' per-task states, one slot per part. */
  createContext(): unknown[] {
    return this._parts.map((part) => part.createContext?.());
  }

  /**
   * The first answer of a part that is not `fail`; `fail` if all fail.
   * @throws TypeError if a part answers with something other than an ErrorResponse.
   */
  onError(error: unknown, context: OnErrorContext): ErrorResponse {
    for (let i = 0; i < this._parts.length; i++) {
      const response = this._ask(i, context, (part, own) => part.onError(error, own));
      if (!(response instanceof ErrorResponse)) {
        throw new TypeError(`composePolicies(...policies): policies[${i}].onError() returned ${got(response)}; it must return an ErrorResponse`);
      }
      if (response.kind === 'custom') return ErrorResponse.custom(this._scoped(i, response.action!));
      if (response.kind !== 'fail') return response;
    }
    return ErrorResponse.fail();
  }

  /** `true` only if every part allows the continuation. */
  allowContinuation(error: unknown, context: OnErrorContext): boolean {
    return this._parts.every((_, i) => this._ask(i, context, (part, own) => part.allowContinuation?.(error, own) ?? true));
  }

  /** `true` if any part wants the continuation to give its slot back. */
  shouldReschedule(error: unknown, context: OnErrorContext): boolean {
    return this._parts.some((_, i) => this._ask(i, context, (part, own) => part.shouldReschedule?.(error, own) ?? false));
  }

  /** Calls `ask` with part `index` and a view of `context` whose `state` is the part's own. */
  private _ask<R>(index: number, context: OnErrorContext, ask: (part: OnErrorPolicy, own: OnErrorContext) => R): R {
    // A wrapper policy may forget to forward createContext: make the states then.
    if (!Array.isArray(context.state)) context.state = this.createContext();
    const states = context.state as unknown[];
    // A plain copy (not a prototype view), so that a part may spread it.
    const { attemptCount, taskId, taskName, metrics, scheduler, tracker, clock } = context;
    const own: OnErrorContext = { attemptCount, taskId, taskName, state: states[index], metrics, scheduler, tracker, clock };
    try {
      return ask(this._parts[index], own);
    } finally {
      states[index] = own.state;
    }
  }

  /** The action a part answered with, run with that part's view of the context. */
  private _scoped(index: number, action: OnErrorAction): OnErrorAction {
    return { execute: (error, context) => this._ask(index, context, (_, own) => action.execute(error, own)) };
  }
}

/**
 * Combines error policies into one, asked in order; the first answer that is
 * not `fail` wins. See {@link ComposedPolicy} for how states, continuations,
 * gates, hooks and children combine.
 *
 * @throws RangeError if no policy is given.
 * @throws TypeError if an argument is not an error policy.
 *
 * @example Stop hammering a backend that is down, retry the rest, give up after 10 lost tasks
 * ```ts
 * const policy = composePolicies(
 *   new CircuitBreakerPolicy({ failureThreshold: 5, halfOpenAfter: 10_000 }),
 *   new RetryPolicy({ retries: 3, initialDelay: 100, jitter: 'full' }),
 *   ThresholdCancelPolicy.withThreshold(10),
 * );
 * ```
 * @category Policies
 */
export function composePolicies(...policies: OnErrorPolicy[]): ComposedPolicy {
  return new ComposedPolicy(policies);
}
