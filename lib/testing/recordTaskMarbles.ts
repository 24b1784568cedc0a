import type { Observable } from 'rxjs';
import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { TrackerEvent } from '../tracker/TrackerEvent.js';

/** A task's first start and its end, in frames; `undefined` until seen. */
interface Span {
  start: number | undefined;
  end: number | undefined;
}

// Beyond this a clock is not virtual: it reads the wall clock (epoch milliseconds).
const MAX_FRAME = 1e9;

/**
 * Records when the tracker started and ended each task of its subtree, as
 * subscription marbles, for tests of code that spawns its tasks itself (a
 * service), where there is no cold Observable to call `toHaveSubscriptions` on.
 *
 * Call it inside `TestScheduler.run` (or an rxjs-marbles test), before the
 * tasks are spawned. The function it returns gives, once the scheduler has
 * flushed, every task's span in subscription-marble syntax, one frame per
 * millisecond of the tracker's clock (virtual there): `'^'` at the frame the
 * task first started, `'!'` at the frame it ended (`'(^!)'` when both fall on
 * one frame), `''` for a task that never started (cancelled while queued, or
 * rejected), no `'!'` for one still running. A retried task has one span, from
 * its first start to its end. The strings are what `toHaveSubscriptions` takes,
 * written with `-` only.
 *
 * Each task is keyed by its id (`handle.id`; ids are unique across all
 * trackers, so read them from the handles) and, when `spawn(task, { name })`
 * gave it one, also by its name; a name given to several tasks keys the first,
 * then `name#2`, `name#3`… in spawn order.
 *
 * It listens to `tracker.events$` from the call on, for as long as the tracker
 * lives; a tracker that nobody else listens to pays for events only then.
 *
 * @param tracker The tracker whose subtree to record.
 * @returns A function giving the record so far: call it after `flush()`.
 * @throws TypeError if `tracker` is not a TaskTracker.
 *
 * @example
 * ```ts
 * testScheduler.run(({ cold, flush }) => {
 *   const tracker = new TaskTracker({ concurrency: 1 });
 *   const record = recordTaskMarbles(tracker);
 *   tracker.spawn(cold('--a|'), { name: 'first' });
 *   tracker.spawn(cold('-b|'), { name: 'second' });
 *   flush();
 *   expect(record()).toEqual(jasmine.objectContaining({ first: '^-!', second: '--^!' }));
 * });
 * ```
 * @since 0.2.0
 * @category Testing
 */
export function recordTaskMarbles(tracker: TaskTracker): () => Record<string, string> {
  // Duck-typed rather than instanceof: the ESM and CJS builds each have a TaskTracker class.
  const events$ = (tracker as { events$?: Observable<TrackerEvent> } | null | undefined)?.events$;
  if (typeof events$?.subscribe !== 'function') {
    throw new TypeError(`recordTaskMarbles(tracker) needs a TaskTracker, got ${got(tracker)}`);
  }
  const spans = new Map<string, Span>();
  const names = new Map<string, string>();
  const nameCounts = new Map<string, number>();
  const spanOf = (taskId: string) => {
    let span = spans.get(taskId);
    if (span === undefined) spans.set(taskId, (span = { start: undefined, end: undefined }));
    return span;
  };
  events$.subscribe((event) => {
    switch (event.type) {
      case 'issued': {
        spanOf(event.taskId);
        if (event.name !== undefined) {
          const count = (nameCounts.get(event.name) ?? 0) + 1;
          nameCounts.set(event.name, count);
          names.set(event.taskId, count === 1 ? event.name : `${event.name}#${count}`);
        }
        break;
      }
      case 'started': {
        const span = spanOf(event.taskId);
        span.start ??= event.time;
        break;
      }
      case 'succeeded':
      case 'failed':
      case 'cancelled':
      case 'rejected':
        spanOf(event.taskId).end = event.time;
        break;
    }
  });
  return () => {
    const record: Record<string, string> = {};
    for (const [taskId, span] of spans) {
      const marbles = toMarbles(span, taskId);
      record[taskId] = marbles;
      const name = names.get(taskId);
      if (name !== undefined) record[name] = marbles;
    }
    return record;
  };
}

function toMarbles({ start, end }: Span, taskId: string): string {
  if (start === undefined) return '';
  if (start > MAX_FRAME || (end ?? 0) > MAX_FRAME) {
    throw new RangeError(
      `recordTaskMarbles: ${taskId} started at ${start} by the tracker's clock, which is not virtual time: ` +
        'call recordTaskMarbles inside TestScheduler.run (or an rxjs-marbles test), where the clock starts at 0',
    );
  }
  const before = '-'.repeat(start);
  if (end === undefined) return `${before}^`;
  return end === start ? `${before}(^!)` : `${before}^${'-'.repeat(end - start - 1)}!`;
}
