// What the devtools browser specs read off the page and the tracker.
import type { TaskTracker } from '../../lib/index.js';

/** Resolves after the next animation frame has run (the panel draws in one). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** The numbers a row shows, by metric. */
export function shown(host: ParentNode, path: string): Record<string, number> {
  const row = host.querySelector(`tr[data-path="${path}"]`);
  if (row === null) throw new Error(`no row for ${path}`);
  const numbers: Record<string, number> = {};
  for (const cell of Array.from(row.querySelectorAll('[data-metric]'))) {
    const name = cell.getAttribute('data-metric')!;
    if (name !== 'throughput') numbers[name] = Number(cell.textContent);
  }
  return numbers;
}

/** The numbers a row should show for `tracker`. */
export function expected(tracker: TaskTracker): Record<string, number> {
  const m = tracker.metrics().snapshot();
  return { issued: m.issued, success: m.success, failed: m.failed, cancelled: m.cancelled, rejected: m.rejected, active: m.active, queued: m.queued, pending: m.pending, stopping: m.stopping };
}

/** Keeps the root's event subscribers countable: the panel must leave none behind. */
export function listeners(tracker: TaskTracker): number {
  return tracker._ledger._eventListeners;
}
