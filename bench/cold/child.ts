import type { Contender } from '../contenders/Contender.js';
import { fastq } from '../contenders/fastq.js';
import { floor } from '../contenders/floor.js';
import { henrygdQueue } from '../contenders/henrygdQueue.js';
import { pLimit } from '../contenders/pLimit.js';
import { pQueue } from '../contenders/pQueue.js';
import { tracker } from '../contenders/tracker.js';
import { loadLibrary } from '../library.js';
import { timeCold } from './timeCold.js';

// Every contender's module is imported (tsx's CommonJS cannot import lazily), each
// a few kB: a child runs one of them, whose code nothing else has run before.
const MODULES: Record<string, Contender> = { floor, tracker, henrygd: henrygdQueue, fastq, 'p-limit': pLimit, 'p-queue': pQueue };

/** The contenders of the cold bench, table order, floor first. */
export const COLD_CONTENDERS = Object.keys(MODULES);

/**
 * A child process of the cold bench (bench/cold/child.mts `id n concurrency esm`):
 * loads one contender, then times one run and prints `{"usPerTask": …}`.
 */
export async function runChild(args: string[]): Promise<void> {
  const [id, n, concurrency, esm] = args;
  const load: Contender | undefined = MODULES[id];
  if (load === undefined) throw new RangeError(`cold bench: unknown contender ${JSON.stringify(id)}; one of ${COLD_CONTENDERS.join(', ')}`);
  const contender = load;
  // The build the parent chose (and brought up to date), loaded as it is.
  if (id === 'tracker') await loadLibrary({ esm });
  const usPerTask = await timeCold(() => contender.create(Number(concurrency)), Number(n), () => performance.now());
  process.stdout.write(`${JSON.stringify({ usPerTask })}\n`);
}
