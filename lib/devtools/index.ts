/**
 * `rx-task-tracker/devtools`: the devtools panel (a custom element, or mounted into any
 * element) and its data layer, {@link DevtoolsModel}.
 *
 * For browsers: no Node built-in, no framework. Importing it registers nothing, so it
 * is safe to import on a server.
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { defineTaskTrackerDevtools } from './defineTaskTrackerDevtools.js';
export type { TaskTrackerDevtoolsElement, TaskTrackerDevtoolsElementClass } from './defineTaskTrackerDevtools.js';
export { mountTrackerDevtools } from './mountTrackerDevtools.js';
export type { MountedDevtools } from './mountTrackerDevtools.js';
export { DevtoolsModel } from './DevtoolsModel.js';
export type { DevtoolsModelOptions } from './DevtoolsModel.js';
export type { BarOutcome, DevtoolsState, FailureEntry, TimelineBar, TrackerRow } from './DevtoolsState.js';
