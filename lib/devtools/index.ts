// The `rx-task-tracker/devtools` entry point: the devtools panel for browsers (no
// Node built-ins, no framework) and its data layer. Importing it registers
// nothing. Names only; every export is documented where it is defined.

export { defineTaskTrackerDevtools } from './defineTaskTrackerDevtools.js';
export type { TaskTrackerDevtoolsElement, TaskTrackerDevtoolsElementClass } from './defineTaskTrackerDevtools.js';
export { mountTrackerDevtools } from './mountTrackerDevtools.js';
export type { MountedDevtools } from './mountTrackerDevtools.js';
export { DevtoolsModel } from './DevtoolsModel.js';
export type { DevtoolsModelOptions } from './DevtoolsModel.js';
export type { BarOutcome, DevtoolsState, FailureEntry, TimelineBar, TrackerRow } from './DevtoolsState.js';
