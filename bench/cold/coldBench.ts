import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { count, times, us } from '../format.js';
import { currentBuild } from '../builds.js';
import { ratio, summarize, type Summary } from '../stats.js';
import { COLD_CONTENDERS } from './child.js';

/** One cell: a contender at one N, its samples (µs per task), each from a fresh process or page. */
export interface ColdRow {
  readonly where: 'node' | 'chromium';
  readonly contender: string;
  readonly n: number;
  readonly usPerTask: Summary;
  readonly ratioToFloor: number | undefined;
}

/** Options of a cold run (`npm run bench:cold -- --help`). */
export interface ColdOptions {
  readonly sizes: readonly number[];
  readonly browserSizes: readonly number[];
  readonly rounds: number;
  readonly concurrency: number;
  readonly contenders: readonly string[];
  readonly progress: (line: string) => void;
  /** The tracker's build (a dist/esm folder). @defaultValue this worktree's, rebuilt first if stale */
  readonly esm?: string;
}

const root = path.resolve(path.dirname(__filename), '..', '..');

/**
 * Round-robin over the contenders, starting one later each round, so that none
 * always runs first after a quiet spell or right after the same neighbour.
 */
export function rotations<T>(items: readonly T[], rounds: number): T[][] {
  return Array.from({ length: rounds }, (_, round) => items.map((_, i) => items[(i + round) % items.length]));
}

/** Medians per contender and their ratio to the floor's median in the same cell. */
export function summarizeCells(where: ColdRow['where'], n: number, samples: Map<string, number[]>): ColdRow[] {
  const floor = samples.get('floor');
  const floorMedian = floor === undefined ? undefined : summarize(floor).median;
  return [...samples].map(([contender, values]) => {
    const usPerTask = summarize(values);
    return { where, contender, n, usPerTask, ratioToFloor: ratio(usPerTask.median, floorMedian) };
  });
}

/** Every contender at every size in Node, each sample one fresh `node` process. */
export async function runNodeCold(options: ColdOptions): Promise<ColdRow[]> {
  const esm = options.esm ?? currentBuild(options.progress);
  const rows: ColdRow[] = [];
  for (const n of options.sizes) {
    const samples = new Map<string, number[]>(options.contenders.map((id) => [id, []]));
    for (const [round, order] of rotations(options.contenders, options.rounds).entries()) {
      options.progress(`node, N=${count(n)}, round ${round + 1}/${options.rounds}`);
      for (const id of order) samples.get(id)!.push(nodeSample(id, n, options.concurrency, esm));
    }
    rows.push(...summarizeCells('node', n, samples));
  }
  return rows;
}

function nodeSample(id: string, n: number, concurrency: number, esm: string): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', 'cold', 'child.mts'), id, String(n), String(concurrency), esm], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`cold bench: ${id} at N=${n} exited with ${child.status ?? child.signal}: ${child.stderr}`);
  return (JSON.parse(child.stdout.trim().split('\n').pop()!) as { usPerTask: number }).usPerTask;
}

/** The contenders the targets compare us with. */
export const PEERS = COLD_CONTENDERS.filter((id) => id !== 'floor' && id !== 'tracker');

/** The report: one table per runtime (µs per task, ×floor), then issue 10's cold targets. */
export function formatCold(rows: readonly ColdRow[], options: Pick<ColdOptions, 'rounds' | 'concurrency'>): string {
  const out: string[] = [];
  for (const where of ['node', 'chromium'] as const) {
    const mine = rows.filter((r) => r.where === where);
    if (mine.length === 0) continue;
    const sizes = [...new Set(mine.map((r) => r.n))];
    const contenders = [...new Set(mine.map((r) => r.contender))];
    out.push(
      `#### Cold, ${where === 'node' ? `Node ${process.version}, a fresh process per sample` : 'headless Chromium, a fresh page (browser context) per sample'}: µs per task (×floor), c=${options.concurrency}, promise tasks, median of ${options.rounds}`,
      '',
      `| contender | ${sizes.map(count).join(' | ')} |`,
      `|---|${sizes.map(() => '--:').join('|')}|`,
    );
    for (const id of contenders) {
      const cells = sizes.map((n) => {
        const row = mine.find((r) => r.contender === id && r.n === n);
        return row === undefined ? '—' : `${us(row.usPerTask.median)} (${row.ratioToFloor === undefined ? '?' : times(row.ratioToFloor)})`;
      });
      out.push(`| ${id} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push('#### Targets (cold)', '', '| target | measured | result |', '|---|---|---|');
  for (const where of ['node', 'chromium'] as const) {
    for (const n of [...new Set(rows.filter((r) => r.where === where).map((r) => r.n))]) {
      const ours = rows.find((r) => r.where === where && r.n === n && r.contender === 'tracker');
      const peers = rows.filter((r) => r.where === where && r.n === n && PEERS.includes(r.contender));
      if (ours === undefined || peers.length === 0) continue;
      const beaten = peers.filter((p) => ours.usPerTask.median < p.usPerTask.median);
      out.push(
        `| ${where}, N=${count(n)}: tracker ahead of ${peers.map((p) => p.contender).join(', ')} | ${us(ours.usPerTask.median)} vs ${peers.map((p) => `${p.contender} ${us(p.usPerTask.median)}`).join(', ')} µs/task | ${beaten.length === peers.length ? 'PASS' : `MISS (behind ${peers.filter((p) => !beaten.includes(p)).map((p) => p.contender).join(', ')})`} |`,
      );
    }
  }
  const million = rows.find((r) => r.where === 'node' && r.n === 1_000_000 && r.contender === 'tracker');
  if (million?.ratioToFloor !== undefined) {
    out.push(`| node, N=1M: tracker ≤ 1.15× floor | ${times(million.ratioToFloor)} | ${million.ratioToFloor <= 1.15 ? 'PASS' : 'MISS'} |`);
  }
  return out.join('\n');
}
