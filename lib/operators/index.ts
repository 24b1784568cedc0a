// The pipeable operators (`rx-task-tracker/operators`, and re-exported by the
// core entry point). Names only; every export is documented where it is defined.

export { mergeTask } from './mergeTask.js';
export type { MergeTaskOptions } from './mergeTask.js';
export { concatTask } from './concatTask.js';
export { switchTask } from './switchTask.js';
export { exhaustTask } from './exhaustTask.js';
export { takeUntilCancelled } from './takeUntilCancelled.js';
export type { TaskOperatorOptions } from './TaskOperatorOptions.js';
