import { setImmediate as nextTurn } from 'node:timers/promises';

const gc = (globalThis as { gc?: () => void }).gc;

/** Whether the process runs with `--expose-gc` (`npm run bench` does); memory numbers need it. */
export const canCollectGarbage = typeof gc === 'function';

/** Milliseconds on a monotonic clock. */
export function now(): number {
  return performance.now();
}

/** Milliseconds of CPU this process used so far: user + system, every thread (GC helpers included). */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * One timed run: wall-clock and CPU milliseconds. CPU time leaves out the spells
 * when other processes held the core, which sway the wall clock on a shared
 * machine; it counts the GC's helper threads, which the wall clock overlaps.
 */
export interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

/**
 * Forces full garbage collections, letting a turn of the event loop pass between
 * them so `FinalizationRegistry` callbacks (the trackers forget collected children
 * with one) run and what they free is collected too. A no-op without `--expose-gc`.
 *
 * Beware: a forced full GC makes V8 throw away optimized code ("weak objects"
 * deopts; natural GCs do not), and a tracker then needs some 30,000 tasks to
 * be fast again. Time nothing right after it without a warm-up.
 */
export async function collectGarbage(): Promise<void> {
  if (gc === undefined) return;
  gc();
  await nextTurn();
  gc();
  heapAfterFullGc = heapUsed();
}

let heapAfterFullGc = 0;

/**
 * Readies the heap for a timed sample: a young-generation GC, and a full one
 * only if more than `slack` bytes of old garbage piled up since the last full
 * GC, so that no contender pays much for another's garbage while small samples
 * keep their optimized code.
 */
export async function cleanHeap(slack = 64 * 2 ** 20): Promise<void> {
  collectYoungGarbage();
  if (heapUsed() > heapAfterFullGc + slack) await collectGarbage();
}

/** Forces a young-generation GC: clears a warm-up's garbage and, unlike a full GC, keeps optimized code. */
export function collectYoungGarbage(): void {
  (gc as ((options: { type: 'minor' }) => void) | undefined)?.({ type: 'minor' });
}

/** Bytes of JS heap in use; call {@link collectGarbage} first for what is held. */
export function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** A promise nobody resolves until `release()`: the body of tasks that must stay queued. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** An array of `n` slots, allocated (and filled) before a baseline so it is not measured. */
export function slots(n: number): unknown[] {
  return new Array<unknown>(n).fill(undefined);
}
