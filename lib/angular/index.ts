/**
 * `rx-task-tracker/angular`: trackers in Angular's dependency injection, cancelled with
 * their component, route or application; server-side rendering that waits for them;
 * metrics as signals.
 *
 * Needs `@angular/core` 20, 21 or 22 (an optional peer dependency, imported by this entry
 * point only). Zoneless or with zone.js, in browsers and on the server. Its CommonJS
 * build needs a Node with `require(esm)` (20.19 or later, or 22.12 or later).
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { provideTaskTracker } from './provideTaskTracker.js';
export type { TaskTrackerConfig } from './TaskTrackerConfig.js';
export { provideChildTaskTracker } from './provideChildTaskTracker.js';
export type { ChildTaskTrackerOptions } from './ChildTaskTrackerOptions.js';
export { injectTaskTracker } from './injectTaskTracker.js';
export type { InjectTaskTrackerOptions } from './injectTaskTracker.js';
export { injectTrackerMetrics } from './injectTrackerMetrics.js';
export type { InjectTrackerMetricsOptions } from './injectTrackerMetrics.js';
export { holdPendingTasks } from './holdPendingTasks.js';
