import type { Contender } from '../contenders/Contender.js';
import { collectGarbage, gate, heapUsed, slots } from '../measure.js';
import type { Plan } from '../plan.js';
import { floorMedian, interleave, type Progress } from '../rounds.js';
import { ratio, summarize, type Summary } from '../stats.js';

/** Heap held per queued task by one contender. */
export interface MemoryRow {
  readonly contender: string;
  readonly label: string;
  readonly queued: number;
  /** Bytes of heap per task (its handle included), after full GCs. */
  readonly bytesPerTask: Summary;
  readonly ratioToFloor: number | undefined;
}

/**
 * Measures the heap a pool holds for `queued` tasks that wait: all tasks return
 * one shared promise that never resolves, so `concurrency` of them run and the
 * rest queue, and the tasks themselves cost nothing. The handles array is
 * allocated before the baseline. Afterwards the pool and its tasks are dropped
 * unreleased (releasing a million tasks would only cost time).
 *
 * @returns bytes per task.
 */
export async function queuedHeap(contender: Contender, queued: number, concurrency: number): Promise<number> {
  const handles = slots(queued);
  const { promise } = gate();
  const task = () => promise;
  await collectGarbage();
  const before = heapUsed();
  const pool = contender.create(concurrency);
  for (let i = 0; i < queued; i++) handles[i] = pool.submit(task);
  await collectGarbage();
  const after = heapUsed();
  handles.fill(undefined);
  return (after - before) / queued;
}

/**
 * Heap per queued task for every contender that can hold the plan's backlog (by
 * the plan's limits; a headline-only contender is skipped), rounds alternating.
 */
export async function runMemory(plan: Plan, all: readonly Contender[], progress: Progress = () => {}): Promise<MemoryRow[]> {
  const { queued, concurrency, rounds } = plan.memory;
  const cell = all.filter((c) => !c.headlineOnly && queued <= (plan.throughput.maxN[c.id] ?? Infinity));
  progress(`memory: ${queued} queued tasks, c=${concurrency}: ${cell.map((c) => c.id).join(', ')}`);
  const samples = await interleave(cell, rounds, (contender) => queuedHeap(contender, queued, concurrency));
  const summaries = samples.map((s) => summarize(s));
  const base = floorMedian(cell, summaries);
  return cell.map((contender, i) => ({
    contender: contender.id,
    label: contender.label,
    queued,
    bytesPerTask: summaries[i],
    ratioToFloor: ratio(summaries[i].median, base),
  }));
}
