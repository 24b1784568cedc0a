import * as fc from 'fast-check';
import { concatMap, Observable, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import type { TaskTracker } from '../../lib/index.js';
import { concatTask } from '../../lib/operators/index.js';
import { unlimitedTracker } from '../helpers/trackers.js';
import { countersAt, errorName, scenarios, sideBySide } from './helpers.js';

describe('concatTask', () => {
  it('runs one task at a time, in source order; later values wait inside the operator, not issued', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const tasks: Record<string, Observable<string>> = { a: m.cold('--1-2|'), b: m.cold('-3|') };
    const counters = countersAt(m, '----x--x', tracker);
    m.expect(m.cold('-a-b------|').pipe(concatTask(tracker, (v: string) => tasks[v]))).toBeObservable('---1-2-3--|');
    m.expect(tasks.a).toHaveSubscriptions('-^----!');
    m.expect(tasks.b).toHaveSubscriptions('------^-!');
    m.flush();
    expect(counters.map((s) => s.issued)).toEqual([1, 2]);
  }));

  it('counts the index over the tasks it issues', marbles((m) => {
    const tracker = unlimitedTracker();
    const indexes: number[] = [];
    m.expect(m.cold('abc|').pipe(concatTask(tracker, (v: string, i) => (indexes.push(i), m.cold('-x|'))))).toBeObservable('-x-x-x|');
    m.flush();
    expect(indexes).toEqual([0, 1, 2]);
  }));

  it('on unsubscribe cancels the running task and drops the waiting values, which were never issued', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('-----1|');
    m.expect(m.cold('abc').pipe(concatTask(tracker, () => task)), '^--!').toBeObservable('---');
    m.expect(task).toHaveSubscriptions('^--!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
  }));

  it('errors on a failure and issues none of the waiting values', marbles((m) => {
    const tracker = unlimitedTracker();
    m.expect(m.cold('abc').pipe(concatTask(tracker, () => m.cold('--#')), errorName())).toBeObservable('--#', undefined, 'TaskFailedError');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, failed: 1, pending: 0 }));
  }));

  it('emits on the same frames as concatMap, and subscribes and tears down on the same frames, wherever slots are free', () => {
    fc.assert(
      fc.property(scenarios(fc), (scenario) => {
        const { ours, theirs } = sideBySide(scenario, (tracker) => (project) => concatTask(tracker, project), (project) => concatMap(project));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 200 },
    );
  });

  describe('refuses bad arguments when it is created', () => {
    const project = () => of(1);
    const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      ['no tracker', () => concatTask(null as unknown as TaskTracker, project), TypeError, /needs a TaskTracker as its first argument, got null/],
      ['a non-function project', () => concatTask(unlimitedTracker(), 'load' as unknown as () => Observable<number>), TypeError, /project to be a function .*got 'load' \(string\)/],
      ['a concurrency', () => concatTask(unlimitedTracker(), project, { concurrency: 4 } as object), TypeError, /concurrency is an option of mergeTask only .*got 4 \(number\)/],
      ['ordered', () => concatTask(unlimitedTracker(), project, { ordered: false } as object), TypeError, /ordered is an option of mergeTask only/],
      ['timeout -1', () => concatTask(unlimitedTracker(), project, { timeout: -1 }), RangeError, /timeout must be a number of milliseconds above 0, up to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), or Infinity for no timeout, got -1 \(number\)/],
    ];
    for (const [name, create, type, message] of cases) {
      it(`throws a ${type.name} for ${name}`, () => {
        expect(create).toThrowError(type, message);
        expect(create).toThrowError(/^concatTask\(tracker, project, options\)/);
      });
    }
  });
});
