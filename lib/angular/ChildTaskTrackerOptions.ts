import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';

/**
 * How {@link provideChildTaskTracker} and {@link injectTaskTracker} build a child
 * tracker. What is not set is inherited from the parent, as with
 * `tracker.childTrackerBuilder()`: its scheduler (so the child shares the
 * parent's slots), its error policy's `createChild()`, its timeout. A
 * `concurrency` caps the child within those shared slots.
 *
 * `scheduler` and `errorPolicy` take an instance or a factory. The options of a
 * component's `providers` are written once for the class, so an instance given
 * there is shared by every instance of the component; a factory runs once per
 * child, inside the injection context, and gives each its own.
 *
 * @example
 * ```ts
 * @Component({
 *   selector: 'app-gallery',
 *   providers: [provideChildTaskTracker({ name: 'gallery', scheduler: () => SemaphoreScheduler.withPermits(2) })],
 *   template: '…',
 * })
 * export class GalleryComponent {}
 * ```
 * @category Angular
 */
export interface ChildTaskTrackerOptions {
  /** The child's name, one segment of its `path`. Default: `child-<n>`. */
  readonly name?: string;
  /** A scheduler of its own. Default: the parent's, shared. */
  readonly scheduler?: TaskScheduler | (() => TaskScheduler);
  /** An error policy of its own, used as is. Default: the parent's `createChild()`. */
  readonly errorPolicy?: OnErrorPolicy | (() => OnErrorPolicy);
  /** A default per-task timeout in milliseconds. Default: the parent's. */
  readonly timeout?: number;
  /**
   * At most this many of the child's tasks (its subtree's) run at once, inside
   * the slots of its scheduler (the parent's, shared, unless `scheduler` gives
   * one): the rest wait apart, so the parent's other tasks never queue behind
   * them. What `childTrackerBuilder().concurrency(n)` does. Default: no cap.
   *
   * @example A gallery never takes more than 2 of the application's 6 slots
   * ```ts
   * providers: [provideChildTaskTracker({ name: 'gallery', concurrency: 2 })]
   * ```
   * @since 0.2.0
   */
  readonly concurrency?: number;
}
