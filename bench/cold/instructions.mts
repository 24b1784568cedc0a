// Instructions per task of a cold tracker, counted by valgrind's callgrind (needs `valgrind`; not part of npm test):
//
//   node --import tsx bench/cold/instructions.mts [--size 1,1000,10000] [--kind promise|observable]
//
// Wall-clock cold samples on a shared machine move by 2× between rounds; instruction counts do not. Each count is
// one fresh `node --predictable` process (single-threaded, fixed seeds: the same run twice agrees within 0.01%) that
// imports the published build (dist/esm, rebuilt first if stale) and runs the cold sample of bench/cold/timeCold.ts's shape: create a
// root tracker on SemaphoreScheduler.withPermits(8), spawn N tasks, await every handle, join. Printed per task, minus
// a process that imported the same modules and ran nothing; "net" also leaves out TurboFan (which --predictable runs
// on the main thread, and a real process runs beside it), so it is what the interpreter, the baseline compiler, lazy
// compilation, the GC and the tracker itself cost. N = 1 gives the fixed cost of a fresh tracker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { currentBuild } from '../builds.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1,1000,10000' }, kind: { type: 'string', default: 'promise' } } });
const sizes = values.size!.split(',').map(Number);
const kind = values.kind!;
if (kind !== 'promise' && kind !== 'observable') throw new RangeError(`--kind must be promise or observable, got ${kind}`);

const entry = path.join(currentBuild((line) => console.error(line)), 'index.js');
const results = fileURLToPath(new URL('../results/', import.meta.url));
// Under bench/results/ (ignored by git), where the driver finds rxjs.
const dir = mkdtempSync(path.join(results, 'cold-ir-'));
const driver = path.join(dir, 'driver.mjs');
writeFileSync(
  driver,
  `import { of } from 'rxjs';
const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } = await import(${JSON.stringify(entry)});
const n = Number(process.argv[2]);
if (n > 0) {
  const tracker = new TaskTracker(SemaphoreScheduler.withPermits(8), new LogOnlyPolicy({ logger: () => {} }));
  const handles = new Array(n);
  for (let i = 0; i < n; i++) handles[i] = tracker.spawn(${kind === 'promise' ? '() => Promise.resolve(i)' : 'of(i)'});
  await Promise.all(handles);
  await tracker.join();
}
`,
);

/** Total instructions and TurboFan's share (inclusive) of one run of the driver. */
function count(n: number): { total: number; turbofan: number } {
  const out = path.join(dir, `callgrind.${n}`);
  const run = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, 'node', '--predictable', '--random-seed=1', '--hash-seed=1', driver, String(n)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`valgrind failed (is it installed?): ${run.stderr ?? run.error}`);
  const annotate = (inclusive: boolean) =>
    spawnSync('callgrind_annotate', [`--inclusive=${inclusive ? 'yes' : 'no'}`, '--threshold=100', out], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const number = (line: string | undefined) => Number(line?.trim().split(/\s+/)[0].replace(/,/g, '') ?? 0);
  const total = number(annotate(false).split('\n').find((line) => line.includes('PROGRAM TOTALS')));
  const turbofan = number(annotate(true).split('\n').find((line) => line.includes('Compiler::CompileOptimized')));
  return { total, turbofan };
}

try {
  const none = count(0);
  console.log(`| N | instructions per task | net of TurboFan |\n|--:|--:|--:|`);
  for (const n of sizes) {
    const run = count(n);
    const perTask = (run.total - none.total) / n;
    const net = (run.total - run.turbofan - (none.total - none.turbofan)) / n;
    console.log(`| ${n.toLocaleString('en-US')} | ${Math.round(perTask).toLocaleString('en-US')} | ${Math.round(net).toLocaleString('en-US')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
