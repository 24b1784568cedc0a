import { DestroyRef, inject, type Provider } from '@angular/core';
import { TaskTracker } from '../tracker/TaskTracker.js';
import type { ChildTaskTrackerOptions } from './ChildTaskTrackerOptions.js';
import { buildChildTracker, checkChildOptions } from './internal/buildChildTracker.js';
import { cancelOnDestroy } from './internal/cancelOnDestroy.js';
import { nearestTracker } from './internal/nearestTracker.js';

/** What a provided child's `OwnerDestroyed` says when its injector is destroyed. */
const INJECTOR_DESTROYED = 'injector destroyed';

/**
 * Providers for a component's, directive's or route's `providers`: a child of
 * the nearest `TaskTracker` above that injector, injectable as `TaskTracker` by
 * that component (or route) and everything below it, so a whole subtree of the
 * page shares one tracker, counts together and is cancelled together. It is
 * cancelled with `new OwnerDestroyed('injector destroyed')` when that injector
 * is destroyed (the component's view, or the route's environment injector), so
 * its streams complete rather than error (see {@link injectTaskTracker}).
 *
 * The child is made when something first injects it, one per component
 * instance (one per route injector). A `TaskTracker` must be provided above
 * (`provideTaskTracker()`), or that injection throws an error saying so.
 * `concurrency` caps the subtree inside the slots it shares.
 *
 * @throws RangeError if `options.concurrency` is not a positive integer (when called).
 *
 * @example
 * ```ts
 * @Component({
 *   selector: 'app-dashboard',
 *   providers: [provideChildTaskTracker({ name: 'dashboard', concurrency: 3 })], // at most 3 of the app's slots
 *   imports: [ChartComponent, TableComponent], // their inject(TaskTracker) is the dashboard's tracker
 *   template: '<app-chart /><app-table />',
 * })
 * export class DashboardComponent {}
 * ```
 * @category Angular
 */
export function provideChildTaskTracker(options?: ChildTaskTrackerOptions): Provider[] {
  checkChildOptions(options, 'provideChildTaskTracker()');
  return [
    {
      provide: TaskTracker,
      useFactory: () => {
        // skipSelf: this provider is TaskTracker here; the parent is the one above.
        const child = buildChildTracker(nearestTracker('provideChildTaskTracker()', true), options, 'provideChildTaskTracker()');
        cancelOnDestroy(child, inject(DestroyRef), INJECTOR_DESTROYED);
        return child;
      },
    },
  ];
}
