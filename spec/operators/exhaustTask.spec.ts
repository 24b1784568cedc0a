import * as fc from 'fast-check';
import { exhaustMap, Observable, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import type { TaskTracker } from '../../lib/index.js';
import { exhaustTask } from '../../lib/operators/index.js';
import { semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';
import { scenarios, sideBySide } from './helpers.js';

describe('exhaustTask', () => {
  it('ignores the values that arrive while its task is unfinished: they are never issued', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const tasks: Record<string, Observable<string>> = { a: m.cold('--1-2|'), b: m.cold('-x|'), c: m.cold('--3|') };
    const calls: [string, number][] = [];
    const exhausted = m.cold('-a-b---c--|').pipe(exhaustTask(tracker, (v: string, i) => (calls.push([v, i]), tasks[v])));
    m.expect(exhausted).toBeObservable('---1-2---3|');
    m.expect(tasks.a).toHaveSubscriptions('-^----!');
    m.expect(tasks.c).toHaveSubscriptions('-------^--!');
    m.flush();
    expect(calls).toEqual([['a', 0], ['c', 1]]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 2 }));
  }));

  it('counts a task queued in the tracker as unfinished', marbles((m) => {
    const tracker = semaphoreTracker(1);
    tracker.spawn(m.cold('----|'));
    const task = m.cold('-1|');
    m.expect(m.cold('a-b----c|').pipe(exhaustTask(tracker, () => task))).toBeObservable('-----1--1|');
    m.expect(task).toHaveSubscriptions(['----^-!', '-------^-!']);
    m.flush();
    expect(tracker.metrics().issued()).toBe(3);
  }));

  it('on unsubscribe cancels its task, telling nobody', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('----1|');
    m.expect(m.cold('ab').pipe(exhaustTask(tracker, () => task)), '^-!').toBeObservable('--');
    m.expect(task).toHaveSubscriptions('^-!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1 }));
  }));

  it('emits on the same frames as exhaustMap, and subscribes and tears down on the same frames, wherever slots are free', () => {
    fc.assert(
      fc.property(scenarios(fc), (scenario) => {
        const { ours, theirs } = sideBySide(scenario, (tracker) => (project) => exhaustTask(tracker, project), (project) => exhaustMap(project));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  describe('refuses bad arguments when it is created', () => {
    const project = () => of(1);
    const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      ['no tracker', () => exhaustTask(42 as unknown as TaskTracker, project), TypeError, /needs a TaskTracker as its first argument, got 42 \(number\)/],
      ['a non-function project', () => exhaustTask(unlimitedTracker(), [] as unknown as () => Observable<number>), TypeError, /project to be a function .*got an array/],
      ['ordered', () => exhaustTask(unlimitedTracker(), project, { ordered: true } as object), TypeError, /ordered is an option of mergeTask only/],
      ["timeout '5'", () => exhaustTask(unlimitedTracker(), project, { timeout: '5' as unknown as number }), TypeError, /timeout must be a number of milliseconds above 0, .*, got '5' \(string\)/],
    ];
    for (const [name, create, type, message] of cases) {
      it(`throws a ${type.name} for ${name}`, () => {
        expect(create).toThrowError(type, message);
        expect(create).toThrowError(/^exhaustTask\(tracker, project, options\)/);
      });
    }
  });
});
