import { ElementRef, inject, isDevMode } from '@angular/core';
import type { TaskTracker } from '../../tracker/TaskTracker.js';

// What `injectTrackerMetrics()` follows without an argument, in a component that
// made its own tracker with `injectTaskTracker()`: that tracker, not the one
// above (the root, which counts every component's tasks). The two calls meet
// through the element the component (or directive) is on: the one thing of an
// injection context that Angular's public API gives the same each time.

/** The first tracker `injectTaskTracker()` made for each host element. */
const own = new WeakMap<object, TaskTracker>();
/** Elements whose argument-less `injectTrackerMetrics()` came before any `injectTaskTracker()`, with what it followed. */
const followedFirst = new WeakMap<object, TaskTracker>();

/** The element of the current injection context's component or directive; `undefined` for a service's. */
function hostElement(): object | undefined {
  const element: unknown = inject(ElementRef, { optional: true })?.nativeElement;
  return typeof element === 'object' && element !== null ? element : undefined;
}

/** @internal Records `tracker`, just made by `injectTaskTracker()`, as its element's own (if it is the first). */
export function registerOwnTracker(tracker: TaskTracker): void {
  const host = hostElement();
  if (host === undefined || own.has(host)) return;
  own.set(host, tracker);
  const followed = followedFirst.get(host);
  if (followed !== undefined && isDevMode()) {
    console.warn(
      `rx-task-tracker/angular: injectTrackerMetrics() was called before injectTaskTracker() on the same element, ` +
        `so it follows "${followed.path}", not "${tracker.path}". Call it after injectTaskTracker(), or pass the tracker: ` +
        'injectTrackerMetrics(this.tracker); for the tracker above on purpose: injectTrackerMetrics(inject(TaskTracker)). ' +
        '(Shown in development mode only.)',
    );
  }
}

/**
 * @internal The tracker an argument-less `injectTrackerMetrics()` follows: the
 * element's own, else `provided` (what `inject(TaskTracker)` gives), remembered
 * so that an `injectTaskTracker()` coming after can say it was passed over.
 */
export function trackerToFollow(provided: () => TaskTracker): TaskTracker {
  const host = hostElement();
  const tracker = host === undefined ? undefined : own.get(host);
  if (tracker !== undefined) return tracker;
  const fallback = provided();
  if (host !== undefined && !followedFirst.has(host)) followedFirst.set(host, fallback);
  return fallback;
}
