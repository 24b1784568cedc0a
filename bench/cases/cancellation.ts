import type { TaskHandle } from '../../lib/index.js';
import { trackerPool } from '../contenders/tracker.js';
import { cleanHeap, collectYoungGarbage, gate, now, slots } from '../measure.js';
import type { Plan } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/** Cancelling a tracker (flat, or the root of a 3-level one) with a big backlog. */
export interface CancellationRow {
  readonly contender: 'tracker' | 'tracker-3';
  readonly queued: number;
  /** Milliseconds to spawn the tasks. */
  readonly spawnMs: Summary;
  /** Milliseconds from `cancel()` until `join()` resolved: every handle settled, every slot free. */
  readonly cancelMs: Summary;
  /** Milliseconds inside the `cancel()` call alone. */
  readonly cancelCallMs: Summary;
  /** Median cancel time over median spawn time. */
  readonly ratio: number | undefined;
}

/** The three times of one run, in milliseconds. */
export interface CancellationSample {
  readonly spawnMs: number;
  readonly cancelMs: number;
  readonly cancelCallMs: number;
}

/**
 * Spawns `queued` tasks that wait on a never-resolving promise (so all but
 * `concurrency` of them queue), then cancels the root, releases the promise (as
 * an aborted `fetch` would settle) and awaits `join()`.
 *
 * @throws Error if a handle did not end cancelled.
 */
export async function timeCancellation(levels: 1 | 3, queued: number, concurrency: number): Promise<CancellationSample> {
  const handles = slots(queued) as TaskHandle<unknown>[];
  const { promise, release } = gate();
  const task = () => promise;
  const { root, spawnOn } = trackerPool(concurrency, levels);
  const spawnStart = now();
  for (let i = 0; i < queued; i++) handles[i] = spawnOn.spawn(task);
  const cancelStart = now();
  root.cancel();
  const cancelCallMs = now() - cancelStart;
  release();
  await root.join();
  const cancelMs = now() - cancelStart;
  const notCancelled = handles.filter((handle) => handle.status !== 'cancelled').length;
  if (notCancelled > 0) throw new Error(`cancellation: ${notCancelled} of ${queued} handles did not end cancelled`);
  return { spawnMs: cancelStart - spawnStart, cancelMs, cancelCallMs };
}

/** One sample: clean heap, an untimed warm-up cycle of at most 50k tasks, young GC, the timed cycle. */
async function sampleCancellation(levels: 1 | 3, queued: number, concurrency: number): Promise<CancellationSample> {
  await cleanHeap();
  await timeCancellation(levels, Math.min(queued, 50_000), concurrency);
  collectYoungGarbage();
  return timeCancellation(levels, queued, concurrency);
}

/** Cancellation of the flat and the 3-level tracker, rounds alternating. */
export async function runCancellation(plan: Plan, progress: Progress = () => {}): Promise<CancellationRow[]> {
  const { queued, concurrency, rounds } = plan.cancellation;
  progress(`cancellation: ${queued} queued tasks, c=${concurrency}`);
  const kinds = [
    { contender: 'tracker', levels: 1 },
    { contender: 'tracker-3', levels: 3 },
  ] as const;
  const samples = await interleave(kinds, rounds, (kind) => sampleCancellation(kind.levels, queued, concurrency));
  return kinds.map(({ contender }, i) => {
    const runs = samples[i];
    const spawnMs = summarize(runs.map((r) => r.spawnMs));
    const cancelMs = summarize(runs.map((r) => r.cancelMs));
    return { contender, queued, spawnMs, cancelMs, cancelCallMs: summarize(runs.map((r) => r.cancelCallMs)), ratio: ratio(cancelMs.median, spawnMs.median) };
  });
}
