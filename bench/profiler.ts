// Profiles one contender on one throughput run (after a warm-up), to see where
// the time and the memory go (bench/profile.mts runs it). Not part of `npm run bench`:
//
//   node --expose-gc --import tsx bench/profile.mts --mode cpu    # self time by function
//   node --expose-gc --import tsx bench/profile.mts --mode alloc  # bytes allocated per task, by function
//   node --expose-gc --import tsx bench/profile.mts --mode gc     # GC pauses during the run
//   node --expose-gc --import tsx bench/profile.mts --mode heap   # what each queued task holds (heap snapshot)
//   node --expose-gc --import tsx bench/profile.mts --mode cancel # self time of cancel() on a backlog
//
// Flags: --contender (tracker), --n (1M; 100k for heap), --concurrency (8), --kind (promise);
// --source profiles lib/ through tsx instead of dist/esm (whose internal members the build renames short);
// --runner mergeTask|mergeMap|spawn$|spawn profiles a run of the pipeline case instead of a contender.
// The CPU and allocation profiles are also written to bench/results/ for Chrome DevTools.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { timeCancellation } from './cases/cancellation.js';
import { timePipeline, type PipelineRunner } from './cases/pipeline.js';
import { timeRun } from './cases/throughput.js';
import type { Contender } from './contenders/Contender.js';
import { contenders } from './contenders/index.js';
import { loadLibrary } from './library.js';
import { collectGarbage, gate, slots } from './measure.js';
import type { TaskKind } from './plan.js';

/** What to profile. */
interface Setup {
  readonly mode: string;
  readonly contender: Contender;
  readonly n: number;
  readonly concurrency: number;
  readonly kind: TaskKind;
  /** A pipeline runner to profile instead of the contender. */
  readonly runner: PipelineRunner | undefined;
}

/** Runs the command line `args` (without node and the script). */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      mode: { type: 'string', default: 'cpu' },
      contender: { type: 'string', default: 'tracker' },
      n: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      kind: { type: 'string', default: 'promise' },
      runner: { type: 'string' },
      source: { type: 'boolean', default: false },
    },
  });
  const mode = values.mode!;
  const contender = contenders.find((c) => c.id === values.contender);
  if (contender === undefined) throw new Error(`Unknown contender ${values.contender}: ${contenders.map((c) => c.id).join(', ')}`);
  const n = Number(values.n ?? (mode === 'heap' ? 100_000 : 1_000_000));
  const runner = values.runner as PipelineRunner | undefined;
  if (runner !== undefined && !['mergeTask', 'mergeMap', 'spawn$', 'spawn'].includes(runner)) throw new Error(`Unknown runner ${runner}: mergeTask, mergeMap, spawn$, spawn`);
  const setup: Setup = { mode, contender, n, concurrency: Number(values.concurrency), kind: values.kind as TaskKind, runner };
  await loadLibrary({ source: values.source ? 'source' : 'dist', progress: (line) => console.error(line) });
  if (mode === 'heap') await heap(setup);
  else await timed(setup);
}

/** Where a profile of `contender` (or of a pipeline runner) is written, for Chrome DevTools. */
function output(contender: Contender, n: number, suffix: string, runner?: PipelineRunner): string {
  return path.join(path.dirname(__filename), 'results', `profile-${runner ?? contender.id}-${n}.${suffix}`);
}

/** Warms up, then runs once under the chosen instrument. */
async function timed({ mode, contender, n, concurrency, kind, runner }: Setup): Promise<void> {
  const once = (size: number) => (runner !== undefined ? timePipeline(runner, size, concurrency, kind) : timeRun(contender, size, concurrency, kind).then((t) => t.ms));
  const run = mode === 'cancel' ? () => timeCancellation(1, n, concurrency).then((r) => r.cancelMs) : () => once(n);
  for (let i = 0; i < 3; i++) {
    if (mode === 'cancel') await timeCancellation(1, 50_000, concurrency);
    else await once(50_000);
  }
  await collectGarbage();
  for (let i = 0; i < 2; i++) await once(50_000);
  const session = new Session();
  session.connect();
  const pauses = new Map<string, { count: number; ms: number }>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const gcKind = (entry as PerformanceEntry & { detail?: { kind: number } }).detail?.kind ?? 0;
      const kindName = ({ 1: 'scavenge', 2: 'mark-compact', 4: 'incremental marking', 8: 'weak callbacks' } as Record<number, string>)[gcKind] ?? 'other';
      const p = pauses.get(kindName) ?? { count: 0, ms: 0 };
      p.count++;
      p.ms += entry.duration;
      pauses.set(kindName, p);
    }
  });
  if (mode === 'gc') observer.observe({ entryTypes: ['gc'] });
  if (mode === 'cpu' || mode === 'cancel') {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  } else if (mode === 'alloc') {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  }
  const ms = await run();
  console.log(`${runner ?? contender.id}, ${mode === 'cancel' ? `cancel() of ${n} queued tasks` : `${n} ${kind} tasks, c=${concurrency}`}: ${((ms * 1000) / n).toFixed(3)} µs/task`);
  if (mode === 'cpu' || mode === 'cancel') {
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync(output(contender, n, 'cpuprofile', runner), JSON.stringify(profile));
    printCpu(profile);
  } else if (mode === 'alloc') {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
    writeFileSync(output(contender, n, 'heapprofile', runner), JSON.stringify(profile));
    printAllocations(profile.head, n);
  } else {
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer.disconnect();
    for (const [name, p] of pauses) console.log(`  ${name}: ${p.count} pauses, ${p.ms.toFixed(0)} ms (${((p.ms / ms) * 100).toFixed(0)}% of the run)`);
  }
  session.disconnect();
}

/** Queues `n` tasks that never run, then counts the heap by type (types with ≥ 0.9 instances per task). */
async function heap({ contender, n, concurrency }: Setup): Promise<void> {
  const handles = slots(n);
  const { promise } = gate();
  const task = () => promise; // one function for all: what is listed is the pool's
  const pool = contender.create(concurrency);
  for (let i = 0; i < n; i++) handles[i] = pool.submit(task);
  await collectGarbage();
  const snapshot = JSON.parse(readFileSync(writeHeapSnapshot(output(contender, n, 'heapsnapshot')), 'utf8'));
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byType = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const key = `${types[snapshot.nodes[i + type]]} ${snapshot.strings[snapshot.nodes[i + name]]}`.slice(0, 80);
    const entry = byType.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + size];
    byType.set(key, entry);
  }
  console.log(`${contender.id}: ${n} queued tasks (plus the queue's array, not listed)`);
  for (const [key, e] of [...byType].filter(([, e]) => e.count >= n * 0.9).sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`${(e.bytes / n).toFixed(1).padStart(7)} B/task  ×${(e.count / n).toFixed(2)}  ${key}`);
  }
  handles.fill(undefined);
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
}
interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

function where(frame: CallFrame): string {
  // tsx runs a CommonJS file imported from an ES module as a data: URL ending in ?filePath=…
  const filePath = /[?&]filePath=([^&]*)$/.exec(frame.url)?.[1];
  const url = filePath === undefined ? frame.url : decodeURIComponent(filePath);
  return `${frame.functionName || '(anonymous)'} ${url.replace(/^.*\/(bench|lib|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`;
}

function printTop(totals: Map<string, number>, format: (value: number) => string, top = 25): void {
  for (const [key, value] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${format(value)}  ${key}`);
}

function printCpu(profile: CpuProfile): void {
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  for (const node of profile.nodes) self.set(where(node.callFrame), (self.get(where(node.callFrame)) ?? 0) + (hits.get(node.id) ?? 0));
  printTop(self, (count) => `${((count / profile.samples.length) * 100).toFixed(1).padStart(5)}%`);
}

function printAllocations(head: HeapNode, n: number): void {
  const self = new Map<string, number>();
  let total = 0;
  const stack = [head];
  while (stack.length > 0) {
    const node = stack.pop()!;
    total += node.selfSize;
    self.set(where(node.callFrame), (self.get(where(node.callFrame)) ?? 0) + node.selfSize);
    stack.push(...node.children);
  }
  console.log(`allocated ${(total / n).toFixed(0)} B/task (sampled; inlined callees count in their caller)`);
  printTop(self, (bytes) => `${(bytes / n).toFixed(1).padStart(7)} B/task`);
}
