import type { TaskTracker } from './TaskTracker.js';

/**
 * @internal Cancels `tracker` with the signal's reason when `signal` aborts (at
 * once if it has); the listener goes when the tracker settles.
 */
export function followTrackerSignal(tracker: TaskTracker, signal: AbortSignal): void {
  if (signal.aborted) {
    tracker.cancel(signal.reason);
    return;
  }
  // Born cancelled (by its token) and settled: nothing to listen for.
  if (tracker.isClosed()) return;
  const onAbort = (): void => {
    tracker.cancel(signal.reason);
  };
  signal.addEventListener('abort', onAbort);
  const ledger = tracker._ledger;
  const previous = ledger._stopListening;
  ledger._stopListening = () => {
    previous?.();
    signal.removeEventListener('abort', onAbort);
  };
}
