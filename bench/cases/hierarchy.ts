import { rootTracker } from '../contenders/tracker.js';
import { collectGarbage, collectYoungGarbage, heapUsed, now } from '../measure.js';
import type { Plan } from '../plan.js';
import { interleave, type Progress } from '../rounds.js';
import { summarize, type Summary } from '../stats.js';

/** Chains built and joined per sample (the sample is their median). */
const CHAINS_PER_SAMPLE = 3;

/** `join()` on a chain of child trackers `depth` deep, with one task at the bottom. */
export interface ChainRow {
  readonly depth: number;
  /** Whether every round worked (no stack overflow, the task's value came back). */
  readonly ok: boolean;
  /** The first error, when not ok. */
  readonly error: string | undefined;
  /** Milliseconds to create the chain. */
  readonly buildMs: Summary | undefined;
  /** Milliseconds to spawn the task at the bottom and await the root's `join()`. */
  readonly joinMs: Summary | undefined;
}

/** Children created under one root, used once, joined; the heap afterwards. */
export interface ChildrenRow {
  readonly children: number;
  /** Milliseconds to create, use and join them all. */
  readonly ms: Summary;
  /** Heap after minus heap before, in bytes, both after full GCs. */
  readonly retainedBytes: Summary;
  /** `root.childCount()` afterwards (0: the root forgot them all). */
  readonly childCountAfter: number;
}

/** The results of both hierarchy measurements. */
export interface HierarchyResult {
  readonly chains: readonly ChainRow[];
  readonly children: ChildrenRow;
}

/**
 * Builds a chain `depth` trackers deep under a root, spawns one task at the
 * bottom and awaits the root's `join()`.
 *
 * @throws whatever the tracker throws (a RangeError on a stack overflow), or an
 *   Error if the task's value did not come back.
 */
export async function timeChain(depth: number): Promise<{ buildMs: number; joinMs: number }> {
  const root = rootTracker(8);
  const buildStart = now();
  let bottom = root;
  for (let level = 0; level < depth; level++) bottom = bottom.childTracker();
  const buildMs = now() - buildStart;
  // Two young GCs promote the chain to the old generation, where a long-lived tree
  // lives: otherwise every scavenge during the join copies it, and a 10k chain
  // (unlike a 5k one) overflows the young generation.
  collectYoungGarbage();
  collectYoungGarbage();
  const joinStart = now();
  const handle = bottom.spawn(() => Promise.resolve(depth));
  await root.join();
  const joinMs = now() - joinStart;
  const value = await handle;
  if (value !== depth) throw new Error(`chain: the task at depth ${depth} resolved to ${String(value)}`);
  return { buildMs, joinMs };
}

/**
 * Creates `count` children of one long-lived root, gives each one task, joins
 * each, and measures the heap before and after (full GCs, with a turn for the
 * `FinalizationRegistry` between them).
 *
 * @throws Error if a task did not succeed.
 */
export async function churnChildren(count: number): Promise<{ ms: number; retainedBytes: number; childCountAfter: number }> {
  const root = rootTracker(8);
  // Warm-up on another root: code compiled during the measured run would count as retained heap.
  await useChildren(rootTracker(8), Math.min(count, 10_000));
  await collectGarbage();
  const before = heapUsed();
  const ms = await useChildren(root, count);
  await collectGarbage();
  const retainedBytes = heapUsed() - before;
  const succeeded = root.metrics().success();
  if (succeeded !== count) throw new Error(`children: ${succeeded} of ${count} tasks succeeded`);
  return { ms, retainedBytes, childCountAfter: root.childCount() };
}

/** In a function of its own so that nothing it allocated outlives it. */
async function useChildren(root: ReturnType<typeof rootTracker>, count: number): Promise<number> {
  const start = now();
  const joins: Promise<void>[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const child = root.childTracker();
    child.spawn(() => Promise.resolve(i));
    joins[i] = child.join();
  }
  await Promise.all(joins);
  return now() - start;
}

/** Both hierarchy measurements; the chain depths alternate. */
export async function runHierarchy(plan: Plan, progress: Progress = () => {}): Promise<HierarchyResult> {
  const { depths, chainRounds, children, childRounds } = plan.hierarchy;
  progress(`hierarchy: join() on chains ${depths.join(' and ')} deep`);
  const chains = await chainRows(depths, chainRounds);
  progress(`hierarchy: ${children} children created, used once, joined`);
  const runs: { ms: number; retainedBytes: number; childCountAfter: number }[] = [];
  for (let round = 0; round < childRounds; round++) runs.push(await churnChildren(children));
  return {
    chains,
    children: {
      children,
      ms: summarize(runs.map((r) => r.ms)),
      retainedBytes: summarize(runs.map((r) => r.retainedBytes)),
      childCountAfter: Math.max(...runs.map((r) => r.childCountAfter)),
    },
  };
}

async function chainRows(depths: readonly number[], rounds: number): Promise<ChainRow[]> {
  const errors = depths.map((): string | undefined => undefined);
  const samples = await interleave(depths, rounds, async (depth) => {
    const at = depths.indexOf(depth);
    if (errors[at] !== undefined) return undefined;
    try {
      // A join takes milliseconds, and a major GC landing in one triples it. So each
      // chain gets a full GC, a warm-up chain (the full GC discarded optimized code)
      // and a young GC first, and the sample is the median of a few chains.
      const runs: { buildMs: number; joinMs: number }[] = [];
      for (let i = 0; i < CHAINS_PER_SAMPLE; i++) {
        await collectGarbage();
        await timeChain(depth);
        collectYoungGarbage();
        runs.push(await timeChain(depth));
      }
      return { buildMs: summarize(runs.map((r) => r.buildMs)).median, joinMs: summarize(runs.map((r) => r.joinMs)).median };
    } catch (error) {
      errors[at] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return undefined;
    }
  });
  return depths.map((depth, at) => {
    const runs = samples[at].filter((run) => run !== undefined);
    const ok = errors[at] === undefined;
    return {
      depth,
      ok,
      error: errors[at],
      buildMs: ok ? summarize(runs.map((run) => run.buildMs)) : undefined,
      joinMs: ok ? summarize(runs.map((run) => run.joinMs)) : undefined,
    };
  });
}
