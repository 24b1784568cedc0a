import { of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { ActionResult, ErrorResponse, TaskFailedError, type OnErrorAction, type OnErrorPolicy } from '../../lib/index.js';
import { brokenInvariants, outcome } from '../helpers/trackers.js';
import { policyOf, trackerWith } from '../policies/support.js';

/** A policy answering every error with `custom(action)`. */
function acting(execute: OnErrorAction['execute'], more: Partial<OnErrorPolicy> = {}): OnErrorPolicy {
  return policyOf(() => ErrorResponse.custom({ execute }), more);
}

const fromCache = (value: unknown) => ActionResult.continue({ execute: () => value });

describe('ActionResult (custom error actions)', () => {
  it('gets the error and the task context', async () => {
    const seen: unknown[] = [];
    const error = new Error('x');
    const handle = trackerWith(acting((e, context) => (seen.push(e, context.attemptCount, context.taskId), ActionResult.fail()))).spawn(() => Promise.reject(error));
    await outcome(handle);
    expect(seen).toEqual([error, 1, handle.id]);
  });

  it('fail(): the task ends failed with its own error', async () => {
    const error = new Error('x');
    const result = await outcome(trackerWith(acting(() => ActionResult.fail())).spawn(() => Promise.reject(error)));
    expect((result.error as TaskFailedError).cause).toBe(error);
  });

  it('shutdown(): the task ends failed and its tracker is cancelled at that frame', marbles((m) => {
    const tracker = trackerWith(acting(() => ActionResult.shutdown()));
    const other = m.cold('-----|');
    tracker.spawn(other);
    const failing = tracker.spawn(m.cold('--#'));
    m.expect(other).toHaveSubscriptions('^-!');
    m.flush();
    expect(failing.status).toBe('failed');
    expect(tracker.isClosed()).toBeTrue();
  }));

  it('shutdown(target): the target is cancelled instead', async () => {
    const root = trackerWith(acting((_, context) => ActionResult.shutdown(context.tracker.parent)));
    const child = root.childTracker();
    await outcome(child.spawn(() => Promise.reject(new Error('x'))));
    expect(root.cancellationToken().isCancelled()).toBeTrue();
  });

  it('continue(c): the task goes on with c in the slot it holds', marbles((m) => {
    const continuation = m.cold('-c|');
    const waiting = m.cold('-|');
    const tracker = trackerWith(acting(() => ActionResult.continue({ execute: () => continuation })), 1);
    const handle = tracker.spawn(m.cold('-#'));
    tracker.spawn(waiting);
    m.expect(continuation).toHaveSubscriptions('-^-!');
    m.expect(waiting).toHaveSubscriptions('---^!');
    m.flush();
    expect(handle.status).toBe('success');
  }));

  it('continue(c) with shouldReschedule: the slot is given back first', marbles((m) => {
    const continuation = m.cold('-c|');
    const waiting = m.cold('-|');
    const tracker = trackerWith(acting(() => ActionResult.continue({ execute: () => continuation }), { shouldReschedule: () => true }), 1);
    tracker.spawn(m.cold('-#'));
    tracker.spawn(waiting);
    m.expect(waiting).toHaveSubscriptions('-^!');
    m.expect(continuation).toHaveSubscriptions('--^-!');
  }));

  it('may come from a Promise', async () => {
    const tracker = trackerWith(acting(() => Promise.resolve(fromCache('cached'))));
    expect(await tracker.spawn(() => Promise.reject(new Error('x')))).toBe('cached');
  });

  it('may come from an Observable, whose last value counts; the task keeps its slot meanwhile', marbles((m) => {
    const decision = m.cold('--a-b|', { a: ActionResult.fail(), b: fromCache('cached') });
    const waiting = m.cold('-|');
    const tracker = trackerWith(acting(() => decision), 1);
    const handle = tracker.spawn(m.cold('-#'));
    tracker.spawn(waiting);
    m.expect(decision).toHaveSubscriptions('-^----!');
    m.expect(waiting).toHaveSubscriptions('------^!');
    m.flush();
    expect(handle.status).toBe('success');
  }));

  it('is unsubscribed from when the task is cancelled meanwhile', marbles((m) => {
    const decision = m.cold('-----a|', { a: ActionResult.fail() });
    const handle = trackerWith(acting(() => decision)).spawn(m.cold('-#'));
    m.scheduler.schedule(() => handle.cancel(), 3);
    m.expect(decision).toHaveSubscriptions('-^-!');
    m.flush();
    expect(handle.status).toBe('cancelled');
  }));

  describe('an action that goes wrong', () => {
    const cases: [string, OnErrorAction['execute'], RegExp | Error][] = [
      ['throws', () => { throw new Error('action bug'); }, new Error('action bug')],
      ['errors asynchronously', () => Promise.reject(new Error('action bug')), new Error('action bug')],
      ['returns something that is neither an ActionResult nor an ObservableInput', () => 42 as never, /TypeError/],
      ['completes without a decision', () => of<ActionResult>(), /A custom error action produced undefined; it must produce an ActionResult/],
      ['produces something else than an ActionResult', () => of('continue') as never, /A custom error action produced 'continue' \(string\)/],
    ];
    for (const [what, execute, reportedError] of cases) {
      it(`${what}: the task fails with its own error, the tracker keeps working, the error is reported`, async () => {
        const reported: unknown[] = [];
        const tracker = trackerWith(acting(execute), Infinity, { onPolicyError: (error) => reported.push(error) });
        const error = new Error('task error');
        const result = await outcome(tracker.spawn(() => Promise.reject(error)));
        expect((result.error as TaskFailedError).cause).toBe(error);
        expect(reported.length).toBe(1);
        if (reportedError instanceof RegExp) expect(String(reported[0])).toMatch(reportedError);
        else expect(reported[0]).toEqual(reportedError);
        expect(await tracker.spawn(() => 'next')).toBe('next');
        expect(brokenInvariants(tracker.metrics())).toEqual([]);
      });
    }
  });

  it('continue() refuses a continuation without execute with a TypeError', () => {
    expect(() => ActionResult.continue({} as never)).toThrowError(TypeError, /expected an object with an execute\(token\) method/);
  });
});
