import type { DestroyRef } from '@angular/core';
import { OwnerDestroyed } from '../../cancellation/OwnerDestroyed.js';
import type { TaskTracker } from '../../tracker/TaskTracker.js';

/**
 * @internal Cancels `tracker` with `new OwnerDestroyed(what)` when `destroyRef`
 * fires. That reason makes the tracker's streams complete rather than error:
 * the destroyed component's subscribers (`takeUntilDestroyed`, the async pipe)
 * may be told before or after this callback runs, and either way nobody sees an
 * error.
 *
 * A `DestroyRef` that has fired already (a tracker made late, from a callback
 * that outlived its component) cancels at once: a tracker whose owner is gone
 * must not run anything, and registering on it would throw (NG0911 for a view,
 * NG0205 for an injector; angular/angular#54527). `destroyRef.destroyed` tells
 * on Angular 20.1 and later; on 20.0, which lacks it, the throw tells.
 */
export function cancelOnDestroy(tracker: TaskTracker, destroyRef: DestroyRef, what: string): void {
  // Made when it happens: an Error captures a stack, and most components are never destroyed mid-load.
  const cancel = (): void => void tracker.cancel(new OwnerDestroyed(what));
  const state = destroyRef as { readonly destroyed?: boolean };
  if (state.destroyed === true) {
    cancel();
    return;
  }
  try {
    destroyRef.onDestroy(cancel);
  } catch (error) {
    cancel();
    if (state.destroyed === false) throw error; // not the destroyed case after all
  }
}
