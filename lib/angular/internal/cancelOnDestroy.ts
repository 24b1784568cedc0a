import type { DestroyRef } from '@angular/core';
import type { TaskTracker } from '../../tracker/TaskTracker.js';

/**
 * @internal Cancels `tracker` with `reason` when `destroyRef` fires.
 *
 * A `DestroyRef` that has fired already (a tracker made late, from a callback
 * that outlived its component) cancels at once: a tracker whose owner is gone
 * must not run anything, and registering on it would throw (NG0911 for a view,
 * NG0205 for an injector; angular/angular#54527). `destroyRef.destroyed` tells
 * on Angular 20.1 and later; on 20.0, which lacks it, the throw tells.
 */
export function cancelOnDestroy(tracker: TaskTracker, destroyRef: DestroyRef, reason: string): void {
  const state = destroyRef as { readonly destroyed?: boolean };
  if (state.destroyed === true) {
    tracker.cancel(reason);
    return;
  }
  try {
    destroyRef.onDestroy(() => tracker.cancel(reason));
  } catch (error) {
    tracker.cancel(reason);
    if (state.destroyed === false) throw error; // not the destroyed case after all
  }
}
