import type { DevtoolsState } from '../DevtoolsState.js';
import { svg } from './dom.js';
import { COLORS } from './panelStyles.js';

const LANE = 14;
const LABEL = 130;

/**
 * @internal Draws the timeline into `target` (an `<svg>`): one lane per tracker,
 * one bar per task that ended inside the window, its wait in the queue lighter.
 */
export function drawTimeline(document: Document, target: SVGSVGElement, state: DevtoolsState): void {
  // Drawn in the element's own pixels, so that text is not stretched.
  const WIDTH = Math.max(LABEL + 100, Math.round(target.getBoundingClientRect().width) || 600);
  const lanes = new Map<string, number>();
  state.rows.forEach((row, i) => lanes.set(row.path, i));
  const height = Math.max(1, state.rows.length) * LANE + 14;
  target.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  target.setAttribute('height', String(height));
  const start = state.now - state.windowMs;
  const x = (time: number) => LABEL + (Math.max(time, start) - start) * ((WIDTH - LABEL) / state.windowMs);
  const children: SVGElement[] = [];
  state.rows.forEach((row, i) => {
    children.push(svg(document, 'rect', { x: 0, y: i * LANE, width: WIDTH, height: LANE, fill: i % 2 === 0 ? '#f6f8fb' : '#fff' }));
    const label = svg(document, 'text', { x: 4 + row.depth * 8, y: i * LANE + 10, 'font-size': 10, fill: row.finished ? '#8a93a3' : '#1d2330' });
    label.textContent = row.name;
    children.push(label);
  });
  for (const bar of state.bars) {
    const lane = lanes.get(bar.path);
    if (lane === undefined) continue;
    const y = lane * LANE + 3;
    const color = COLORS[bar.outcome];
    const begin = bar.started ?? bar.ended;
    if (begin > bar.issued) {
      children.push(svg(document, 'rect', { x: x(bar.issued), y, width: Math.max(0.5, x(begin) - x(bar.issued)), height: LANE - 6, fill: color, 'fill-opacity': 0.25, class: 'rxtt-wait' }));
    }
    const rect = svg(document, 'rect', {
      x: x(begin),
      y,
      width: Math.max(1, x(bar.ended) - x(begin)),
      height: LANE - 6,
      fill: color,
      class: 'rxtt-task',
      'data-task': bar.taskId,
      'data-outcome': bar.outcome,
    });
    const title = svg(document, 'title', {});
    title.textContent = `${bar.taskId} ${bar.outcome} (${Math.round(bar.ended - begin)} ms)`;
    rect.appendChild(title);
    children.push(rect);
  }
  const axis = svg(document, 'text', { x: WIDTH - 4, y: height - 3, 'font-size': 9, 'text-anchor': 'end', fill: '#5b6578' });
  axis.textContent = `now · ${Math.round(state.windowMs / 1000)} s window`;
  children.push(axis);
  target.replaceChildren(...children);
}
