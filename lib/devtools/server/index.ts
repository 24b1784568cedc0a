// The `rx-task-tracker/devtools/server` entry point: Node only (node:http).
// Names only; every export is documented where it is defined.

export { devtoolsHandler } from './devtoolsHandler.js';
export type { DevtoolsHandlerOptions, DevtoolsRequestHandler } from './devtoolsHandler.js';
