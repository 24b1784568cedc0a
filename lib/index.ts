/**
 * The core entry point, `rx-task-tracker`: trackers, tasks, schedulers, error policies,
 * errors, cancellation, metrics and events, and the pipeline operators.
 *
 * Runs in browsers and Node. Needs `rxjs` (a peer dependency) and nothing else: no
 * Node built-in, no framework. Start with {@link TaskTracker}.
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { CancellationToken } from './cancellation/CancellationToken.js';
export { isAbortError } from './cancellation/isAbortError.js';
export { OwnerDestroyed } from './cancellation/OwnerDestroyed.js';

export { TaskError, isTaskError } from './errors/TaskError.js';
export { TaskCancelledError, isTaskCancelledError } from './errors/TaskCancelledError.js';
export { TaskFailedError, isTaskFailedError } from './errors/TaskFailedError.js';
export { TaskRejectedError, isTaskRejectedError } from './errors/TaskRejectedError.js';
export { TaskTimeoutError, isTaskTimeoutError } from './errors/TaskTimeoutError.js';
export { TrackerClosedError, isTrackerClosedError } from './errors/TrackerClosedError.js';

export type { MetricsSnapshot } from './metrics/MetricsSnapshot.js';
export { TaskMetrics } from './metrics/TaskMetrics.js';

export type { ScheduledTask, TaskScheduler, TaskSlot } from './scheduling/TaskScheduler.js';
export type { PermitScheduler } from './scheduling/PermitScheduler.js';
export { SemaphoreScheduler } from './scheduling/SemaphoreScheduler.js';
export { UnlimitedScheduler } from './scheduling/UnlimitedScheduler.js';
export { PriorityScheduler } from './scheduling/PriorityScheduler.js';
export { RateLimitScheduler } from './scheduling/RateLimitScheduler.js';
export type { RateLimitOptions } from './scheduling/RateLimitScheduler.js';

export type { OnErrorContext, OnErrorPolicy, TaskOutcome } from './protocol/OnErrorPolicy.js';
export { ErrorResponse } from './protocol/ErrorResponse.js';
export type { OnErrorAction, RetryResponseOptions } from './protocol/ErrorResponse.js';
export { ActionResult } from './protocol/ActionResult.js';
export type { Continuation } from './protocol/Continuation.js';
export { FailedWithContinuation } from './protocol/FailedWithContinuation.js';
export { LogOnlyPolicy } from './protocol/LogOnlyPolicy.js';
export type { FailureLogger, LogOnlyPolicyOptions } from './protocol/LogOnlyPolicy.js';
export { CancelOnError } from './policies/CancelOnError.js';
export { ThresholdCancelPolicy } from './policies/ThresholdCancelPolicy.js';
export { RateCancelPolicy } from './policies/RateCancelPolicy.js';
export type { RateCancelPolicyOptions } from './policies/RateCancelPolicy.js';
export { RateCancelPolicyBuilder } from './policies/rate/RateCancelPolicyBuilder.js';
export { TriggerCancellationTokenOnError } from './policies/TriggerCancellationTokenOnError.js';
export { RetryPolicy } from './policies/RetryPolicy.js';
export type { RetryPolicyOptions } from './policies/RetryPolicy.js';
export { ExponentialBackoff, DEFAULT_EXPONENTIAL_BACKOFF_OPTIONS } from './policies/backoff/ExponentialBackoff.js';
export type { ExponentialBackoffOptions, Jitter } from './policies/backoff/ExponentialBackoff.js';
export { CircuitBreakerPolicy } from './policies/CircuitBreakerPolicy.js';
export type { CircuitBreakerPolicyOptions } from './policies/CircuitBreakerPolicy.js';
export type { CircuitState } from './policies/breaker/Circuit.js';
export { ComposedPolicy, composePolicies } from './policies/ComposedPolicy.js';
export { FallbackPolicy } from './policies/FallbackPolicy.js';
export type { Fallback } from './policies/FallbackPolicy.js';
export { DeadLetterPolicy } from './policies/DeadLetterPolicy.js';
export type { DeadLetter } from './policies/DeadLetterPolicy.js';

export { TaskTracker } from './tracker/TaskTracker.js';
export type { SpawnOptions, TaskTrackerOptions, TaskValue } from './tracker/TaskTrackerOptions.js';
export type { TaskContext } from './task/TaskContext.js';
export type { TrackerTree } from './tracker/TrackerTree.js';
export { TaskTrackerBuilder } from './tracker/TaskTrackerBuilder.js';
export { ChildTrackerBuilder } from './tracker/ChildTrackerBuilder.js';
export { TaskHandle } from './task/TaskHandle.js';
export type { TaskStatus } from './task/TaskState.js';
export { CancellableTaskResult } from './task/CancellableTaskResult.js';
export type * from './tracker/TrackerEvent.js';

export { mergeTask, concatTask, switchTask, exhaustTask, takeUntilCancelled } from './operators/index.js';
export type { MergeTaskOptions, TaskOperatorOptions } from './operators/index.js';
