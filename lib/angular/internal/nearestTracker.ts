import { inject } from '@angular/core';
import { TaskTracker } from '../../tracker/TaskTracker.js';

/**
 * @internal The `TaskTracker` the current injection context sees (above it, with
 * `skipSelf`), or an error that names `caller` and says what to add. Angular's
 * own "No provider for TaskTracker" would not say that `provideTaskTracker()`
 * is the missing piece.
 */
export function nearestTracker(caller: string, skipSelf = false): TaskTracker {
  const tracker = inject(TaskTracker, { optional: true, skipSelf });
  if (tracker === null) throw missingTaskTracker(caller);
  return tracker;
}

/** @internal The error for a tree with no `provideTaskTracker()`. */
export function missingTaskTracker(caller: string): Error {
  return new Error(
    `${caller}: no TaskTracker is provided here. Add provideTaskTracker() to the application's providers, ` +
      'e.g. bootstrapApplication(App, { providers: [provideTaskTracker()] }) ' +
      '(in a test: TestBed.configureTestingModule({ providers: [provideTaskTracker()] })).',
  );
}
