import { count, times, us } from './format.js';
import type { Plan } from './plan.js';
import type { Measurements } from './results.js';
import type { Target } from './targets.js';

/** Issue 10: what one subscriber may add per task, over none. */
const LISTENER_LIMITS = { 'metrics$': 1.1, 'events$': 1.3, 'taskEnds$': 1.15 } as const;
/** Issue 10: µs per `of(i)` task at the plan's large N (c=8). */
const OBSERVABLE_US = 0.5;
/** Issue 10: heap per queued task over the floor's. */
const MEMORY_LIMIT = 1.1;

/**
 * Issue 10's goals that the in-process bench measures: the cost of one listener
 * (metrics case), `of(i)` tasks at 1M and memory. The cold and browser goals are
 * `npm run bench:cold`'s (bench/cold/).
 */
export function observationTargets(plan: Plan, m: Measurements): Target[] {
  const targets: Target[] = [];
  for (const [listener, limit] of Object.entries(LISTENER_LIMITS)) {
    const row = m.metricsCost.find((r) => r.listener === listener);
    const none = m.metricsCost.find((r) => r.listener === 'none');
    targets.push({
      id: `listener-${listener}`,
      issue: 10,
      goal: `one ${listener} subscriber: ≤ ${times(limit)} the time per task without one (${count(plan.metricsCost.n)} promise tasks, c=${plan.metricsCost.concurrency})`,
      measured: row?.ratioToNone === undefined || none === undefined ? 'not measured' : `${times(row.ratioToNone)} (${us(row.usPerTask.median)} vs ${us(none.usPerTask.median)} µs/task)`,
      pass: row?.ratioToNone === undefined ? undefined : row.ratioToNone <= limit,
    });
  }
  const largeN = plan.throughput.targetSizes[plan.throughput.targetSizes.length - 1];
  // Judged twice: with every handle awaited (Promise.all over a million TaskHandles) and without.
  for (const [contender, how] of [['tracker', 'every handle awaited with Promise.all'], ['tracker-join', 'no handle kept, then join()']] as const) {
    const observable = m.throughput.find((r) => r.contender === contender && r.kind === 'observable' && r.n === largeN && r.concurrency === 8);
    targets.push({
      id: contender === 'tracker' ? 'observable-tasks' : 'observable-tasks-join',
      issue: 10,
      goal: `of(i) tasks at N=${count(largeN)} (c=8), ${how}: ≤ ${OBSERVABLE_US} µs per task`,
      measured: observable === undefined ? 'not measured' : `${us(observable.usPerTask.median)} µs/task`,
      pass: observable === undefined ? undefined : observable.usPerTask.median <= OBSERVABLE_US,
    });
  }
  const heap = m.memory.find((r) => r.contender === 'tracker');
  targets.push({
    id: 'memory-per-queued-task-10',
    issue: 10,
    goal: `heap per queued task (${count(plan.memory.queued)} queued, handle included) ≤ ${times(MEMORY_LIMIT)} floor`,
    measured: heap?.ratioToFloor === undefined ? 'not measured' : `${times(heap.ratioToFloor)} (${Math.round(heap.bytesPerTask.median)} B)`,
    pass: heap?.ratioToFloor === undefined ? undefined : heap.ratioToFloor <= MEMORY_LIMIT,
  });
  return targets;
}
