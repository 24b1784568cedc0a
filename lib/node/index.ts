// The `rx-task-tracker/node` entry point: Node only (node:async_hooks). Names
// only; every export is documented where it is defined.

export { AsyncContextScheduler } from './AsyncContextScheduler.js';
export type { AsyncContextOptions } from './AsyncContextScheduler.js';
