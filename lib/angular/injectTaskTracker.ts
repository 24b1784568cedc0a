import { assertInInjectionContext, DestroyRef, inject, runInInjectionContext, type Injector } from '@angular/core';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { ChildTaskTrackerOptions } from './ChildTaskTrackerOptions.js';
import { buildChildTracker, CHILD_KEYS, checkChildOptions } from './internal/buildChildTracker.js';
import { cancelOnDestroy } from './internal/cancelOnDestroy.js';
import { nearestTracker } from './internal/nearestTracker.js';
import { registerOwnTracker } from './internal/ownTracker.js';

/** What an injected child's `OwnerDestroyed` says when its injection context is destroyed. */
const CONTEXT_DESTROYED = 'injection context destroyed';
const INJECT_KEYS: readonly string[] = [...CHILD_KEYS, 'injector'];

/**
 * Options of {@link injectTaskTracker}: those of a child tracker, and the
 * injector to use outside an injection context.
 *
 * @example
 * ```ts
 * ngOnInit() {
 *   this.tracker = injectTaskTracker({ name: 'late', injector: this.injector });
 * }
 * ```
 * @category Angular
 */
export interface InjectTaskTrackerOptions extends ChildTaskTrackerOptions {
  /**
   * The injector to find the parent tracker and the `DestroyRef` in, for a call
   * outside an injection context (in `ngOnInit`, say). Default: the current
   * injection context's.
   */
  readonly injector?: Injector;
}

/**
 * A new child of the nearest `TaskTracker` (the one `inject(TaskTracker)` would
 * give: the root, or a {@link provideChildTaskTracker} child above), cancelled
 * with `new OwnerDestroyed('injection context destroyed')` when the calling
 * context's `DestroyRef` fires: a component's or directive's view, a pipe, a
 * service's injector. Leaving the page cancels its loads: queued tasks never
 * start, running ones are torn down and their token fires (a `fetch` given
 * `token.signal` aborts). Its siblings and its parent go on.
 *
 * Leaving is silent: with that reason, the tracker's streams complete rather
 * than error (see `OwnerDestroyed`), so a `spawn$` subscribed with
 * `takeUntilDestroyed()` or through the async pipe, or a task operator, ends
 * without an error whichever of the component's `DestroyRef` callbacks runs
 * first. Handles (promises) still reject with a `TaskCancelledError`.
 *
 * In a component or directive, it is also what {@link injectTrackerMetrics}
 * follows when called without a tracker (the first one made for that element).
 *
 * Called from a context that is already destroyed, it returns a tracker that is
 * already cancelled, rather than throwing.
 *
 * @throws Error (NG0203) outside an injection context without `options.injector`.
 * @throws Error if no `TaskTracker` is provided: add `provideTaskTracker()`.
 * @throws RangeError if `options.concurrency` is not a positive integer.
 *
 * @example
 * ```ts
 * @Component({ selector: 'app-user', template: '{{ user()?.name }} ({{ m().active }} loading)' })
 * export class UserComponent {
 *   private readonly tracker = injectTaskTracker({ name: 'user', concurrency: 2 });
 *   readonly m = injectTrackerMetrics(); // this.tracker's
 *   readonly user = signal<User | undefined>(undefined);
 *   constructor() {
 *     this.tracker
 *       .spawn$(inject(HttpClient).get<User>('/api/user'))
 *       .pipe(takeUntilDestroyed())
 *       .subscribe((user) => this.user.set(user)); // completes, silently, if the component goes first
 *   }
 * }
 * ```
 * @category Angular
 */
export function injectTaskTracker(options?: InjectTaskTrackerOptions): TaskTracker {
  checkChildOptions(options, 'injectTaskTracker()', INJECT_KEYS);
  const injector = options?.injector;
  if (injector === undefined) {
    assertInInjectionContext(injectTaskTracker);
    return create(options);
  }
  return runInInjectionContext(injector, () => create(options));
}

function create(options: InjectTaskTrackerOptions | undefined): TaskTracker {
  const child = buildChildTracker(nearestTracker('injectTaskTracker()'), options, 'injectTaskTracker()');
  cancelOnDestroy(child, inject(DestroyRef), CONTEXT_DESTROYED);
  registerOwnTracker(child);
  return child;
}
