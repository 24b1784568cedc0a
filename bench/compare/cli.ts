import path from 'node:path';
import { parseArgs } from 'node:util';
import { baselineBuild, currentBuild, type Build } from '../builds.js';
import { list, stderrProgress, writeResults } from '../commandLine.js';
import { canCollectGarbage } from '../measure.js';
import type { TaskKind } from '../plan.js';
import { COMPARED, defaultCompare, runCompare, type Compared, type CompareOptions } from './compare.js';
import { formatCompare } from './report.js';

const d = defaultCompare;
const HELP = `Usage: npm run bench:compare [-- flags]

The tracker of this worktree's published build (dist/esm, rebuilt first if older
than lib/) against another commit's, side by side in one process: µs per task at
each N, both task kinds, every handle awaited and spawn-then-join(); heap per
queued task; an A/A control (a second copy of the baseline) for the noise. One
Markdown table to stdout, progress to stderr, every sample to the JSON. The
defaults take about 4 minutes on an idle 2-core machine, 13 with the load average at 20.

  --baseline ref     the commit to compare with, built once into bench/results/baseline/<commit>/ (default main)
  --current ref      compare that commit's build instead of this worktree's dist/
  --size n,m         task counts (default ${d.sizes.join(',')})
  --kind k,l         promise, observable (default both)
  --contender a,b    ${COMPARED.join(', ')} (default ${d.contenders.join(',')})
  --rounds r         samples per build in each cell (default ${d.rounds})
  --memory n         tasks queued for the heap measure; 0 skips it (default ${d.memory.queued})
  --memory-rounds r  (default ${d.memory.rounds})
  --threshold p      the slowdown that still passes, in percent (default ${d.threshold * 100})
  --no-control       skip the A/A control (a third less time, no noise estimate)
  --clock c          what the verdict reads: cpu, the CPU time of this process, or wall (default ${d.clock});
                     both are reported
  --out file         the JSON (default bench/results/compare.json)
`;

/** `npm run bench:compare` (bench/compare.mts): runs the comparison, prints the table, writes the JSON. */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      baseline: { type: 'string', default: 'main' },
      current: { type: 'string' },
      size: { type: 'string' },
      kind: { type: 'string' },
      contender: { type: 'string' },
      rounds: { type: 'string' },
      memory: { type: 'string' },
      'memory-rounds': { type: 'string' },
      threshold: { type: 'string' },
      'no-control': { type: 'boolean', default: false },
      clock: { type: 'string', default: d.clock },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const whole = (flag: string | undefined, name: string, min: number, fallback: number) => {
    if (flag === undefined) return fallback;
    const value = Number(flag);
    if (!(Number.isInteger(value) && value >= min)) fail(`--${name} must be an integer >= ${min}, got "${flag}".`);
    return value;
  };
  const kinds = list(values.kind) ?? d.kinds;
  for (const kind of kinds) if (kind !== 'promise' && kind !== 'observable') fail(`--kind takes promise and observable, got "${kind}".`);
  const contenders = list(values.contender) ?? d.contenders;
  for (const id of contenders) if (!(COMPARED as readonly string[]).includes(id)) fail(`--contender takes ${COMPARED.join(', ')}, got "${id}".`);
  const sizes = list(values.size)?.map((n) => whole(n, 'size', 1, 0)) ?? d.sizes;
  const threshold = values.threshold === undefined ? d.threshold : Number(values.threshold) / 100;
  if (values.clock !== 'cpu' && values.clock !== 'wall') fail(`--clock takes cpu or wall, got "${values.clock}".`);
  if (!(threshold >= 0)) fail(`--threshold must be a percentage >= 0, got "${values.threshold}".`);
  const options: CompareOptions = {
    ...d,
    sizes: [...sizes].sort((a, b) => a - b),
    kinds: kinds as TaskKind[],
    contenders: contenders as Compared[],
    rounds: whole(values.rounds, 'rounds', 1, d.rounds),
    memory: { queued: whole(values.memory, 'memory', 0, d.memory.queued), rounds: whole(values['memory-rounds'], 'memory-rounds', 1, d.memory.rounds) },
    threshold,
    control: !values['no-control'],
    clock: values.clock,
  };

  if (!canCollectGarbage) process.stderr.write('warning: run with --expose-gc (npm run bench:compare does): without it the heap numbers are noise and no sample starts on a clean heap.\n');
  const progress = stderrProgress();
  let builds: { current: Build; baseline: Build };
  try {
    builds = {
      current: values.current === undefined ? { ref: 'this worktree', commit: undefined, esm: currentBuild(progress) } : baselineBuild(values.current, progress),
      baseline: baselineBuild(values.baseline!, progress),
    };
  } catch (error) {
    fail((error as Error).message);
  }
  const results = await runCompare(options, builds, progress);
  process.stdout.write(formatCompare(results));
  writeResults(path.resolve(values.out ?? path.join(path.dirname(__filename), '..', 'results', 'compare.json')), results);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}
