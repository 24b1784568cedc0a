import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBrowserCold } from './browser.js';
import { COLD_CONTENDERS } from './child.js';
import { formatCold, runNodeCold, type ColdOptions, type ColdRow } from './coldBench.js';

const HELP = `Usage: npm run bench:cold [-- flags]

Small and cold workloads (issue 10): each sample runs one contender in a fresh
process (Node) or a fresh page (headless Chromium), its modules loaded before the
clock starts; medians of the rounds, ratios to the hand-rolled floor.

  --size n,m        Node sizes (default 1000,10000,100000,1000000)
  --browser-size n  Chromium sizes (default 1000,10000); 0 skips the browser
  --rounds r        samples per cell (default 5)
  --contender a,b   only these (the floor always runs): ${COLD_CONTENDERS.join(', ')}
  --out file        the JSON (default bench/results/cold.json)`;

const numbers = (value: string | undefined, fallback: number[]) =>
  value === undefined ? fallback : value.split(',').map(Number).filter((n) => n > 0);

/** `npm run bench:cold`: the Markdown report to stdout, progress to stderr, every sample to the JSON. */
export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string' },
      'browser-size': { type: 'string' },
      rounds: { type: 'string' },
      contender: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const picked = values.contender?.split(',') ?? COLD_CONTENDERS;
  const options: ColdOptions = {
    sizes: numbers(values.size, [1_000, 10_000, 100_000, 1_000_000]),
    browserSizes: numbers(values['browser-size'], [1_000, 10_000]),
    rounds: Number(values.rounds ?? 5),
    concurrency: 8,
    contenders: COLD_CONTENDERS.filter((id) => id === 'floor' || picked.includes(id)),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
  const started = performance.now();
  const rows: ColdRow[] = [...(await runNodeCold(options)), ...(await runBrowserCold(options))];
  console.log(formatCold(rows, options));
  const out = path.resolve(values.out ?? path.join(path.dirname(__filename), '..', 'results', 'cold.json'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, options: { ...options, progress: undefined }, rows }, null, 2));
  process.stderr.write(`${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${out}\n`);
}
