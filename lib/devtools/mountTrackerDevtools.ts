import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import { DevtoolsModel, type DevtoolsModelOptions } from './DevtoolsModel.js';
import { localFeed } from './internal/PanelFeed.js';
import { PanelView } from './internal/PanelView.js';

/**
 * What {@link mountTrackerDevtools} returns.
 *
 * @example
 * ```ts
 * const panel = mountTrackerDevtools(root, document.getElementById('devtools')!);
 * panel.destroy();
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface MountedDevtools {
  /** Stops following the tracker (it then costs nothing) and removes the panel. Safe to call twice. */
  destroy(): void;
}

/**
 * Shows the devtools panel of `tracker` (its tree, timeline and failure log,
 * live) inside `container`, without custom elements. Redraws at most once per
 * animation frame; `destroy()` unsubscribes everything.
 *
 * @throws TypeError if `tracker` is not a tracker or `container` not an element.
 *
 * @example
 * ```ts
 * import { mountTrackerDevtools } from 'rx-task-tracker/devtools';
 * const panel = mountTrackerDevtools(root, document.querySelector('#devtools')!);
 * // when the page goes away:
 * panel.destroy();
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export function mountTrackerDevtools(tracker: TaskTracker, container: Element, options?: DevtoolsModelOptions): MountedDevtools {
  if (typeof (container as Partial<Element> | null)?.append !== 'function') {
    throw new TypeError(`mountTrackerDevtools(tracker, container) expects a DOM element as container, got ${got(container)}`);
  }
  const view = new PanelView(container as HTMLElement, localFeed(new DevtoolsModel(tracker, options)));
  return { destroy: () => view.destroy() };
}
