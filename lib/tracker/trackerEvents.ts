import { describe } from '../errors/describeValue.js';
import { Observable } from 'rxjs';
import { attemptOf, startedAt as firstStart } from '../task/taskAttempts.js';
import type { TaskHandle } from '../task/TaskHandle.js';
import { CANCELLED, FAILED, SUCCESS } from '../task/TaskState.js';
import type { TaskLedger } from './TaskLedger.js';
import type { TaskTracker } from './TaskTracker.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';

/**
 * @internal The `events$` of `tracker`. Each subscriber counts on the root, so
 * that a tree nobody listens to builds no event object and reads no clock: the
 * hot path checks one number.
 */
export function eventsOf(tracker: TaskTracker): Observable<TrackerEvent> {
  const ledger = tracker._ledger;
  return new Observable<TrackerEvent>((subscriber) => {
    shapes ??= taggedTime();
    ledger._eventSinks = withSink(ledger._eventSinks, subscriber);
    ledger._root._eventListeners++;
    return () => {
      ledger._eventSinks = withoutSink(ledger._eventSinks, subscriber);
      ledger._root._eventListeners--;
    };
  });
}

// V8 gives a field that has only held numbers a double representation, and then
// each object made with it boxes a copy of its number (16 bytes) rather than share
// the clock's. Task events of 4, 5 and 6 keys start with the same four in the
// same order, so each size shares that field: made once with `time: null`, it
// stays tagged, and each event is 16 bytes smaller with the same value
// (bench/README.md, Observation). Kept in a variable so that no bundler
// drops them.
let shapes: object[] | undefined;
const taggedTime = (): object[] => [
  { type: '', taskId: '', path: '', time: null },
  { type: '', taskId: '', path: '', time: null, a: 0 },
  { type: '', taskId: '', path: '', time: null, a: 0, b: 0 },
];

// Listeners are kept in arrays replaced (never changed) on subscribe and
// unsubscribe: delivering an event is then an indexed loop over the array taken
// when it started, which a listener that unsubscribes (or subscribes) meanwhile
// cannot disturb, and which allocates no iterator.

function withSink<T>(sinks: readonly T[] | undefined, sink: T): readonly T[] {
  return [...(sinks ?? []), sink];
}

function withoutSink<T>(sinks: readonly T[] | undefined, sink: T): readonly T[] | undefined {
  const rest = (sinks ?? []).filter((each) => each !== sink);
  return rest.length > 0 ? rest : undefined;
}

/**
 * @internal The `taskEnds$` of `tracker`: one event per task, when it ends. Its
 * subscribers count on the root apart from `events$`'s, so that no other event is
 * built for them.
 */
export function taskEndsOf(tracker: TaskTracker): Observable<TaskEndEvent> {
  const ledger = tracker._ledger;
  return new Observable<TaskEndEvent>((subscriber) => {
    shapes ??= taggedTime();
    ledger._endSinks = withSink(ledger._endSinks, subscriber);
    ledger._root._endListeners++;
    return () => {
      ledger._endSinks = withoutSink(ledger._endSinks, subscriber);
      ledger._root._endListeners--;
    };
  });
}

/** @internal Sends an event to the listeners of `tracker` and of its ancestors. */
export function emitEvent(tracker: TaskTracker, event: TrackerEvent): void {
  for (let node: TaskLedger | undefined = tracker._ledger; node !== undefined; node = node._parent) {
    const sinks = node._eventSinks;
    if (sinks !== undefined) for (let i = 0; i < sinks.length; i++) sinks[i].next(event);
  }
}

/** @internal `issued` or `started`, for a task of `tracker`. */
export function emitTaskEvent(tracker: TaskTracker, type: 'issued' | 'started', handle: TaskHandle<unknown>, time: number): void {
  const taskId = handle.id;
  const path = tracker.path;
  if (type === 'started') emitEvent(tracker, { type, taskId, path, time, attempt: attemptOf(handle) });
  else {
    const name = handle.name;
    emitEvent(tracker, name === undefined ? { type, taskId, path, time } : { type, taskId, path, time, name });
  }
}

/** @internal How a task of `tracker` ended, with its duration since it first started. */
export function emitEndEvent(tracker: TaskTracker, handle: TaskHandle<unknown>, outcome: number, error: unknown): void {
  const taskId = handle.id;
  const path = tracker.path;
  const time = tracker._clock.now();
  const startedAt = firstStart(handle);
  const duration = startedAt === undefined ? undefined : time - startedAt;
  const event: TaskEndEvent =
    outcome === SUCCESS
      ? { type: 'succeeded', taskId, path, time, duration }
      : outcome === FAILED
        ? { type: 'failed', taskId, path, time, error, duration }
        : outcome === CANCELLED
          ? { type: 'cancelled', taskId, path, time, reason: error, duration }
          : { type: 'rejected', taskId, path, time, reason: describe(error) };
  for (let node: TaskLedger | undefined = tracker._ledger; node !== undefined; node = node._parent) {
    const sinks = node._eventSinks;
    if (sinks !== undefined) for (let i = 0; i < sinks.length; i++) sinks[i].next(event);
    const ends = node._endSinks;
    if (ends !== undefined) for (let i = 0; i < ends.length; i++) ends[i].next(event);
  }
}
