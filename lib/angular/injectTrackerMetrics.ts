import { assertInInjectionContext, runInInjectionContext, type Injector, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { MetricsSnapshot } from '../metrics/MetricsSnapshot.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { nearestTracker } from './internal/nearestTracker.js';
import { trackerToFollow } from './internal/ownTracker.js';

/**
 * Options of {@link injectTrackerMetrics}.
 *
 * @example
 * ```ts
 * ngOnInit() {
 *   this.metrics = injectTrackerMetrics(this.tracker, { injector: this.injector });
 * }
 * ```
 * @category Angular
 */
export interface InjectTrackerMetricsOptions {
  /**
   * The injector to find the tracker and the `DestroyRef` in, for a call outside
   * an injection context. Default: the current injection context's.
   */
  readonly injector?: Injector;
}

/**
 * The metrics of a tracker as a signal, for a template: the current snapshot at
 * once, then a new one after each burst of changes (`tracker.metrics$`, which
 * coalesces on `asyncScheduler`, so 1,000 tasks settling at once are one
 * update). Reading it in a template renders the updates, zoneless or with
 * zone.js. It stops following the tracker when the calling context's
 * `DestroyRef` fires.
 *
 * Which tracker, without `tracker`: in a component (or directive) that made its
 * own with {@link injectTaskTracker} before this call, that one (the first one
 * made for its element); otherwise `inject(TaskTracker)`, the nearest provided:
 * a {@link provideChildTaskTracker} of this component or above, else the root.
 * Called before `injectTaskTracker()` in the same component, it keeps
 * `inject(TaskTracker)`, and the `injectTaskTracker()` call says so with a
 * development-mode `console.warn`; pass the tracker to choose explicitly.
 *
 * @throws Error (NG0203) outside an injection context without `options.injector`.
 * @throws Error if no tracker is given and none is provided: add `provideTaskTracker()`.
 *
 * @example
 * ```ts
 * @Component({
 *   selector: 'app-progress',
 *   template: `{{ m().active }} running · {{ m().queued }} waiting · {{ m().failed }} failed of {{ m().issued }}`,
 * })
 * export class ProgressComponent {
 *   private readonly tracker = injectTaskTracker({ name: 'progress' });
 *   readonly m = injectTrackerMetrics(); // this.tracker's; injectTrackerMetrics(inject(TaskTracker)) for the one above
 * }
 * ```
 * @category Angular
 */
export function injectTrackerMetrics(tracker?: TaskTracker, options?: InjectTrackerMetricsOptions): Signal<MetricsSnapshot> {
  const injector = options?.injector;
  if (injector === undefined) {
    assertInInjectionContext(injectTrackerMetrics);
    return follow(tracker);
  }
  return runInInjectionContext(injector, () => follow(tracker));
}

function follow(tracker: TaskTracker | undefined): Signal<MetricsSnapshot> {
  const source = tracker ?? trackerToFollow(() => nearestTracker('injectTrackerMetrics()'));
  // metrics$ gives the current snapshot on subscribe, synchronously: the signal
  // always has a real value, and needs no made-up initialValue.
  return toSignal(source.metrics$, { requireSync: true });
}
