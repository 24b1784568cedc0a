import { of, throwError } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { ErrorResponse, LogOnlyPolicy, TaskCancelledError, TaskFailedError, type TrackerEvent } from '../../lib/index.js';
import { brokenInvariants, outcome } from '../helpers/trackers.js';
import { attempts, policyOf, trackerWith } from '../policies/support.js';

/** Retries the first `times` errors of each task after `delay`, then fails. */
function retrying(times: number, delay?: Parameters<typeof ErrorResponse.retry>[0]) {
  return policyOf((_, context) => (context.attemptCount <= times ? ErrorResponse.retry(delay) : ErrorResponse.fail()));
}

describe('ErrorResponse', () => {
  describe('instanceof', () => {
    const action = { execute: () => Promise.reject(new Error('unused')) };

    it('holds for every answer its factories make, with their public fields', () => {
      const parent = trackerWith(policyOf(() => ErrorResponse.fail()));
      const answers = [ErrorResponse.fail(), ErrorResponse.shutdown(), ErrorResponse.shutdown(parent), ErrorResponse.retry(), ErrorResponse.retry({ delay: 5 }), ErrorResponse.custom(action)];
      expect(answers.map((answer) => answer instanceof ErrorResponse)).toEqual([true, true, true, true, true, true]);
      expect(answers.map(({ kind, action, delay, target }) => ({ kind, action, delay, target }))).toEqual([
        { kind: 'fail', action: undefined, delay: undefined, target: undefined },
        { kind: 'shutdown', action: undefined, delay: undefined, target: undefined },
        { kind: 'shutdown', action: undefined, delay: undefined, target: parent },
        { kind: 'retry', action: undefined, delay: undefined, target: undefined },
        { kind: 'retry', action: undefined, delay: 5, target: undefined },
        { kind: 'custom', action, delay: undefined, target: undefined },
      ]);
    });

    it('holds for what LogOnlyPolicy answers, the very object ErrorResponse.fail() returns', () => {
      const answer = new LogOnlyPolicy({ logger: () => undefined }).onError(new Error('boom'), {} as never);
      expect(answer instanceof ErrorResponse).toBeTrue();
      expect(answer).toBe(ErrorResponse.fail());
    });

    it('does not hold for a lookalike, nor for nothing', () => {
      const lookalikes: unknown[] = [{ kind: 'fail' }, { ...ErrorResponse.fail() }, Object.create(ErrorResponse.prototype), null, undefined, 'fail'];
      expect(lookalikes.map((value) => value instanceof ErrorResponse)).toEqual([false, false, false, false, false, false]);
    });
  });

  describe('fail()', () => {
    it('ends the task failed with its own error as the cause, and the tracker goes on', async () => {
      const tracker = trackerWith(policyOf(() => ErrorResponse.fail()));
      const error = new Error('boom');
      const result = await outcome(tracker.spawn(() => Promise.reject(error)));
      expect(result.error).toBeInstanceOf(TaskFailedError);
      expect((result.error as TaskFailedError).cause).toBe(error);
      expect(await tracker.spawn(() => 'next')).toBe('next');
      expect(tracker.metrics().failed()).toBe(1);
    });
  });

  describe('shutdown()', () => {
    it('cancels the tracker at the frame of the failure; the failing task counts as failed', marbles((m) => {
      const tracker = trackerWith(policyOf(() => ErrorResponse.shutdown()), 2);
      const a = m.cold('--#');
      const b = m.cold('------|');
      const c = m.cold('-|');
      const [ha, hb, hc] = [tracker.spawn(a), tracker.spawn(b), tracker.spawn(c)];
      m.expect(a).toHaveSubscriptions('^-!');
      m.expect(b).toHaveSubscriptions('^-!');
      m.expect(c).toHaveSubscriptions([]);
      m.flush();
      expect([ha.status, hb.status, hc.status]).toEqual(['failed', 'cancelled', 'cancelled']);
      expect(tracker.isClosed()).toBeTrue();
      expect(tracker.cancellationToken().reason).toBeInstanceOf(TaskFailedError);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 1, cancelled: 2, active: 0, pending: 0 }));
    }));

    it('cancels the target instead when given one: here the parent of the failing task’s tracker', marbles((m) => {
      const root = trackerWith(policyOf((_, context) => ErrorResponse.shutdown(context.tracker.parent)));
      const child = root.childTracker();
      const sibling = root.childTracker();
      const rootTask = m.cold('-----|');
      const siblingTask = m.cold('-----|');
      root.spawn(rootTask);
      sibling.spawn(siblingTask);
      const failing = child.spawn(m.cold('--#'));
      m.expect(rootTask).toHaveSubscriptions('^-!');
      m.expect(siblingTask).toHaveSubscriptions('^-!');
      m.flush();
      expect(failing.status).toBe('failed');
      expect([root.isClosed(), child.isClosed(), sibling.isClosed()]).toEqual([true, true, true]);
    }));

    it('in a child leaves the parent running', marbles((m) => {
      const root = trackerWith(policyOf(() => ErrorResponse.shutdown()));
      const child = root.childTracker();
      const parentTask = m.cold('-----a|');
      const childTask = m.cold('-----|');
      const parentHandle = root.spawn(parentTask);
      child.spawn(childTask);
      child.spawn(m.cold('--#'));
      m.expect(parentTask).toHaveSubscriptions('^-----!');
      m.expect(childTask).toHaveSubscriptions('^-!');
      m.flush();
      expect(child.isClosed()).toBeTrue();
      expect(root.isClosed()).toBeFalse();
      expect(parentHandle.status).toBe('success');
      expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 1, failed: 1, cancelled: 1 }));
    }));
  });

  describe('retry()', () => {
    it('runs the task again from its factory after the delay, as the same task', marbles((m) => {
      const tracker = trackerWith(retrying(1, { delay: 3 }));
      const first = m.cold('-#');
      const second = m.cold('--a|');
      const handle = tracker.spawn(attempts(first, second));
      m.expect(first).toHaveSubscriptions('^!');
      m.expect(second).toHaveSubscriptions('----^--!');
      m.flush();
      expect(handle.status).toBe('success');
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, started: 1, retried: 1, success: 1, failed: 0 }));
      return handle.then((value) => expect(value).toBe('a'));
    }));

    it('subscribes to an Observable task again at each attempt', marbles((m) => {
      const tracker = trackerWith(retrying(2, { delay: 2 }));
      const task = m.cold('-#');
      const handle = tracker.spawn(task);
      m.expect(task).toHaveSubscriptions(['^!', '---^!', '------^!']);
      m.flush();
      expect(handle.status).toBe('failed');
      expect(tracker.metrics().retried()).toBe(2);
    }));

    it('gives the slot back during the delay: another task runs in the gap', marbles((m) => {
      const tracker = trackerWith(retrying(1, { delay: 4 }), 1);
      const first = m.cold('-#');
      const second = m.cold('-a|');
      const other = m.cold('--b|');
      tracker.spawn(attempts(first, second));
      tracker.spawn(other);
      m.expect(first).toHaveSubscriptions('^!');
      m.expect(other).toHaveSubscriptions('-^--!');
      m.expect(second).toHaveSubscriptions('-----^-!');
    }));

    it('queues for a slot again after the delay, behind the task holding it', marbles((m) => {
      const tracker = trackerWith(retrying(1, { delay: 2 }), 1);
      const first = m.cold('-#');
      const second = m.cold('-a|');
      const other = m.cold('-----b|');
      tracker.spawn(attempts(first, second));
      tracker.spawn(other);
      m.expect(other).toHaveSubscriptions('-^-----!');
      m.expect(second).toHaveSubscriptions('-------^-!');
    }));

    it('waits for a delay Observable to emit', marbles((m) => {
      const delay = m.cold('---x');
      const tracker = trackerWith(retrying(1, { delay }));
      const task = m.cold('-#');
      tracker.spawn(task);
      m.expect(delay).toHaveSubscriptions('-^--!');
      m.expect(task).toHaveSubscriptions(['^!', '----^!']);
    }));

    it('runs again at once when the delay Observable emits at once, each run with its own whole timeout', marbles((m) => {
      const tracker = trackerWith(retrying(2, { delay: of(0) }));
      const runs = [m.cold('-#'), m.cold('-#'), m.cold('------a|')];
      const handle = tracker.spawn(attempts(...runs), { timeout: 5 });
      m.expect(runs[0]).toHaveSubscriptions('^!');
      m.expect(runs[1]).toHaveSubscriptions('-^!');
      m.expect(runs[2]).toHaveSubscriptions('--^----!');
      m.flush();
      expect(handle.status).toBe('failed');
      expect(tracker.metrics().timedOut()).toBe(1);
    }));

    it('fails the task with the error of a delay Observable that errors', async () => {
      const delayError = new Error('no more waiting');
      const tracker = trackerWith(retrying(1, { delay: throwError(() => delayError) }));
      const result = await outcome(tracker.spawn(() => Promise.reject(new Error('first'))));
      expect((result.error as TaskFailedError).cause).toBe(delayError);
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    });

    it('ends a task cancelled while it waits, and never runs it again', marbles((m) => {
      const tracker = trackerWith(retrying(1, { delay: 5 }));
      const task = m.cold('-#');
      const handle = tracker.spawn(task);
      m.scheduler.schedule(() => handle.cancel('stop'), 3);
      m.expect(task).toHaveSubscriptions('^!');
      m.flush();
      expect(handle.status).toBe('cancelled');
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, active: 0, pending: 0, retried: 1 }));
    }));

    it('reports each retry as a `retried` event, and each run as a `started` event with its attempt', marbles((m) => {
      const tracker = trackerWith(retrying(1, { delay: 2 }));
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      const error = new Error('flaky');
      const handle = tracker.spawn(attempts(m.cold('-#', {}, error), m.cold('-a|')));
      m.flush();
      expect(events.map((e) => [e.type, e.time, 'attempt' in e ? e.attempt : undefined])).toEqual([
        ['issued', 0, undefined],
        ['started', 0, 1],
        ['retried', 1, 1],
        ['started', 3, 2],
        ['succeeded', 5, undefined],
      ]);
      expect(events[2]).toEqual(jasmine.objectContaining({ taskId: handle.id, error }));
    }));

    const badDelays: [string, number][] = [['negative', -1], ['NaN', NaN], ['infinite', Infinity], ['too long', 2 ** 53]];
    for (const [what, delay] of badDelays) {
      it(`refuses a ${what} delay with a RangeError naming the maximum`, () => {
        expect(() => ErrorResponse.retry({ delay })).toThrowError(RangeError, /delay must be a number of milliseconds from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got /);
      });
    }
  });

  describe('custom()', () => {
    it('refuses an action without an execute method with a TypeError', () => {
      expect(() => ErrorResponse.custom({} as never)).toThrowError(TypeError, /execute\(error, context\)/);
    });
  });

  it('never lets a task cancelled by an earlier one’s shutdown start', marbles((m) => {
    const tracker = trackerWith(policyOf(() => ErrorResponse.shutdown()), 1);
    const queued = m.cold('-|');
    const first = tracker.spawn(m.cold('-#'));
    const second = tracker.spawn(queued);
    m.expect(queued).toHaveSubscriptions([]);
    m.flush();
    expect(first.status).toBe('failed');
    return outcome(second).then((result) => expect(result.error).toBeInstanceOf(TaskCancelledError));
  }));
});
