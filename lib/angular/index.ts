// The `rx-task-tracker/angular` entry point: the one place that imports
// @angular/core (an optional peer dependency). Names only; every export is
// documented where it is defined.

export { provideTaskTracker } from './provideTaskTracker.js';
export type { TaskTrackerConfig } from './TaskTrackerConfig.js';
export { provideChildTaskTracker } from './provideChildTaskTracker.js';
export type { ChildTaskTrackerOptions } from './ChildTaskTrackerOptions.js';
export { injectTaskTracker } from './injectTaskTracker.js';
export type { InjectTaskTrackerOptions } from './injectTaskTracker.js';
export { injectTrackerMetrics } from './injectTrackerMetrics.js';
export type { InjectTrackerMetricsOptions } from './injectTrackerMetrics.js';
export { holdPendingTasks } from './holdPendingTasks.js';
