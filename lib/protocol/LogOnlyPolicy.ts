import { checkFunction, readOptions } from '../errors/checks.js';
import { logError } from '../errors/logError.js';
import { labelOf } from '../errors/taskLabel.js';
import type { ErrorResponse } from './ErrorResponse.js';
import { FAIL_RESPONSE } from './PolicyAnswer.js';
import type { OnErrorContext, OnErrorPolicy } from './OnErrorPolicy.js';

/** Receives what {@link LogOnlyPolicy} logs. @category Policies */
export type FailureLogger = (message: string, error: unknown, context: OnErrorContext) => void;

/** Options of {@link LogOnlyPolicy}. @category Policies */
export interface LogOnlyPolicyOptions {
  /**
   * Where failures go.
   * @defaultValue `console.error(message, error)`
   */
  readonly logger?: FailureLogger;
}

const consoleLogger: FailureLogger = (message, error) => logError(message, error);

/**
 * Logs each failure and lets the task fail; never cancels anything. The default
 * choice when failures are the caller's business (they `await` the handle).
 * Its children log to the same logger.
 *
 * @example
 * ```ts
 * const errors: unknown[] = [];
 * const policy = new LogOnlyPolicy({ logger: (message, error) => errors.push(error) });
 * ```
 * @category Policies
 */
export class LogOnlyPolicy implements OnErrorPolicy {
  private readonly _logger: FailureLogger;

  /**
   * @throws TypeError if an option is unknown or `options.logger` is not a function.
   */
  constructor(options?: LogOnlyPolicyOptions) {
    const where = 'new LogOnlyPolicy(options)';
    const { logger } = readOptions(options, where, ['logger']);
    this._logger = logger === undefined ? consoleLogger : checkFunction(logger, `${where}: logger`);
  }

  /** A policy logging to the same logger. */
  createChild(): OnErrorPolicy {
    return new LogOnlyPolicy({ logger: this._logger });
  }

  /** Logs `Task <id> failed - logging only` (`Task <id> "<name>" failed…` for a named task) with the error, and fails the task. */
  onError(error: unknown, context: OnErrorContext): ErrorResponse {
    this._logger(`Task ${labelOf({ id: context.taskId, name: context.taskName })} failed - logging only`, error, context);
    return FAIL_RESPONSE;
  }
}
