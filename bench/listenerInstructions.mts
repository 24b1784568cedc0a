// What one listener costs per task, in instructions (callgrind), which a shared and
// noisy machine sways far less than time:
//
//   node --import tsx bench/listenerInstructions.mts [--n 50000,100000] [--predictable]
//
// Each figure is a run of N promise tasks (c=8) on a fresh flat tracker with one
// listener, in `valgrind --tool=callgrind node --single-threaded`, minus a run of
// none, divided by N. The tracker is the published build `npm run bench` loads (dist/esm).
// `--predictable` (V8's flag) makes runs repeat to the instruction, for A/B of a
// change; its GC heuristics differ from a normal process's, so read its ratios as
// relative only. About 30 s per run (two at a time); needs valgrind.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { currentBuild } from './builds.js';

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const child = path.join(here, 'listenerChild.mjs');
const LISTENERS = ['none', 'metrics$', 'events$', 'taskEnds$'] as const;

const args = process.argv.slice(2);
const nIndex = args.indexOf('--n');
const sizes = nIndex >= 0 ? args[nIndex + 1].split(',').map(Number) : [50_000];
const nodeFlags = ['--single-threaded', ...(args.includes('--predictable') ? ['--predictable'] : [])];

/** Instructions of one run of `n` tasks with `listener`, under callgrind. */
async function instructions(listener: string, n: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'callgrind-'));
  const out = path.join(dir, 'callgrind.out');
  try {
    await run('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, 'node', ...nodeFlags, child, entry, listener, String(n)], { maxBuffer: 1 << 26 });
    const totals = /^(?:summary|totals): (\d+)/m.exec(readFileSync(out, 'utf8'));
    if (totals === null) throw new Error(`no totals in ${out}`);
    return Number(totals[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `jobs` two at a time (the machine has two cores). */
async function pairwise<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) results[i] = await jobs[i]();
  };
  await Promise.all([worker(), worker()]);
  return results;
}

const entry = path.join(currentBuild((line) => console.error(line)), 'index.js');
const cases = [{ listener: 'none', n: 0 }, ...sizes.flatMap((n) => LISTENERS.map((listener) => ({ listener, n })))];
const totals = await pairwise(cases.map(({ listener, n }) => () => instructions(listener, n)));
const empty = totals[0];
console.log(`instructions per task (callgrind, node ${nodeFlags.join(' ')}, c=8, promise tasks; a run minus an empty one)`);
for (const n of sizes) {
  const per = (listener: string) => (totals[cases.findIndex((c) => c.listener === listener && c.n === n)] - empty) / n;
  const none = per('none');
  const row = LISTENERS.map((listener) => `${listener} ${Math.round(per(listener))} (${(per(listener) / none).toFixed(2)}×)`);
  console.log(`N=${n}: ${row.join(', ')}`);
}
