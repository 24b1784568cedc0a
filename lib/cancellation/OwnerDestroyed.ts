/** @internal Its brand (see tracker/brands.ts); here, so that this layer imports nothing from the tracker's. */
export const OWNER_DESTROYED = 'rx-task-tracker:OwnerDestroyed';

/**
 * A cancellation reason saying that whoever the work was for is gone: a
 * component destroyed, a page left, a client that hung up. Nobody is left to be
 * told of the cancellation, so the **streams** of the tasks it ends complete, as
 * they would under `takeUntil(destroyed$)`, instead of erroring with a
 * {@link TaskCancelledError}: a `spawn$` completes (and one subscribed later,
 * on the cancelled tracker, completes at once), and a task operator
 * (`mergeTask`, `concatTask`, `switchTask`, `exhaustTask`) unsubscribes its
 * source and completes. Everything else is as with any other reason: the tasks
 * end cancelled and are counted so, their tokens fire with it (a `fetch` given
 * `token.signal` aborts), and handles reject with a `TaskCancelledError` whose
 * `reason` it is (a promise must settle; a handle nobody awaits never reports an
 * unhandled rejection).
 *
 * It is an `Error` named `'AbortError'`, like the `DOMException` of
 * `AbortController.abort()`: code that ignores aborts (`error.name ===
 * 'AbortError'`, {@link isAbortError}) ignores it too. It is recognised by a
 * brand, so one made by another copy of the library counts as well.
 *
 * `rx-task-tracker/angular` cancels with it when a component, an injector or the
 * application is destroyed.
 *
 * @example A page's loads, cancelled when the user leaves
 * ```ts
 * const page = root.childTracker();
 * page.spawn$(loadFeed()).subscribe((items) => render(items)); // completes when the page goes: no error to handle
 * window.addEventListener('pagehide', () => page.cancel(new OwnerDestroyed('page left')));
 * ```
 * @since 0.2.0
 * @category Cancellation
 */
export class OwnerDestroyed extends Error {
  /** @param message What went away, e.g. `'component destroyed'`. */
  constructor(message = 'The owner of the work was destroyed.') {
    super(message);
    this.name = 'AbortError';
  }

  /** @internal How the tracker recognises one (see brands.ts). */
  get _brand(): string {
    return OWNER_DESTROYED;
  }
}
