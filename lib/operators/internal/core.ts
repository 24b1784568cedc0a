// The few internals of the tracker that the operators use, gathered here so that
// a move inside lib/tracker/ touches one line of lib/operators/.
export { CONTINUATION, TASK_CANCELLABLE } from '../../task/TaskState.js';
export type { TaskSink } from '../../task/taskStream.js';
export { unsubscribeTask } from '../../task/taskStream.js';
export { checkTimeout } from '../../tracker/trackerChecks.js';
export { isOwnerDestroyed } from '../../task/brands.js';
