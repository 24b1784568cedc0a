/**
 * `rx-task-tracker/operators`: the pipeline operators ({@link mergeTask}, {@link concatTask},
 * {@link switchTask}, {@link exhaustTask}, {@link takeUntilCancelled}), also exported by the
 * core entry point.
 *
 * Runs in browsers and Node; needs `rxjs` only.
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { mergeTask } from './mergeTask.js';
export type { MergeTaskOptions } from './mergeTask.js';
export { concatTask } from './concatTask.js';
export { switchTask } from './switchTask.js';
export { exhaustTask } from './exhaustTask.js';
export { takeUntilCancelled } from './takeUntilCancelled.js';
export type { TaskOperatorOptions } from './TaskOperatorOptions.js';
