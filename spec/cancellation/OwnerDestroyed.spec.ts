import { catchError, NEVER, Subject, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  concatTask,
  exhaustTask,
  isAbortError,
  mergeTask,
  OwnerDestroyed,
  switchTask,
  TaskCancelledError,
  TrackerClosedError,
  type TaskTracker,
  type TrackerEvent,
} from '../../lib/index.js';
import { brokenInvariants, outcome, semaphoreTracker } from '../helpers/trackers.js';

/** Errors as `name: reason`, which marbles compare. */
function errorName<T>(): MonoTypeOperatorFunction<T> {
  return catchError((error: TaskCancelledError) => throwError(() => `${error.name}: ${String(error.reason)}`));
}

describe('OwnerDestroyed (a cancellation reason that completes streams)', () => {
  it('is an Error named AbortError, with the message given', () => {
    const reason = new OwnerDestroyed('component destroyed');
    expect(reason).toBeInstanceOf(Error);
    expect(reason.name).toBe('AbortError');
    expect(reason.message).toBe('component destroyed');
    expect(isAbortError(reason)).toBeTrue();
    expect(new OwnerDestroyed().message).toBe('The owner of the work was destroyed.');
  });

  describe('spawn$', () => {
    it('completes the running and the queued tasks’ streams instead of erroring them, in virtual time', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const running = m.cold('a-b-c|');
      const queued = m.cold('x|');
      m.expect(tracker.spawn$(running)).toBeObservable('a-b|');
      m.expect(tracker.spawn$(queued)).toBeObservable('---|');
      m.cold('---x').subscribe(() => tracker.cancel(new OwnerDestroyed('page left')));
      m.expect(running).toHaveSubscriptions('^--!');
      m.expect(queued).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 1, cancelled: 2, pending: 0 }));
    }));

    it('control: any other reason errors them with the TaskCancelledError', marbles((m) => {
      const tracker = semaphoreTracker(1);
      m.expect(tracker.spawn$(m.cold('a-b-c|')).pipe(errorName())).toBeObservable('a-b#', undefined, 'TaskCancelledError: page left');
      m.cold('---x').subscribe(() => tracker.cancel('page left'));
    }));

    it('completes when an ancestor is cancelled with it', marbles((m) => {
      const root = semaphoreTracker(2);
      const leaf = root.childTracker().childTracker();
      m.expect(leaf.spawn$(m.cold('a---b|'))).toBeObservable('a-|');
      m.cold('--x').subscribe(() => root.cancel(new OwnerDestroyed()));
    }));

    it('completes at once when subscribed on a tracker already cancelled with it, spawning nothing', () => {
      const tracker = semaphoreTracker(1);
      tracker.cancel(new OwnerDestroyed());
      const ends: unknown[] = [];
      tracker.spawn$(NEVER).subscribe({ error: (error: unknown) => ends.push(error), complete: () => ends.push('complete') });
      expect(ends).toEqual(['complete']);
      expect(tracker.metrics().issued()).toBe(0);
    });

    it('control: a tracker closed otherwise (cancelled with another reason, joined) errors a late subscriber with TrackerClosedError', () => {
      const cancelled = semaphoreTracker(1);
      cancelled.cancel('done');
      const joined = semaphoreTracker(1);
      void joined.join();
      for (const tracker of [cancelled, joined]) {
        const ends: unknown[] = [];
        tracker.spawn$(NEVER).subscribe({ error: (error: unknown) => ends.push(error), complete: () => ends.push('complete') });
        expect(ends).toEqual([jasmine.any(TrackerClosedError)]);
      }
    });
  });

  it('leaves handles, tokens, counters and events as with any reason: handles reject with it, the token fires with it', async () => {
    const tracker = semaphoreTracker(1);
    const events: TrackerEvent[] = [];
    tracker.events$.subscribe((event) => events.push(event));
    let signal!: AbortSignal;
    const running = tracker.spawnCancellable((token) => {
      signal = token.signal;
      return new Promise(() => {});
    });
    const queued = tracker.spawn(new Subject<void>());
    const reason = new OwnerDestroyed('component destroyed');
    tracker.cancel(reason);
    expect(signal.reason).toBe(reason);
    const ends = await Promise.all([running, queued].map(outcome));
    for (const { error } of ends) {
      expect(error).toEqual(jasmine.any(TaskCancelledError));
      expect((error as TaskCancelledError).reason).toBe(reason);
      expect((error as TaskCancelledError).message).toBe(`Tracker "${tracker.path}" was cancelled: component destroyed`);
    }
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, pending: 0 }));
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    expect(events.filter((event) => event.type === 'tracker-cancelled')).toEqual([jasmine.objectContaining({ reason })]);
  });

  describe('the task operators', () => {
    const operators = [
      ['mergeTask', (t: TaskTracker, p: (v: string) => unknown) => mergeTask(t, p as never, { concurrency: 1 })],
      ['concatTask', (t: TaskTracker, p: (v: string) => unknown) => concatTask(t, p as never)],
      ['switchTask', (t: TaskTracker, p: (v: string) => unknown) => switchTask(t, p as never)],
      ['exhaustTask', (t: TaskTracker, p: (v: string) => unknown) => exhaustTask(t, p as never)],
    ] as const;

    for (const [name, operator] of operators) {
      it(`${name}: unsubscribes the source and completes, as takeUntil would`, marbles((m) => {
        const tracker = semaphoreTracker(1);
        const source = m.hot('a-----b--', { a: 'a', b: 'b' });
        const inner = m.cold('-1-2-3|');
        m.expect(source.pipe(operator(tracker, () => inner))).toBeObservable('-1-|');
        m.expect(source).toHaveSubscriptions('^--!');
        m.expect(inner).toHaveSubscriptions('^--!');
        m.cold('---x').subscribe(() => tracker.cancel(new OwnerDestroyed()));
      }));
    }

    it('mergeTask between two values (no task running): completes', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const source = m.hot('a-----b--');
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('1|')))).toBeObservable('1--|');
      m.expect(source).toHaveSubscriptions('^--!');
      m.cold('---x').subscribe(() => tracker.cancel(new OwnerDestroyed()));
    }));

    it('mergeTask subscribed on a tracker already cancelled with it: completes at once, spawns nothing', marbles((m) => {
      const tracker = semaphoreTracker(1);
      tracker.cancel(new OwnerDestroyed());
      const source = m.cold('a-b|');
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('1|')))).toBeObservable('|');
      m.expect(source).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().issued()).toBe(0);
    }));

    it('mergeTask with values waiting in the operator: none of them is spawned', marbles((m) => {
      const tracker = semaphoreTracker(4);
      const source = m.cold('(abcd)');
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('--1|'), { concurrency: 2 }))).toBeObservable('-|');
      m.cold('-x').subscribe(() => tracker.cancel(new OwnerDestroyed()));
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2 }));
    }));

    it('control: another reason errors the output with the TaskCancelledError', marbles((m) => {
      const tracker = semaphoreTracker(1);
      m.expect(m.hot('a--').pipe(concatTask(tracker, () => m.cold('-1-2|')), errorName())).toBeObservable('-1#', undefined, 'TaskCancelledError: stop');
      m.cold('--x').subscribe(() => tracker.cancel('stop'));
    }));
  });
});
