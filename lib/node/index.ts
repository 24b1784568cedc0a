/**
 * `rx-task-tracker/node`: tasks that run in the `AsyncLocalStorage` context of their
 * `spawn`.
 *
 * Node only (`node:async_hooks`).
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { AsyncContextScheduler } from './AsyncContextScheduler.js';
export type { AsyncContextOptions } from './AsyncContextScheduler.js';
