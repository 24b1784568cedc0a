import { concat, concatMap, defer, exhaustMap, finalize, mergeMap, Observable, of, switchMap, takeWhile, type OperatorFunction } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import type { Context } from 'rxjs-marbles/jasmine';
import {
  PriorityScheduler,
  RateLimitScheduler,
  SemaphoreScheduler,
  TaskTracker,
  type TaskScheduler,
} from '../../lib/index.js';
import { concatTask, exhaustTask, mergeTask, switchTask } from '../../lib/operators/index.js';
import { quietPolicy, unlimitedTracker } from '../helpers/trackers.js';

// An Observable task runs through a Subscriber of its own: its end is told
// after its teardown, and it can be stopped while its subscribe() is on the stack.

/** A tracker on `scheduler`, with a quiet policy. */
function on(scheduler: TaskScheduler): TaskTracker {
  return new TaskTracker(scheduler, quietPolicy());
}

/** Inners that log their subscription and their finalization, with the frame. */
function loggedInner(m: Context, log: string[], marble = '-x|') {
  return (value: string) =>
    defer(() => {
      log.push(`${m.scheduler.now()} init ${value}`);
      return m.cold(marble).pipe(finalize(() => log.push(`${m.scheduler.now()} fin ${value}`)));
    });
}

describe('a run of an Observable task', () => {
  describe('hands its slot on only once its teardown (finalizers included) has run', () => {
    // What concatMap logs; before the fix the tracker logged `init b` before `fin a`.
    const expected = ['0 init a', '2 fin a', '2 init b', '4 fin b'];

    it('as concatMap does (the reference)', marbles((m) => {
      const log: string[] = [];
      m.cold('ab|').pipe(concatMap(loggedInner(m, log))).subscribe();
      m.flush();
      expect(log).toEqual(expected);
    }));

    const schedulers: [string, () => TaskTracker][] = [
      ['SemaphoreScheduler', () => on(SemaphoreScheduler.withPermits(1))],
      ['PriorityScheduler', () => on(PriorityScheduler.withPermits(1))],
      ['RateLimitScheduler (concurrency 1)', () => on(RateLimitScheduler.perInterval(100, 1, { concurrency: 1 }))],
      ['a child capped by childTrackerBuilder().concurrency(1)', () => unlimitedTracker().childTrackerBuilder().concurrency(1).build()],
    ];
    for (const [name, make] of schedulers) {
      it(`${name}: spawn`, marbles((m) => {
        const log: string[] = [];
        const tracker = make();
        const inner = loggedInner(m, log);
        tracker.spawn(inner('a'));
        tracker.spawn(inner('b'));
        m.flush();
        expect(log).toEqual(expected);
      }));

      it(`${name}: mergeTask`, marbles((m) => {
        const log: string[] = [];
        m.cold('ab|').pipe(mergeTask(make(), loggedInner(m, log))).subscribe();
        m.flush();
        expect(log).toEqual(expected);
      }));
    }

    it('the operators\' own concurrency: concatTask, and mergeTask with concurrency 1, on free slots', marbles((m) => {
      const concatLog: string[] = [];
      const mergeLog: string[] = [];
      m.cold('ab|').pipe(concatTask(unlimitedTracker(), loggedInner(m, concatLog))).subscribe();
      m.cold('ab|').pipe(mergeTask(unlimitedTracker(), loggedInner(m, mergeLog), { concurrency: 1 })).subscribe();
      m.flush();
      expect(concatLog).toEqual(expected);
      expect(mergeLog).toEqual(expected);
    }));

    it('a failed inner too: its finalizers run before the next task starts', marbles((m) => {
      const log: string[] = [];
      const tracker = on(SemaphoreScheduler.withPermits(1));
      const inner = loggedInner(m, log, '-#');
      tracker.spawn(inner('a'));
      tracker.spawn(inner('b'));
      m.flush();
      expect(log).toEqual(['0 init a', '1 fin a', '1 init b', '2 fin b']);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 2, pending: 0 }));
    }));

    it('and the output of an operator completes after the last inner\'s finalizers, as mergeMap\'s does', marbles((m) => {
      const log: string[] = [];
      const rx: string[] = [];
      m.cold('a|').pipe(mergeTask(unlimitedTracker(), loggedInner(m, log))).subscribe({ complete: () => log.push('complete') });
      m.cold('a|').pipe(mergeMap(loggedInner(m, rx))).subscribe({ complete: () => rx.push('complete') });
      m.flush();
      expect(log).toEqual(rx);
      expect(log).toEqual(['0 init a', '2 fin a', 'complete']);
    }));
  });

  describe('unsubscribed while its subscribe() is on the stack, stops there: nothing after that point is subscribed', () => {
    type Make = (project: () => Observable<number>) => OperatorFunction<number, number>;
    const operators: [string, Make, Make][] = [
      ['switchTask', (project) => switchTask(unlimitedTracker(), project), (project) => switchMap(project)],
      ['exhaustTask', (project) => exhaustTask(unlimitedTracker(), project), (project) => exhaustMap(project)],
      ['mergeTask', (project) => mergeTask(unlimitedTracker(), project), (project) => mergeMap(project)],
      ['concatTask', (project) => concatTask(unlimitedTracker(), project), (project) => concatMap(project)],
    ];
    for (const [name, ours, theirs] of operators) {
      it(`${name}, as its RxJS counterpart`, marbles((m) => {
        const tail = m.cold('-t|');
        const theirTail = m.cold('-t|');
        const values: number[] = [];
        of(0).pipe(ours(() => concat(of(1, 2), tail)), takeWhile((x) => x !== 2)).subscribe((x) => values.push(x));
        of(0).pipe(theirs(() => concat(of(1, 2), theirTail)), takeWhile((x) => x !== 2)).subscribe();
        m.expect(tail).toHaveSubscriptions([]);
        m.expect(theirTail).toHaveSubscriptions([]);
        m.flush();
        expect(values).toEqual([1]);
      }));
    }

    it('spawn$', marbles((m) => {
      const tail = m.cold('-t|');
      const tracker = unlimitedTracker();
      m.expect(tracker.spawn$(concat(of(1, 2), tail)).pipe(takeWhile((x) => x !== 2))).toBeObservable('(a|)', { a: 1 });
      m.expect(tail).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, pending: 0 }));
    }));

    it('a source that ignores closed: what it sends after the stop is not seen, and its teardown runs once', () => {
      const tracker = unlimitedTracker();
      const sent: number[] = [];
      const seen: number[] = [];
      let teardowns = 0;
      const source = new Observable<number>((subscriber) => {
        for (let i = 1; i <= 4; i++) {
          sent.push(i);
          subscriber.next(i);
        }
        return () => teardowns++;
      });
      tracker.spawn$(source).pipe(takeWhile((x) => x !== 2)).subscribe((x) => seen.push(x));
      expect(sent).toEqual([1, 2, 3, 4]);
      expect(seen).toEqual([1]);
      expect(teardowns).toBe(1);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, pending: 0 }));
    });
  });
});
