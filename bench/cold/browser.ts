import { build } from 'esbuild';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { count } from '../format.js';
import { rotations, summarizeCells, type ColdOptions, type ColdRow } from './coldBench.js';

const root = path.resolve(path.dirname(__filename), '..', '..');

/** What a page imports for each contender: the tracker from lib/, the others from node_modules. */
const PAGE_MODULES: Record<string, [file: string, name: string]> = {
  floor: ['./bench/contenders/floor.ts', 'floor'],
  tracker: ['./bench/cold/browserTracker.ts', 'browserTracker'],
  henrygd: ['./bench/contenders/henrygdQueue.ts', 'henrygdQueue'],
  fastq: ['./bench/contenders/fastq.ts', 'fastq'],
  'p-limit': ['./bench/contenders/pLimit.ts', 'pLimit'],
  'p-queue': ['./bench/contenders/pQueue.ts', 'pQueue'],
};

/** The chromium the machine has; never a downloaded one. */
export function chromiumPath(): string {
  return process.env.CHROME_BIN ?? '/usr/bin/chromium';
}

/** One minified script per contender, as a production app would ship it: it defines `coldRun(n, c)`. */
async function pageScript(id: string): Promise<string> {
  const [file, name] = PAGE_MODULES[id];
  const contents = `import { timeCold } from './bench/cold/timeCold.ts';
import { ${name} as contender } from '${file}';
globalThis.coldRun = (n, c) => timeCold(() => contender.create(c), n, () => performance.now());`;
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: `cold-${id}.ts`, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    // fastq calls process.nextTick, which browser bundlers polyfill with a microtask.
    banner: { js: 'globalThis.process ??= { env: {}, nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)) };' },
  });
  return result.outputFiles[0].text;
}

/**
 * Every contender at every browser size in headless Chromium: each sample is a
 * fresh browser context and page (its own renderer), the script loaded, then
 * timed by `performance.now()` inside the page.
 */
export async function runBrowserCold(options: ColdOptions): Promise<ColdRow[]> {
  const contenders = options.contenders.filter((id) => id in PAGE_MODULES);
  const scripts = new Map<string, string>();
  for (const id of contenders) scripts.set(id, await pageScript(id));
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
  try {
    const rows: ColdRow[] = [];
    for (const n of options.browserSizes) {
      const samples = new Map<string, number[]>(contenders.map((id) => [id, []]));
      for (const [round, order] of rotations(contenders, options.rounds).entries()) {
        options.progress(`chromium, N=${count(n)}, round ${round + 1}/${options.rounds}`);
        for (const id of order) {
          const context = await browser.newContext();
          try {
            const page = await context.newPage();
            await page.addScriptTag({ content: scripts.get(id)! });
            const usPerTask = await page.evaluate(
              ([tasks, concurrency]) => (globalThis as unknown as { coldRun(n: number, c: number): Promise<number> }).coldRun(tasks, concurrency),
              [n, options.concurrency] as const,
            );
            samples.get(id)!.push(usPerTask);
          } finally {
            await context.close();
          }
        }
      }
      rows.push(...summarizeCells('chromium', n, samples));
    }
    return rows;
  } finally {
    await browser.close();
  }
}
