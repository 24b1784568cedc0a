import * as fc from 'fast-check';
import { catchError, concatMap, EMPTY, exhaustMap, finalize, mergeMap, of, switchMap, throwError, type Observable, type OperatorFunction } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  isTaskFailedError,
  RetryPolicy,
  TaskTracker,
  UnlimitedScheduler,
  type OnErrorPolicy,
  type TaskError,
  type TrackerEvent,
} from '../../lib/index.js';
import { concatTask, exhaustTask, mergeTask, switchTask } from '../../lib/operators/index.js';
import { brokenInvariants, quietPolicy, unlimitedTracker } from '../helpers/trackers.js';
import { scenarios, sideBySide, type Pipe } from './helpers.js';

// The operators' `catchError` option: one item's failure is replaced, the stream goes on, the failure is counted.

describe('the operators\' catchError option', () => {
  it('replaces a task that failed for good by what it returns; the stream goes on; the failure is counted', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const events: TrackerEvent[] = [];
    tracker.events$.subscribe((event) => events.push(event));
    const tasks: Record<string, Observable<string>> = { a: m.cold('--1|'), b: m.cold('--#'), c: m.cold('--3|') };
    const output = m.cold('-a--b--c-|').pipe(mergeTask(tracker, (v: string) => tasks[v], { catchError: () => of('x') }));
    m.expect(output).toBeObservable('---1--x--3|');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, success: 2, failed: 1, pending: 0 }));
    expect(events.filter((event) => event.type === 'failed').length).toBe(1);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
  }));

  it('is given the TaskError (its cause the task\'s own error), the source value and the index', marbles((m) => {
    const tracker = unlimitedTracker();
    const seen: [TaskError, string, number][] = [];
    const output = m.cold('ab|').pipe(
      mergeTask(tracker, (v: string) => (v === 'b' ? throwError(() => 'boom') : of(v)), {
        catchError: (error, value, index) => (seen.push([error, value, index]), EMPTY),
      }),
    );
    m.expect(output).toBeObservable('a-|');
    m.flush();
    expect(seen.length).toBe(1);
    const [error, value, index] = seen[0];
    expect(isTaskFailedError(error) && error.cause).toBe('boom');
    expect([value, index]).toEqual(['b', 1]);
  }));

  it('sees a timeout, which a catchError inside project cannot (the timeout is outside it); timedOut is counted', marbles((m) => {
    const tracker = unlimitedTracker();
    const output = m.cold('a|').pipe(
      mergeTask(tracker, () => m.cold('-----x|').pipe(catchError(() => of('inside'))), {
        timeout: 3,
        catchError: (error) => of(error.name),
      }),
    );
    m.expect(output).toBeObservable('---(t|)', { t: 'TaskTimeoutError' });
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 1, timedOut: 1, pending: 0 }));
  }));

  it('comes after the error policy: a retry that succeeds just emits; one that gives up is replaced', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 1, initialDelay: 1, jitter: 'none', inner: quietPolicy() }));
    let runs = 0;
    const output = m.cold('a-b|').pipe(
      mergeTask(tracker, (v: string) => (v === 'a' ? m.cold('#') : ++runs === 1 ? m.cold('#') : of('ok')), { catchError: () => of('replaced') }),
    );
    m.expect(output).toBeObservable('-r-(o|)', { r: 'replaced', o: 'ok' });
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, failed: 1, retried: 2, pending: 0 }));
  }));

  it('sees a rejection (an admit gate), counted rejected', marbles((m) => {
    const quiet = quietPolicy();
    const policy: OnErrorPolicy = { onError: (error, context) => quiet.onError(error, context), createChild: () => policy, admit: () => 'closed' };
    const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
    const output = m.cold('a|').pipe(mergeTask(tracker, () => of(1), { catchError: (error) => of(error.name) }));
    m.expect(output).toBeObservable('r|', { r: 'TaskRejectedError' });
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ rejected: 1, pending: 0 }));
  }));

  it('EMPTY skips the item', marbles((m) => {
    const output = m.cold('abc|').pipe(mergeTask(unlimitedTracker(), (v: string) => (v === 'b' ? m.cold('-#') : m.cold('-v|', { v })), { catchError: () => EMPTY }));
    m.expect(output).toBeObservable('-a-c|');
  }));

  it('the replacement holds the task\'s place: concatTask waits for it, and tears it down before the next task', marbles((m) => {
    const log: string[] = [];
    const replacement = m.cold('--r|').pipe(finalize(() => log.push(`${m.scheduler.now()} replacement torn down`)));
    const output = m.cold('ab|').pipe(
      concatTask(unlimitedTracker(), (v: string) => (log.push(`${m.scheduler.now()} task ${v}`), v === 'a' ? m.cold('-#') : m.cold('-b|')), {
        catchError: () => replacement,
      }),
    );
    m.expect(output).toBeObservable('---r-b|');
    m.flush();
    expect(log).toEqual(['0 task a', '4 replacement torn down', '4 task b']);
  }));

  it('mergeTask ordered: a replacement\'s values keep the item\'s place in the order', marbles((m) => {
    const tasks: Record<string, Observable<string>> = { a: m.cold('----1|'), b: m.cold('-#') };
    const output = m.cold('ab|').pipe(mergeTask(unlimitedTracker(), (v: string) => tasks[v], { ordered: true, catchError: () => of('x') }));
    m.expect(output).toBeObservable('----1(x|)');
  }));

  it('switchTask: a new value unsubscribes the replacement of the previous one', marbles((m) => {
    const replacement = m.cold('---r|');
    const output = m.cold('a--b|').pipe(switchTask(unlimitedTracker(), (v: string) => (v === 'a' ? m.cold('#') : m.cold('-b|')), { catchError: () => replacement }));
    m.expect(output).toBeObservable('----b|');
    m.expect(replacement).toHaveSubscriptions('^--!');
  }));

  it('exhaustTask: busy while the replacement runs', marbles((m) => {
    const output = m.cold('ab---c|').pipe(exhaustTask(unlimitedTracker(), (v: string) => (v === 'a' ? m.cold('#') : m.cold('-v|', { v })), { catchError: () => m.cold('---r|') }));
    m.expect(output).toBeObservable('---r--c|');
  }));

  it('unsubscribing the output unsubscribes a running replacement', marbles((m) => {
    const replacement = m.cold('-----r|');
    m.expect(m.cold('a').pipe(mergeTask(unlimitedTracker(), () => m.cold('-#'), { catchError: () => replacement })), '^--!').toBeObservable('---');
    m.expect(replacement).toHaveSubscriptions('-^-!');
  }));

  it('a catchError that throws, or a replacement that errors, errors the output with that error', marbles((m) => {
    const failing = () => m.cold('-#');
    m.expect(m.cold('a').pipe(mergeTask(unlimitedTracker(), failing, { catchError: () => { throw 'thrown'; } }))).toBeObservable('-#', undefined, 'thrown');
    m.expect(m.cold('a').pipe(mergeTask(unlimitedTracker(), failing, { catchError: () => m.cold('-#', undefined, 'replacement') }))).toBeObservable('--#', undefined, 'replacement');
  }));

  it('does not recover from the tracker\'s cancellation: the output errors with its TaskCancelledError', marbles((m) => {
    const tracker = unlimitedTracker();
    let asked = 0;
    const output = m.cold('a').pipe(mergeTask(tracker, () => m.cold('----x|'), { catchError: () => (asked++, of('x')) }));
    m.scheduler.schedule(() => tracker.cancel('leaving'), 2);
    m.expect(output.pipe(catchError((error: Error) => of(error.name)))).toBeObservable('--(c|)', { c: 'TaskCancelledError' });
    m.flush();
    expect(asked).toBe(0);
  }));

  describe('lands on the frames of RxJS\'s operator with a catchError inside project, wherever slots are free', () => {
    const replace = () => of('E');
    type Ours = (tracker: TaskTracker, project: (value: string) => Observable<string>) => OperatorFunction<string, string>;
    const operators: [string, Ours, Pipe][] = [
      ['mergeTask', (tracker, project) => mergeTask(tracker, project, { catchError: replace }), (project) => mergeMap((v) => project(v).pipe(catchError(replace)))],
      ['concatTask', (tracker, project) => concatTask(tracker, project, { catchError: replace }), (project) => concatMap((v) => project(v).pipe(catchError(replace)))],
      ['switchTask', (tracker, project) => switchTask(tracker, project, { catchError: replace }), (project) => switchMap((v) => project(v).pipe(catchError(replace)))],
      ['exhaustTask', (tracker, project) => exhaustTask(tracker, project, { catchError: replace }), (project) => exhaustMap((v) => project(v).pipe(catchError(replace)))],
    ];
    for (const [name, ours, theirs] of operators) {
      it(name, () => {
        fc.assert(
          fc.property(scenarios(fc), (scenario) => {
            const result = sideBySide(scenario, (tracker) => (project) => ours(tracker, project), theirs);
            expect(result.ours).toEqual(result.theirs);
          }),
          { numRuns: 100 },
        );
      });
    }
  });

  it('is refused when it is not a function', () => {
    const project = () => of(1);
    expect(() => mergeTask(unlimitedTracker(), project, { catchError: 'skip' as never })).toThrowError(TypeError, /^mergeTask\(tracker, project, options\): catchError must be a function .*got 'skip'/);
    expect(() => switchTask(unlimitedTracker(), project, { catchError: 1 as never })).toThrowError(TypeError, /^switchTask\(tracker, project, options\): catchError must be a function/);
  });

  it('types the output as the task\'s values or the replacement\'s', () => {
    const output: Observable<number | string> = of('a').pipe(mergeTask(unlimitedTracker(), () => of(1), { catchError: (error) => of(error.message) }));
    const plain: Observable<number> = of('a').pipe(concatTask(unlimitedTracker(), () => of(1)));
    expect([output, plain].length).toBe(2);
  });
});
