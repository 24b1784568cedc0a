import type { TaskTracker } from '../tracker/TaskTracker.js';
import { readOptions } from '../errors/checks.js';
import { DEVTOOLS_MODEL_OPTIONS, DevtoolsModel, type DevtoolsModelOptions } from './DevtoolsModel.js';
import { localFeed } from './internal/PanelFeed.js';
import { PanelView } from './internal/PanelView.js';
import { remoteFeed } from './internal/remoteFeed.js';

/**
 * The `<task-tracker-devtools>` element: set `tracker` to show a tracker of this
 * page, or `source` (also an attribute) to follow a server's tracker through
 * `devtoolsHandler`'s stream. It follows only while it is in the document:
 * detached, it is unsubscribed and costs nothing.
 *
 * @example
 * ```ts
 * const panel = document.createElement('task-tracker-devtools') as TaskTrackerDevtoolsElement;
 * panel.tracker = root;
 * document.body.append(panel);
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export interface TaskTrackerDevtoolsElement extends HTMLElement {
  /** The tracker to show (with its descendants); setting it replaces `source`. */
  tracker: TaskTracker | undefined;
  /** The base URL of a `devtoolsHandler` (e.g. `/devtools`); setting it replaces `tracker`. */
  source: string | undefined;
  /** Bounds of the panel's history and timeline; applies from the next time it is shown. */
  options: DevtoolsModelOptions | undefined;
}

/**
 * The class {@link defineTaskTrackerDevtools} registers and returns. @category Devtools
 * @since 0.2.0
 */
export type TaskTrackerDevtoolsElementClass = new () => TaskTrackerDevtoolsElement;

const ours = new WeakSet<CustomElementConstructor>();

/**
 * Registers the `<task-tracker-devtools>` custom element (or under `tagName`)
 * and returns its class. Nothing is registered on import, so the module is free
 * of side effects and safe to import on a server. Calling it again with the same
 * name returns the registered class.
 *
 * @throws Error if `tagName` is taken by another element, or there is no `customElements` (not a browser).
 *
 * @example Plain page
 * ```ts
 * import { defineTaskTrackerDevtools } from 'rx-task-tracker/devtools';
 * defineTaskTrackerDevtools();
 * document.querySelector('task-tracker-devtools')!.tracker = root;
 * ```
 *
 * @example Angular: add CUSTOM_ELEMENTS_SCHEMA to the component's schemas, then in a template
 * ```html
 * <task-tracker-devtools [tracker]="tracker"></task-tracker-devtools>
 * ```
 * @since 0.2.0
 * @category Devtools
 */
export function defineTaskTrackerDevtools(tagName = 'task-tracker-devtools'): TaskTrackerDevtoolsElementClass {
  if (typeof customElements === 'undefined') throw new Error('defineTaskTrackerDevtools() needs a browser: there is no customElements here');
  const existing = customElements.get(tagName);
  if (existing !== undefined) {
    if (ours.has(existing)) return existing as unknown as TaskTrackerDevtoolsElementClass;
    throw new Error(`defineTaskTrackerDevtools(): <${tagName}> is already defined by another element`);
  }

  class Devtools extends HTMLElement implements TaskTrackerDevtoolsElement {
    static get observedAttributes(): string[] {
      return ['source'];
    }

    private _tracker: TaskTracker | undefined = undefined;
    private _source: string | undefined = undefined;
    private _options: DevtoolsModelOptions | undefined = undefined;
    private _view: PanelView | undefined = undefined;
    /** Kept while detached, so that the history survives moving the element. */
    private _model: DevtoolsModel | undefined = undefined;

    get tracker(): TaskTracker | undefined {
      return this._tracker;
    }
    set tracker(tracker: TaskTracker | undefined) {
      this._tracker = tracker;
      this._model = undefined;
      if (tracker !== undefined) this._source = undefined;
      this._remount();
    }

    get source(): string | undefined {
      return this._source;
    }
    set source(url: string | undefined) {
      this._source = url;
      if (url !== undefined) {
        this._tracker = undefined;
        this._model = undefined;
      }
      this._remount();
    }

    get options(): DevtoolsModelOptions | undefined {
      return this._options;
    }
    set options(options: DevtoolsModelOptions | undefined) {
      // Refused where it is set (a typo'd key, an option of the server's handler), not at the next mount.
      readOptions(options, `<${tagName}>.options`, DEVTOOLS_MODEL_OPTIONS);
      this._options = options;
      this._model = undefined;
      if (this._view !== undefined) this._remount();
    }

    attributeChangedCallback(_name: string, _old: string | null, value: string | null): void {
      if (value !== null && value !== this._source) this.source = value;
    }

    connectedCallback(): void {
      this._remount();
    }

    disconnectedCallback(): void {
      this._view?.destroy();
      this._view = undefined;
    }

    private _remount(): void {
      this._view?.destroy();
      this._view = undefined;
      if (!this.isConnected) return;
      if (this._tracker !== undefined) {
        this._model ??= new DevtoolsModel(this._tracker, this._options);
        this._view = new PanelView(this, localFeed(this._model));
      }
      else if (this._source !== undefined) this._view = new PanelView(this, remoteFeed(this._source));
    }
  }

  ours.add(Devtools);
  customElements.define(tagName, Devtools);
  return Devtools;
}
