// The few internals of the tracker that the operators use, gathered here so that
// a move inside lib/tracker/ touches one line of lib/operators/.
export { CONTINUATION } from '../../tracker/taskStates.js';
export type { TaskSink } from '../../tracker/taskStream.js';
export { unsubscribeTask } from '../../tracker/taskStream.js';
export { checkKeys, checkTimeout } from '../../tracker/trackerChecks.js';
export { checkSignal } from '../../cancellation/checkSignal.js';
export { isOwnerDestroyed } from '../../tracker/brands.js';
