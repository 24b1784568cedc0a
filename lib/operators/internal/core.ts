// The few internals of the tracker that the operators use, gathered here so that
// a move inside lib/tracker/ touches one line of lib/operators/.
export { CONTINUATION } from '../../task/TaskState.js';
export type { TaskSink } from '../../task/taskStream.js';
export { unsubscribeTask } from '../../task/taskStream.js';
export { checkKeys, checkTimeout } from '../../tracker/trackerChecks.js';
export { checkSignal } from '../../cancellation/checkSignal.js';
export { isOwnerDestroyed } from '../../task/brands.js';
