// The end-of-run report: each tracker's metrics as a table, and the invariants
// the library promises, checked against what actually happened.
import type { MetricsSnapshot, TaskTracker, TrackerTree } from '../lib/index.js';

/** One row of the checks table: passes when `got` equals `expected`. */
export interface Check {
  readonly name: string;
  readonly expected: string | number | boolean;
  readonly got: string | number | boolean;
}

const COLUMNS = ['issued', 'started', 'success', 'failed', 'cancelled', 'rejected', 'pending'] as const;

/**
 * The final tree of `root` and its `children`, as `tree()` would give it. After
 * `join()`, `root.tree()` no longer lists the children (it shows the live
 * hierarchy: settled children drop out), so the demo keeps its own references.
 */
export function finalTree(root: TaskTracker, children: readonly TaskTracker[]): TrackerTree {
  const node = (tracker: TaskTracker, kids: TrackerTree[]): TrackerTree => ({
    name: tracker.name,
    path: tracker.path,
    closed: tracker.isClosed(),
    cancelled: tracker.cancellationToken().isCancelled(),
    metrics: tracker.metrics().snapshot(),
    children: kids,
  });
  return node(root, children.map((child) => node(child, [])));
}

/** Every tracker of `tree`, depth first, root first. */
function flatten(tree: TrackerTree): TrackerTree[] {
  return [tree, ...tree.children.flatMap(flatten)];
}

/** The metrics of every tracker in `tree`, one row each. */
export function metricsTable(tree: TrackerTree): string {
  const rows = flatten(tree).map((node) => [node.path + (node.cancelled ? ' (cancelled)' : ''), ...COLUMNS.map((c) => node.metrics[c])]);
  return table(['tracker', ...COLUMNS], rows);
}

/** The checks as a table; `ok` is whether all passed. */
export function checksTable(checks: readonly Check[]): { text: string; ok: boolean } {
  const rows = checks.map((c) => [c.expected === c.got ? 'ok' : 'FAIL', c.name, String(c.expected), String(c.got)]);
  return { text: table(['', 'check', 'expected', 'got'], rows, 2), ok: checks.every((c) => c.expected === c.got) };
}

/**
 * The invariants for every tracker after `join()`, one row each listing the
 * trackers in order: the outcome counts add up to `issued`, nothing is pending
 * or running, and each parent's counts are the sum of its children's (the demo
 * spawns only on the children).
 */
export function invariantChecks(tree: TrackerTree): Check[] {
  const nodes = flatten(tree);
  const list = (f: (m: MetricsSnapshot) => number | string) => nodes.map((n) => f(n.metrics)).join(', ');
  const checks: Check[] = [
    {
      name: `issued = success+failed+cancelled+rejected+pending (${nodes.map((n) => n.name).join(', ')})`,
      expected: list((m) => m.issued),
      got: list((m) => m.success + m.failed + m.cancelled + m.rejected + m.pending),
    },
    { name: 'pending after join (same order)', expected: list(() => 0), got: list((m) => m.pending) },
  ];
  for (const node of nodes) {
    if (node.children.length === 0) continue;
    checks.push({
      name: `${node.path} = sum of its children (issued/started/…/pending)`,
      expected: COLUMNS.map((c) => node.children.reduce((total, child) => total + child.metrics[c], 0)).join('/'),
      got: COLUMNS.map((c) => node.metrics[c]).join('/'),
    });
  }
  return checks;
}

/** A plain text table: the first `left` columns left-aligned, the others right-aligned. */
function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], left = 1): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [format(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(format)].join('\n');
}
