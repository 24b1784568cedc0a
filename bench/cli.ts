// The command line of `npm run bench` (bench/run.mts): runs the harness, prints the
// report (Markdown) to stdout, progress to stderr, and writes the JSON.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { baselineBuild } from './builds.js';
import { list, stderrProgress, writeResults } from './commandLine.js';
import { BASELINE_TAG, contenders } from './contenders/index.js';
import { runBench } from './harness.js';
import { canCollectGarbage } from './measure.js';
import { fullPlan, quickPlan, type Plan, type TaskKind } from './plan.js';
import { formatReport } from './report.js';
import { CASES, type CaseName } from './results.js';

const HELP = `Usage: npm run bench [-- flags]

  --quick                 the quick plan (N up to 100k, fewer rounds; under a minute)
  --case a,b              only these cases: ${CASES.join(', ')}
  --contender a,b         only these contenders (the floor always runs): ${contenders.map((c) => c.id).join(', ')}
  --size n,m              throughput and pipeline: only these task counts of the plan
  --concurrency c,d       throughput: only these concurrencies of the plan
  --kind k                throughput and pipeline: promise or observable
  --rounds r              every round count of the plan set to r
  --baseline ref          also run the package of git ref (a branch, tag or commit), built once
                          into bench/results/baseline/<commit>/: each tracker contender gets a twin
                          (tracker@base…) in the same rounds, and the report their ratios
  --source                the tracker from lib/ through tsx, not from the published build (dist/esm)
  --out file              where to write the JSON (default bench/results/latest.json)
`;

/** Runs the command line `args` (without node and the script). */
export async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      case: { type: 'string' },
      contender: { type: 'string' },
      size: { type: 'string' },
      concurrency: { type: 'string' },
      kind: { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });

  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const numbers = (flag: string | undefined) => list(flag)?.map(Number);

  const cases = list(values.case);
  for (const name of cases ?? []) if (!(CASES as readonly string[]).includes(name)) fail(`Unknown case "${name}".`);
  const ids = list(values.contender)?.map((id) => (id.endsWith(BASELINE_TAG) ? id.slice(0, -BASELINE_TAG.length) : id));
  for (const id of ids ?? []) if (!contenders.some((c) => c.id === id)) fail(`Unknown contender "${id}".`);
  if (values.kind !== undefined && values.kind !== 'promise' && values.kind !== 'observable') fail(`--kind must be promise or observable, got "${values.kind}".`);
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) fail(`--rounds must be an integer >= 1, got "${values.rounds}".`);

  const plan = narrow(values.quick ? quickPlan : fullPlan, {
    sizes: numbers(values.size),
    concurrencies: numbers(values.concurrency),
    kinds: values.kind === undefined ? undefined : [values.kind as TaskKind],
    rounds,
  });
  const chosen = ids === undefined ? contenders : contenders.filter((c) => c.id === 'floor' || ids.includes(c.id));

  if (!canCollectGarbage) process.stderr.write('warning: run with --expose-gc (npm run bench does): without it the memory numbers are noise.\n');
  const progress = stderrProgress();
  let baseline;
  try {
    baseline = values.baseline === undefined ? undefined : baselineBuild(values.baseline, progress);
  } catch (error) {
    fail((error as Error).message);
  }
  const results = await runBench(plan, {
    cases: cases as CaseName[] | undefined,
    contenders: chosen,
    library: { source: values.source ? 'source' : 'dist', progress },
    baseline,
    progress,
  });
  process.stdout.write(formatReport(results));
  writeResults(path.resolve(values.out ?? path.join(path.dirname(__filename), 'results', 'latest.json')), results);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

/** What the throughput flags and `--rounds` keep of a plan. */
interface Narrowing {
  readonly sizes: readonly number[] | undefined;
  readonly concurrencies: readonly number[] | undefined;
  readonly kinds: readonly TaskKind[] | undefined;
  readonly rounds: number | undefined;
}

/** The plan, narrowed by the throughput flags and `--rounds`. */
function narrow(base: Plan, { sizes, concurrencies, kinds, rounds }: Narrowing): Plan {
  const pick = <T>(all: readonly T[], wanted: readonly T[] | undefined, flag: string): readonly T[] => {
    if (wanted === undefined) return all;
    const kept = all.filter((x) => wanted.includes(x));
    if (kept.length === 0) fail(`--${flag} matches none of the plan's: ${all.join(', ')}.`);
    return kept;
  };
  const t = base.throughput;
  const everyRound = <K extends string | number>(record: Readonly<Record<K, number>>) =>
    rounds === undefined ? record : (Object.fromEntries(Object.keys(record).map((k) => [k, rounds])) as Record<K, number>);
  return {
    ...base,
    throughput: {
      ...t,
      sizes: pick(t.sizes, sizes, 'size'),
      concurrencies: pick(t.concurrencies, concurrencies, 'concurrency'),
      kinds: pick(t.kinds, kinds, 'kind'),
      rounds: everyRound(t.rounds),
      headlineRounds: rounds ?? t.headlineRounds,
    },
    memory: { ...base.memory, rounds: rounds ?? base.memory.rounds },
    cancellation: { ...base.cancellation, rounds: rounds ?? base.cancellation.rounds },
    hierarchy: { ...base.hierarchy, chainRounds: rounds ?? base.hierarchy.chainRounds, childRounds: rounds ?? base.hierarchy.childRounds },
    metricsCost: { ...base.metricsCost, rounds: rounds ?? base.metricsCost.rounds },
    devtools: { ...base.devtools, rounds: rounds ?? base.devtools.rounds },
    flow: { ...base.flow, rounds: everyRound(base.flow.rounds) },
    pipeline: {
      ...base.pipeline,
      // Lenient: --size and --kind narrow the pipeline case to what it has of them.
      sizes: base.pipeline.sizes.filter((n) => sizes?.includes(n) ?? true),
      kinds: base.pipeline.kinds.filter((k) => kinds?.includes(k) ?? true),
      rounds: everyRound(base.pipeline.rounds),
      slowRounds: rounds ?? base.pipeline.slowRounds,
    },
  };
}
