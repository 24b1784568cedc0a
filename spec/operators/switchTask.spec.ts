import * as fc from 'fast-check';
import { Observable, of, switchMap } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { SemaphoreScheduler, TaskTracker, type CancellationToken } from '../../lib/index.js';
import { switchTask } from '../../lib/operators/index.js';
import { quietPolicy, unlimitedTracker } from '../helpers/trackers.js';
import { errorName, scenarios, sideBySide } from './helpers.js';

describe('switchTask', () => {
  it('cancels the running task when a new value arrives, counted cancelled, and runs the new one', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const tasks: Record<string, Observable<string>> = { a: m.cold('--1-2|'), b: m.cold('--3-4|') };
    const tokens: CancellationToken[] = [];
    const switched = m.cold('-a--b-----|').pipe(switchTask(tracker, (v: string, i, { token }) => (tokens.push(token), tasks[v])));
    m.expect(switched).toBeObservable('---1--3-4-|');
    m.expect(tasks.a).toHaveSubscriptions('-^--!');
    m.expect(tasks.b).toHaveSubscriptions('----^----!');
    m.flush();
    expect(tokens.map((token) => token.isCancelled())).toEqual([true, false]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 1, success: 1, pending: 0 }));
  }));

  it('cancels a task still queued in the tracker: it never starts', marbles((m) => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const busy = new TaskTracker(scheduler, quietPolicy());
    const tracker = new TaskTracker(scheduler, quietPolicy());
    busy.spawn(m.cold('------|'));
    const tasks: Record<string, Observable<string>> = { a: m.cold('-1|'), b: m.cold('-2|') };
    m.expect(m.cold('-a-b---|').pipe(switchTask(tracker, (v: string) => tasks[v]))).toBeObservable('-------2|');
    m.expect(tasks.a).toHaveSubscriptions([]);
    m.expect(tasks.b).toHaveSubscriptions('------^-!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 1, cancelled: 1, success: 1 }));
  }));

  it('counts the index over the source values', marbles((m) => {
    const tracker = unlimitedTracker();
    const indexes: number[] = [];
    m.expect(m.cold('ab-c|').pipe(switchTask(tracker, (v: string, i) => (indexes.push(i), m.cold('-x|'))))).toBeObservable('--x-x|');
    m.flush();
    expect(indexes).toEqual([0, 1, 2]);
  }));

  it('errors on a failure of the current task; a task it cancelled tells nobody', marbles((m) => {
    const tracker = unlimitedTracker();
    const tasks: Record<string, Observable<string>> = { a: m.cold('----1|'), b: m.cold('--#') };
    m.expect(m.cold('ab--c').pipe(switchTask(tracker, (v: string) => tasks[v]), errorName())).toBeObservable('---#', undefined, 'TaskFailedError');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 1, failed: 1 }));
  }));

  it('on unsubscribe cancels its task, telling nobody', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('----1|');
    m.expect(m.cold('a').pipe(switchTask(tracker, () => task)), '^-!').toBeObservable('--');
    m.expect(task).toHaveSubscriptions('^-!');
    m.flush();
    expect(tracker.metrics().cancelled()).toBe(1);
  }));

  it('emits on the same frames as switchMap, and subscribes and tears down on the same frames, wherever slots are free', () => {
    fc.assert(
      fc.property(scenarios(fc), (scenario) => {
        const { ours, theirs } = sideBySide(scenario, (tracker) => (project) => switchTask(tracker, project), (project) => switchMap(project));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  describe('refuses bad arguments when it is created', () => {
    const project = () => of(1);
    const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      ['no tracker', () => switchTask({} as TaskTracker, project), TypeError, /needs a TaskTracker as its first argument, got an object/],
      ['a non-function project', () => switchTask(unlimitedTracker(), undefined as unknown as () => Observable<number>), TypeError, /project to be a function .*got undefined/],
      ['a concurrency', () => switchTask(unlimitedTracker(), project, { concurrency: 2 } as object), TypeError, /concurrency is an option of mergeTask only/],
      ['timeout 1e300', () => switchTask(unlimitedTracker(), project, { timeout: 1e300 }), RangeError, /up to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), or Infinity for no timeout, got 1e\+300 \(number\)/],
    ];
    for (const [name, create, type, message] of cases) {
      it(`throws a ${type.name} for ${name}`, () => {
        expect(create).toThrowError(type, message);
        expect(create).toThrowError(/^switchTask\(tracker, project, options\)/);
      });
    }
  });
});
