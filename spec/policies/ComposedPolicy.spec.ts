import { marbles } from 'rxjs-marbles/jasmine';
import {
  ActionResult,
  ComposedPolicy,
  ErrorResponse,
  FailedWithContinuation,
  LogOnlyPolicy,
  RetryPolicy,
  ThresholdCancelPolicy,
  composePolicies,
  type OnErrorContext,
  type OnErrorPolicy,
  type TaskOutcome,
} from '../../lib/index.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';
import { policyOf, trackerWith } from './support.js';

/** A context as the tracker makes it, for calling a policy by hand. */
function contextFor(policy: OnErrorPolicy): OnErrorContext {
  return { attemptCount: 1, taskId: 'task-1', state: policy.createContext?.() } as OnErrorContext;
}

describe('composePolicies', () => {
  it('returns the first answer that is not fail; the parts after it are not asked', () => {
    const asked: string[] = [];
    const part = (name: string, response: ErrorResponse) => policyOf(() => (asked.push(name), response));
    const shutdown = ErrorResponse.shutdown();
    const policy = composePolicies(part('a', ErrorResponse.fail()), part('b', shutdown), part('c', ErrorResponse.retry()));
    expect(policy.onError(new Error('x'), contextFor(policy))).toBe(shutdown);
    expect(asked).toEqual(['a', 'b']);
  });

  it('fails when every part fails', () => {
    const policy = composePolicies(quietPolicy(), quietPolicy());
    expect(policy.onError(new Error('x'), contextFor(policy)).kind).toBe('fail');
  });

  it('keeps each part’s per-task state apart; a part may assign its own', async () => {
    const seen: unknown[] = [];
    const counter = policyOf((_, context) => {
      seen.push(context.state);
      context.state = (context.state as number) + 1;
      return context.state === 3 ? ErrorResponse.fail() : ErrorResponse.retry();
    }, { createContext: () => 1 });
    const labelled = policyOf((_, context) => (seen.push(context.state), ErrorResponse.fail()), { createContext: () => 'label' });
    await outcome(trackerWith(composePolicies(counter, labelled)).spawn(() => Promise.reject(new Error('x'))));
    expect(seen).toEqual([1, 2, 'label']);
  });

  it('runs a part’s custom action with that part’s context', async () => {
    const states: unknown[] = [];
    const acting = policyOf(() => ErrorResponse.custom({ execute: (_, context) => (states.push(context.state), ActionResult.continue({ execute: () => 'saved' })) }), {
      createContext: () => 'acting state',
    });
    const tracker = trackerWith(composePolicies(quietPolicy(), acting));
    expect(await tracker.spawn(() => Promise.reject(new Error('x')))).toBe('saved');
    expect(states).toEqual(['acting state']);
  });

  describe('continuations', () => {
    const cases: [string, boolean | undefined, boolean | undefined, boolean][] = [
      ['allowed when every part allows them', undefined, true, true],
      ['refused when one part refuses', true, false, false],
    ];
    for (const [what, first, second, allowed] of cases) {
      it(`are ${what}`, () => {
        const policy = composePolicies(
          policyOf(() => ErrorResponse.fail(), first === undefined ? {} : { allowContinuation: () => first }),
          policyOf(() => ErrorResponse.fail(), { allowContinuation: () => second! }),
        );
        expect(policy.allowContinuation(FailedWithContinuation.fromFn('x', () => 1), contextFor(policy))).toBe(allowed);
      });
    }

    it('give the slot back when any part asks for it', () => {
      const policy = composePolicies(policyOf(() => ErrorResponse.fail(), { shouldReschedule: () => false }), policyOf(() => ErrorResponse.fail(), { shouldReschedule: () => true }));
      expect(policy.shouldReschedule(new Error('x'), contextFor(policy))).toBeTrue();
      expect(composePolicies(quietPolicy()).shouldReschedule(new Error('x'), contextFor(policy))).toBeFalse();
    });
  });

  it('asks the gates in order: the first refusal rejects, later gates are not asked, earlier ones hear of it', marbles((m) => {
    const log: string[] = [];
    const gate = (name: string, verdict: true | string) =>
      policyOf(() => ErrorResponse.fail(), {
        admit: () => (log.push(`${name} asked`), verdict),
        onTaskEnd: (_, result: TaskOutcome) => log.push(`${name} told ${result}`),
      });
    const tracker = trackerWith(composePolicies(gate('a', true), gate('b', 'closed'), gate('c', true)));
    const task = m.cold('-|');
    const handle = tracker.spawn(task);
    m.expect(task).toHaveSubscriptions([]);
    m.flush();
    expect(handle.status).toBe('rejected');
    expect(log).toEqual(['a asked', 'b asked', 'a told rejected', 'b told rejected', 'c told rejected']);
  }));

  it('tells every listening part how a task ended even if one throws, then reports the error', async () => {
    const told: string[] = [];
    const reported: unknown[] = [];
    const listener = (name: string, fails: boolean) =>
      policyOf(() => ErrorResponse.fail(), {
        onTaskEnd: () => {
          told.push(name);
          if (fails) throw new Error(`${name} broke`);
        },
      });
    const one = trackerWith(composePolicies(listener('a', true), listener('b', false)), Infinity, { onPolicyError: (error) => reported.push(error) });
    await one.spawn(() => 1);
    expect(told).toEqual(['a', 'b']);
    expect(reported).toEqual([new Error('a broke')]);
    const both = trackerWith(composePolicies(listener('a', true), listener('b', true)), Infinity, { onPolicyError: (error) => reported.push(error) });
    await both.spawn(() => 1);
    expect(reported[1]).toBeInstanceOf(AggregateError);
    expect((reported[1] as AggregateError).errors).toEqual([new Error('a broke'), new Error('b broke')]);
  });

  it('has a gate and a hook only when a part has one', () => {
    const plain = composePolicies(new LogOnlyPolicy(), quietPolicy());
    expect(plain.admit).toBeUndefined();
    expect(plain.onTaskEnd).toBeUndefined();
  });

  it('makes children from the parts’ children, in order', async () => {
    const threshold = ThresholdCancelPolicy.withThreshold(2);
    const policy = composePolicies(quietPolicy(), threshold);
    const child = policy.createChild();
    expect(child).toBeInstanceOf(ComposedPolicy);
    const root = trackerWith(policy);
    const childTracker = root.childTracker();
    await outcome(childTracker.spawn(() => Promise.reject(new Error('x'))));
    expect(threshold.failureCount()).toBe(1);
  });

  it('retry first, then threshold: the threshold counts only the tasks that failed for good', marbles((m) => {
    const threshold = ThresholdCancelPolicy.withThreshold(2);
    const tracker = trackerWith(composePolicies(new RetryPolicy({ retries: 2, initialDelay: 1, factor: 1, inner: quietPolicy() }), threshold));
    const running = m.cold('-------------|');
    tracker.spawn(running);
    const first = tracker.spawn(m.cold('-#'));
    const second = tracker.spawn(m.cold('--#'));
    // first fails at 1, 3, 5 (for good); second at 2, 5, 8 (for good): the second task failing for good shuts down.
    m.expect(running).toHaveSubscriptions('^-------!');
    m.flush();
    expect([first.status, second.status]).toEqual(['failed', 'failed']);
    expect(threshold.failureCount()).toBe(2);
    expect(tracker.metrics().retried()).toBe(4);
  }));

  it('reports a part that answers something else than an ErrorResponse, naming it', async () => {
    const reported: unknown[] = [];
    const sloppy = policyOf(() => 'retry' as never);
    const tracker = trackerWith(composePolicies(quietPolicy(), sloppy), Infinity, { onPolicyError: (error) => reported.push(error) });
    await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
    expect(String(reported[0])).toBe("TypeError: composePolicies(...policies): policies[1].onError() returned 'retry' (string); it must return an ErrorResponse");
  });

  describe('refuses bad input', () => {
    it('no policy: RangeError', () => {
      expect(() => composePolicies()).toThrowError(RangeError, 'composePolicies(...policies): at least one policy is needed, got none');
    });
    it('something that is not a policy: TypeError naming its position', () => {
      expect(() => composePolicies(quietPolicy(), { onError: () => ErrorResponse.fail() } as never)).toThrowError(
        TypeError,
        'composePolicies(...policies): policies[1] must be an error policy (with onError and createChild), got an object',
      );
    });
  });
});
