import { Observable } from 'rxjs';
import { attemptOf, startedAt as firstStart } from './taskAttempts.js';
import type { TaskHandle } from './TaskHandle.js';
import { CANCELLED, FAILED, SUCCESS } from './taskStates.js';
import type { TrackerCore } from './TrackerCore.js';
import type { TaskEndEvent, TrackerEvent } from './TrackerEvent.js';

/**
 * @internal The `events$` of `tracker`. Each subscriber counts on the root, so
 * that a tree nobody listens to builds no event object and reads no clock: the
 * hot path checks one number.
 */
export function eventsOf(tracker: TrackerCore, root: TrackerCore): Observable<TrackerEvent> {
  return new Observable<TrackerEvent>((subscriber) => {
    shapes ??= taggedShapes();
    tracker._eventSinks = withSink(tracker._eventSinks, subscriber);
    root._eventListeners++;
    return () => {
      tracker._eventSinks = withoutSink(tracker._eventSinks, subscriber);
      root._eventListeners--;
    };
  });
}

// V8 gives a field that has only held numbers a double representation, and then
// each object made with it boxes a copy of its number (16 bytes) rather than share
// the clock's. Events have the same keys in the same order, so their shapes share
// fields: made once with `null` there, `time` and `duration` stay tagged and
// every event is 16 to 32 bytes smaller, with the same values (bench/README.md,
// Issue 10, Observation). Kept in a variable so that no bundler drops them.
let shapes: readonly object[] | undefined;

function taggedShapes(): readonly object[] {
  const none = null;
  return [
    { type: '', taskId: '', path: '', time: none },
    { type: '', taskId: '', path: '', time: none, duration: none },
    { type: '', taskId: '', path: '', time: none, error: none, duration: none },
    { type: '', taskId: '', path: '', time: none, reason: none, duration: none },
  ];
}

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
export function taskEndsOf(tracker: TrackerCore, root: TrackerCore): Observable<TaskEndEvent> {
  return new Observable<TaskEndEvent>((subscriber) => {
    shapes ??= taggedShapes();
    tracker._endSinks = withSink(tracker._endSinks, subscriber);
    root._endListeners++;
    return () => {
      tracker._endSinks = withoutSink(tracker._endSinks, subscriber);
      root._endListeners--;
    };
  });
}

// A task's id is one string for all of its events: made for the first and found
// again for the next ones while the task is among the last IDS that needed one
// (its start and end, with up to IDS tasks running at once), rather than made for
// each event: a number-to-string conversion and a concatenation, the biggest
// garbage of events$ after the event objects themselves.
const IDS = 256;
const idSeqs: number[] = new Array<number>(IDS).fill(0);
const idStrings: string[] = new Array<string>(IDS).fill('');

/** @internal `handle.id`, made once for all of the task's events (see above). */
export function taskIdOf(handle: TaskHandle<unknown>): string {
  const seq = handle._seq;
  const slot = seq & (IDS - 1);
  if (idSeqs[slot] === seq) return idStrings[slot];
  const id = handle.id;
  idSeqs[slot] = seq;
  idStrings[slot] = id;
  return id;
}

/** @internal Sends an event to the listeners of `tracker` and of its ancestors. */
export function emitEvent(tracker: TrackerCore, event: TrackerEvent): void {
  for (let node: TrackerCore | undefined = tracker; node !== undefined; node = node.parent) {
    const sinks = node._eventSinks;
    if (sinks !== undefined) for (let i = 0; i < sinks.length; i++) sinks[i].next(event);
  }
}

/** @internal `issued` or `started`, for a task of `tracker`. */
export function emitTaskEvent(tracker: TrackerCore, type: 'issued' | 'started', handle: TaskHandle<unknown>, time: number): void {
  const taskId = taskIdOf(handle);
  const path = tracker.path;
  if (type === 'started') emitEvent(tracker, { type, taskId, path, time, attempt: attemptOf(handle) });
  else {
    const name = handle._x?.name;
    emitEvent(tracker, name === undefined ? { type, taskId, path, time } : { type, taskId, path, time, name });
  }
}

/** @internal How a task of `tracker` ended, with its duration since it first started. */
export function emitEndEvent(tracker: TrackerCore, handle: TaskHandle<unknown>, outcome: number, error: unknown): void {
  // taskEnds$ alone needs the id once: nothing to find it again for.
  const taskId = tracker._root._eventListeners > 0 ? taskIdOf(handle) : handle.id;
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
          : { type: 'rejected', taskId, path, time, reason: String(error) };
  for (let node: TrackerCore | undefined = tracker; node !== undefined; node = node.parent) {
    const sinks = node._eventSinks;
    if (sinks !== undefined) for (let i = 0; i < sinks.length; i++) sinks[i].next(event);
    const ends = node._endSinks;
    if (ends !== undefined) for (let i = 0; i < ends.length; i++) ends[i].next(event);
  }
}
