import * as api from '../lib/index.js';

// The public surface of the core entry point, pinned: adding a name is a decision, removing one a breaking change.
describe('rx-task-tracker (the core entry point)', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ActionResult',
        'CancelOnError',
        'CancellableTaskResult',
        'CancellationToken',
        'ChildTrackerBuilder',
        'CircuitBreakerPolicy',
        'ComposedPolicy',
        'DEFAULT_EXPONENTIAL_BACKOFF_OPTIONS',
        'ErrorResponse',
        'ExponentialBackoff',
        'FailedWithContinuation',
        'LogOnlyPolicy',
        'RateCancelPolicy',
        'RateCancelPolicyBuilder',
        'RetryPolicy',
        'SemaphoreScheduler',
        'TaskCancelledError',
        'TaskError',
        'TaskFailedError',
        'TaskHandle',
        'TaskMetrics',
        'TaskRejectedError',
        'TaskTimeoutError',
        'TaskTracker',
        'TaskTrackerBuilder',
        'ThresholdCancelPolicy',
        'TrackerClosedError',
        'TriggerCancellationTokenOnError',
        'UnlimitedScheduler',
        'composePolicies',
        'concatTask',
        'exhaustTask',
        'mergeTask',
        'switchTask',
        'takeUntilCancelled',
        'isAbortError',
        'isTaskCancelledError',
        'isTaskError',
        'isTaskFailedError',
        'isTaskRejectedError',
        'isTaskTimeoutError',
        'isTrackerClosedError',
      ].sort(),
    );
  });
});
