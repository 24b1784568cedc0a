import { marbles } from 'rxjs-marbles/jasmine';
import {
  ActionResult,
  ErrorResponse,
  FailedWithContinuation,
  TaskFailedError,
  TaskRejectedError,
  type OnErrorContext,
  type TaskHandle,
  type TaskOutcome,
  type TrackerEvent,
} from '../../lib/index.js';
import { ERROR_RESPONSE, FAILED_WITH_CONTINUATION } from '../../lib/task/brands.js';
import { brokenInvariants, outcome } from '../helpers/trackers.js';
import { attempts, policyOf, trackerWith } from './support.js';

describe('the error pipeline', () => {
  describe('OnErrorContext', () => {
    it('is made at the first error and kept: attemptCount 1, then +1 at each error', async () => {
      const seen: [number, unknown][] = [];
      const policy = policyOf(
        (_, context) => {
          seen.push([context.attemptCount, context.state]);
          return context.attemptCount < 3 ? ErrorResponse.retry() : ErrorResponse.fail();
        },
        { createContext: () => ({ made: seen.length }) },
      );
      await outcome(trackerWith(policy).spawn(() => Promise.reject(new Error('x'))));
      expect(seen.map(([count]) => count)).toEqual([1, 2, 3]);
      expect(seen[1][1]).toBe(seen[0][1]);
      expect(seen[2][1]).toBe(seen[0][1]);
    });

    it('gives each task its own state, made only when it fails', async () => {
      let made = 0;
      const states: unknown[] = [];
      const policy = policyOf(
        (_, context) => {
          states.push(context.state);
          return ErrorResponse.fail();
        },
        { createContext: () => ({ n: ++made }) },
      );
      const tracker = trackerWith(policy);
      await Promise.all([outcome(tracker.spawn(() => Promise.reject(1))), outcome(tracker.spawn(() => Promise.reject(2))), tracker.spawn(() => 'ok')]);
      expect(states).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('carries the task id, the tracker, its metrics, scheduler and clock', async () => {
      let context: OnErrorContext | undefined;
      const tracker = trackerWith(policyOf((_, c) => ((context = c), ErrorResponse.fail())));
      const handle = tracker.spawn(() => Promise.reject(new Error('x')));
      await outcome(handle);
      expect(context).toEqual(jasmine.objectContaining({ taskId: handle.id, tracker, metrics: tracker.metrics(), scheduler: tracker._scheduler, clock: tracker._clock }));
    });
  });

  describe('a policy that throws', () => {
    it('lets the task fail with its own error, reports the policy error, and the tracker keeps working', async () => {
      const reported: [unknown, TaskHandle<unknown>][] = [];
      const policyError = new Error('policy bug');
      const tracker = trackerWith(policyOf(() => { throw policyError; }), Infinity, { onPolicyError: (error, task) => reported.push([error, task]) });
      const taskError = new Error('task error');
      const handle = tracker.spawn(() => Promise.reject(taskError));
      const result = await outcome(handle);
      expect((result.error as TaskFailedError).cause).toBe(taskError);
      expect(reported).toEqual([[policyError, handle]]);
      expect(await tracker.spawn(() => 'still working')).toBe('still working');
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    });

    it('reports an onError that answers something else than an ErrorResponse, naming it', async () => {
      const reported: unknown[] = [];
      class SloppyPolicy {
        createChild() { return this; }
        onError() { return 'fail' as unknown as ErrorResponse; }
      }
      const tracker = trackerWith(new SloppyPolicy(), Infinity, { onPolicyError: (error) => reported.push(error) });
      const result = await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
      expect(result.error).toBeInstanceOf(TaskFailedError);
      expect(reported.length).toBe(1);
      expect(String(reported[0])).toMatch(/TypeError: SloppyPolicy\.onError\(\) returned 'fail' \(string\); it must return an ErrorResponse/);
    });

    describe('with values from another version of the library (same brand, its own internal member names)', () => {
      const foreignAnswer = (kind: string) => ({ _brand: ERROR_RESPONSE, kind, action: undefined, delay: undefined, target: undefined }) as unknown as ErrorResponse;

      it('carries out a fail or shutdown answer', async () => {
        const tracker = trackerWith(policyOf(() => foreignAnswer('shutdown')));
        const result = await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
        expect(result.error).toBeInstanceOf(TaskFailedError);
        expect(tracker.isClosed()).toBeTrue();
      });

      it('reports a retry answer it cannot carry out, and fails the task', async () => {
        const reported: unknown[] = [];
        const tracker = trackerWith(policyOf(() => foreignAnswer('retry')), Infinity, { onPolicyError: (error) => reported.push(error) });
        const result = await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
        expect(result.error).toBeInstanceOf(TaskFailedError);
        expect(String(reported[0])).toMatch(/^TypeError: .*onError\(\) returned .*; it must return an ErrorResponse$/);
        expect(tracker.metrics().retried()).toBe(0);
      });

      it('takes a FailedWithContinuation as an ordinary error', async () => {
        const seen: unknown[] = [];
        const tracker = trackerWith(policyOf((error) => (seen.push(error), ErrorResponse.fail())));
        const foreign = Object.assign(new Error('foreign'), { _brand: FAILED_WITH_CONTINUATION, continuation: { execute: () => 'continued' } });
        const result = await outcome(tracker.spawn(() => Promise.reject(foreign)));
        expect((result.error as TaskFailedError).cause).toBe(foreign);
        expect(seen).toEqual([foreign]);
      });
    });

    const hooks: [string, Partial<Parameters<typeof policyOf>[1]>][] = [
      ['createContext', { createContext: () => { throw new Error('hook'); } }],
      ['allowContinuation', { allowContinuation: () => { throw new Error('hook'); } }],
      ['shouldReschedule', { shouldReschedule: () => { throw new Error('hook'); } }],
    ];
    for (const [hook, more] of hooks) {
      it(`fails the task when ${hook} throws, and reports it`, async () => {
        const reported: unknown[] = [];
        const tracker = trackerWith(policyOf(() => ErrorResponse.fail(), more), Infinity, { onPolicyError: (error) => reported.push(error) });
        const error = FailedWithContinuation.fromFn(new Error('first'), () => 'continued');
        const result = await outcome(tracker.spawn(() => Promise.reject(error)));
        expect((result.error as TaskFailedError).cause).toBe(error);
        expect(reported).toEqual([new Error('hook')]);
      });
    }
  });

  describe('a policy that cancels the task while it decides', () => {
    it('ends the task cancelled, whatever it answers, and never runs it again', marbles((m) => {
      const policy = policyOf((_, context) => {
        context.tracker.cancel('stop everything');
        return ErrorResponse.retry();
      });
      const tracker = trackerWith(policy);
      const task = m.cold('-#');
      const handle = tracker.spawn(task);
      m.expect(task).toHaveSubscriptions('^!');
      m.flush();
      expect(handle.status).toBe('cancelled');
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, active: 0, queued: 0, retried: 0 }));
    }));

    it('never runs a continuation it was about to take', marbles((m) => {
      let ran = false;
      const policy = policyOf(() => ErrorResponse.fail(), {
        allowContinuation: (_, context) => (context.tracker.cancel(), true),
      });
      const tracker = trackerWith(policy);
      // Cancellable, so that the task has its token when the continuation would get it.
      const handle = tracker.spawnCancellable(() => m.cold('-#', {}, FailedWithContinuation.fromFn('x', () => void (ran = true))));
      m.flush();
      expect(ran).toBeFalse();
      expect(handle.status).toBe('cancelled');
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    }));

    it('never runs the custom action of a task it cancelled', marbles((m) => {
      let ran = false;
      const policy = policyOf((_, context) => {
        context.tracker.cancel();
        return ErrorResponse.custom({ execute: () => ((ran = true), ActionResult.fail()) });
      });
      const handle = trackerWith(policy).spawn(m.cold('-#'));
      m.flush();
      expect(ran).toBeFalse();
      expect(handle.status).toBe('cancelled');
    }));
  });

  describe('the admit gate', () => {
    it('rejects a task it refuses, without running it, with the reason it gave', marbles((m) => {
      const ends: [TaskOutcome, unknown][] = [];
      const policy = policyOf(() => ErrorResponse.fail(), {
        admit: () => 'not today',
        onTaskEnd: (_, result, error) => ends.push([result, error]),
      });
      const tracker = trackerWith(policy, 1);
      const task = m.cold('-a|');
      const handle = tracker.spawn(task);
      m.expect(task).toHaveSubscriptions([]);
      m.flush();
      expect(handle.status).toBe('rejected');
      expect(ends).toEqual([['rejected', 'not today']]);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, started: 0, rejected: 1, pending: 0 }));
      return outcome(handle).then(({ error }) => {
        expect(error).toBeInstanceOf(TaskRejectedError);
        expect((error as TaskRejectedError).reason).toBe('not today');
      });
    }));

    it('is asked again before each retry, which it may refuse', marbles((m) => {
      const asked: number[] = [];
      const policy = policyOf(() => ErrorResponse.retry({ delay: 2 }), {
        admit: () => (asked.push(m.scheduler.now()), asked.length < 3 || 'enough'),
      });
      const task = m.cold('-#');
      const handle = trackerWith(policy).spawn(task);
      m.expect(task).toHaveSubscriptions(['^!', '---^!']);
      m.flush();
      expect(asked).toEqual([0, 3, 6]);
      expect(handle.status).toBe('rejected');
    }));

    it('rejects with a reason that is not a string described ([unprintable object]) and kept as the cause, and tells events$', async () => {
      const verdict = Object.create(null) as string;
      const policy = policyOf(() => ErrorResponse.fail(), { admit: () => verdict });
      const reported: unknown[] = [];
      const tracker = trackerWith(policy, 1, { onPolicyError: (error) => reported.push(error) });
      const events: TrackerEvent[] = [];
      tracker.events$.subscribe((event) => events.push(event));
      const handle = tracker.spawn(() => 'never');
      const { error } = await outcome(handle);
      expect(error).toBeInstanceOf(TaskRejectedError);
      expect((error as TaskRejectedError).message).toBe('Task rejected: [unprintable object]');
      expect((error as TaskRejectedError).reason).toBe('[unprintable object]');
      expect((error as TaskRejectedError).cause).toBe(verdict);
      expect(events.find((event) => event.type === 'rejected')).toEqual(jasmine.objectContaining({ reason: '[unprintable object]' }));
      expect(reported).toEqual([]);
    });

    it('lets the task run when it throws, and reports the error', async () => {
      const reported: unknown[] = [];
      const policy = policyOf(() => ErrorResponse.fail(), { admit: () => { throw new Error('gate bug'); } });
      const tracker = trackerWith(policy, Infinity, { onPolicyError: (error) => reported.push(error) });
      expect(await tracker.spawn(() => 'ran')).toBe('ran');
      expect(reported).toEqual([new Error('gate bug')]);
    });
  });

  describe('the onTaskEnd hook', () => {
    it('is told each outcome: undefined for a success, the own error, or the reason', async () => {
      const ends: [TaskOutcome, unknown][] = [];
      const policy = policyOf(() => ErrorResponse.fail(), {
        admit: (task) => task.id !== rejected || 'no',
        onTaskEnd: (_, result, error) => ends.push([result, error]),
      });
      let rejected = '';
      const tracker = trackerWith(policy, 1);
      const error = new Error('failed');
      const handles = [tracker.spawn(() => Promise.resolve(1)), tracker.spawn(() => Promise.reject(error)), tracker.spawn(() => 'never')];
      handles[2].cancel('user left');
      rejected = `task-${Number(handles[2].id.slice(5)) + 1}`;
      handles.push(tracker.spawn(() => 'refused'));
      await Promise.all(handles.map(outcome));
      expect(ends).toEqual([
        ['cancelled', 'user left'],
        ['success', undefined],
        ['failed', error],
        ['rejected', 'no'],
      ]);
    });

    it('reports an error it throws, and the outcome stands', async () => {
      const reported: unknown[] = [];
      const policy = policyOf(() => ErrorResponse.fail(), { onTaskEnd: () => { throw new Error('hook bug'); } });
      const tracker = trackerWith(policy, Infinity, { onPolicyError: (error) => reported.push(error) });
      expect(await tracker.spawn(() => 'fine')).toBe('fine');
      expect(reported).toEqual([new Error('hook bug')]);
      expect(tracker.metrics().success()).toBe(1);
    });
  });

  it('keeps the metrics invariants at every event and frame through retries, continuations, timeouts, rejections and cancellations', marbles((m) => {
    // Retries twice after 2 frames; continues FailedWithContinuation; refuses the task named `refused`.
    let refused = '';
    const policy = policyOf((_, context) => (context.attemptCount <= 2 ? ErrorResponse.retry({ delay: 2 }) : ErrorResponse.fail()), {
      admit: (task) => task.id !== refused || 'refused',
    });
    const tracker = trackerWith(policy, 2);
    const child = tracker.childTracker();
    const broken: string[] = [];
    const check = () => broken.push(...brokenInvariants(tracker.metrics()), ...brokenInvariants(child.metrics()));
    tracker.events$.subscribe(check);
    for (let frame = 0; frame <= 40; frame++) m.scheduler.schedule(check, frame);

    tracker.spawn(attempts(m.cold('-#'), m.cold('--#'), m.cold('-a|')));
    tracker.spawn(m.cold('--#', {}, FailedWithContinuation.fromFn('x', () => m.cold('---c|'))));
    child.spawn(m.cold('----------|'), { timeout: 3 });
    const cancelled = child.spawn(m.cold('-----|'));
    refused = tracker.spawn(m.cold('-|')).id;
    tracker.spawn(m.cold('---#'));
    m.scheduler.schedule(() => cancelled.cancel(), 4);
    m.flush();

    expect(broken).toEqual([]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({
      issued: 6, success: 2, failed: 2, cancelled: 1, rejected: 1, active: 0, pending: 0, timedOut: 1, retried: 6,
    }));
  }));
});
