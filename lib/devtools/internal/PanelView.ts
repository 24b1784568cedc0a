import { animationFrameScheduler, asyncScheduler, type Subscription } from 'rxjs';
import type { DevtoolsState, TrackerRow } from '../DevtoolsState.js';
import { el, svg } from './dom.js';
import { drawTimeline } from './drawTimeline.js';
import type { PanelFeed } from './PanelFeed.js';
import { COLORS, PANEL_CSS } from './panelStyles.js';

/** While something is on screen that moves with time (the timeline), redraw this often without changes. */
const TICK_MS = 250;
/**
 * Otherwise, this often: a child the garbage collector took is no event, the
 * panel sees it gone from `tree()` at its next redraw.
 */
const IDLE_TICK_MS = 1000;

const METRICS = ['issued', 'success', 'failed', 'cancelled', 'rejected', 'active', 'queued', 'pending', 'stopping'] as const;
const SEGMENTS = ['success', 'failed', 'cancelled', 'rejected', 'pending'] as const;

/**
 * @internal The panel: builds its DOM inside `host` once, then redraws at most
 * once per animation frame after the feed says something changed. Destroyed,
 * it stops the feed and every scheduled frame or tick: nothing is left running.
 */
export class PanelView {
  private readonly _document: Document;
  private readonly _root: HTMLDivElement;
  private readonly _status: HTMLSpanElement;
  private readonly _tree: HTMLTableSectionElement;
  private readonly _timeline: SVGSVGElement;
  private readonly _filter: HTMLSelectElement;
  private readonly _failures: HTMLOListElement;
  private _frame: Subscription | undefined = undefined;
  private _tick: Subscription | undefined = undefined;
  private _stop: (() => void) | undefined;
  private _destroyed = false;

  constructor(
    host: HTMLElement,
    private readonly _feed: PanelFeed,
  ) {
    const d = (this._document = host.ownerDocument);
    this._root = el(d, 'div', { class: 'rxtt', part: 'panel' });
    const header = el(d, 'header');
    this._status = el(d, 'span', { class: 'rxtt-status' });
    const clear = el(d, 'button', { type: 'button', 'data-action': 'clear', title: 'Forget finished trackers, the timeline and the failure log' }, 'clear history');
    header.append(el(d, 'strong', {}, 'rx-task-tracker devtools'), this._status, clear);
    const legend = el(d, 'div', { class: 'rxtt-legend' });
    for (const key of SEGMENTS) {
      const item = el(d, 'span');
      item.append(el(d, 'i', { style: `background:${COLORS[key]}` }), key);
      legend.append(item);
    }
    this._tree = el(d, 'tbody');
    const table = el(d, 'table', { class: 'rxtt-tree' });
    table.append(this._tree);
    this._timeline = svg(d, 'svg', { class: 'rxtt-timeline' }) as SVGSVGElement;
    this._filter = el(d, 'select', { class: 'rxtt-filter', 'aria-label': 'Show failures of' });
    this._failures = el(d, 'ol', { class: 'rxtt-failures' });
    const failuresTitle = el(d, 'h3', {}, 'Failures ');
    failuresTitle.append(this._filter);
    this._root.append(
      el(d, 'style', {}, PANEL_CSS),
      header,
      el(d, 'h3', {}, 'Trackers'),
      legend,
      table,
      el(d, 'h3', {}, 'Timeline'),
      this._timeline,
      failuresTitle,
      this._failures,
    );
    this._root.addEventListener('click', this._onClick);
    this._filter.addEventListener('change', this._request);
    host.append(this._root);
    this._stop = _feed.connect(this._request);
    this._render();
  }

  /** Stops following the feed and removes the panel from its host. */
  destroy(): void {
    if (this._destroyed) return;
    this._destroyed = true;
    this._stop?.();
    this._stop = undefined;
    this._frame?.unsubscribe();
    this._tick?.unsubscribe();
    this._root.removeEventListener('click', this._onClick);
    this._filter.removeEventListener('change', this._request);
    this._root.remove();
  }

  /** Something changed: draw on the next animation frame (once, however many changes come before it). */
  private readonly _request = (): void => {
    if (this._frame !== undefined || this._destroyed) return;
    this._frame = animationFrameScheduler.schedule(() => {
      this._frame = undefined;
      this._render();
    });
  };

  private readonly _onClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest?.('button');
    if (button === null || button === undefined) return;
    const action = button.getAttribute('data-action');
    if (action === 'cancel') this._feed.cancel(button.getAttribute('data-path')!);
    else if (action === 'clear') this._feed.clear();
    this._request();
  };

  private _render(): void {
    if (this._destroyed) return;
    const state = this._feed.state();
    this._status.textContent = this._feed.status() ?? '';
    this._tree.replaceChildren(...state.rows.map((row) => this._row(row)));
    drawTimeline(this._document, this._timeline, state);
    this._renderFailures(state);
    this._tick?.unsubscribe();
    this._tick = undefined;
    const moving = state.bars.length > 0 || state.rows.some((row) => row.metrics.pending > 0 || row.metrics.stopping > 0);
    this._tick = asyncScheduler.schedule(
      () => {
        this._tick = undefined;
        this._request();
      },
      moving ? TICK_MS : IDLE_TICK_MS,
    );
  }

  private _row(row: TrackerRow): HTMLTableRowElement {
    const d = this._document;
    const m = row.metrics;
    const tr = el(d, 'tr', { 'data-path': row.path, class: row.finished ? 'rxtt-finished' : '' });
    const name = el(d, 'td', { class: 'rxtt-name', style: `padding-left:${4 + row.depth * 14}px`, title: row.path }, row.name);
    const state = el(d, 'td');
    state.append(el(d, 'span', { class: `rxtt-state rxtt-state-${row.state}`, 'data-state': row.state }, row.finished ? `${row.state}, finished` : row.state));
    const bar = el(d, 'div', { class: 'rxtt-bar', title: `of ${m.issued} issued` });
    for (const key of SEGMENTS) {
      const count = m[key];
      if (count > 0 && m.issued > 0) bar.append(el(d, 'span', { 'data-segment': key, style: `width:${(100 * count) / m.issued}%;background:${COLORS[key]}` }));
    }
    const barCell = el(d, 'td');
    barCell.append(bar);
    const counts = el(d, 'td', { class: 'rxtt-counts' });
    METRICS.forEach((key, i) => {
      if (i > 0) counts.append(' · ');
      counts.append(el(d, 'span', { 'data-metric': key, title: key }, String(m[key])), ` ${key === 'issued' ? 'issued' : key}`);
    });
    const rate = el(d, 'td', { 'data-metric': 'throughput' }, row.finished ? '' : `${row.throughput}/s`);
    const action = el(d, 'td');
    if (this._feed.canCancel && !row.finished && row.state !== 'cancelled') {
      action.append(el(d, 'button', { type: 'button', 'data-action': 'cancel', 'data-path': row.path, title: `cancel ${row.path}` }, 'cancel'));
    }
    tr.append(name, state, barCell, counts, rate, action);
    return tr;
  }

  private _renderFailures(state: DevtoolsState): void {
    const d = this._document;
    const chosen = this._filter.value;
    const paths = state.rows.map((row) => row.path);
    const options = [el(d, 'option', { value: '' }, 'all trackers')];
    for (const path of paths) options.push(el(d, 'option', { value: path }, path));
    this._filter.replaceChildren(...options);
    this._filter.value = paths.includes(chosen) ? chosen : '';
    const only = this._filter.value;
    // A tracker's failures include its descendants', as its counts do.
    const shown = state.failures.filter((f) => only === '' || f.path === only || f.path.startsWith(`${only}/`));
    const items = shown
      .slice()
      .reverse()
      .map((f) => el(d, 'li', { 'data-task': f.taskId, 'data-path': f.path }, `${f.taskId} ${f.path} (attempt ${f.attempts}): ${f.message}`));
    if (items.length === 0) items.push(el(d, 'li', { class: 'rxtt-none' }, 'no failures'));
    this._failures.replaceChildren(...items);
  }
}
