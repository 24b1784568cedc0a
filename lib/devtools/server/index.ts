/**
 * `rx-task-tracker/devtools/server`: the devtools panel for a tracker that lives on a
 * server, as a request handler for Node's `http` or Express.
 *
 * Node only (`node:http`). The endpoint has no authentication: see {@link devtoolsHandler}.
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { devtoolsHandler } from './devtoolsHandler.js';
export type { DevtoolsHandlerOptions, DevtoolsRequestHandler } from './devtoolsHandler.js';
export type { DevtoolsModelOptions } from '../DevtoolsModel.js';
