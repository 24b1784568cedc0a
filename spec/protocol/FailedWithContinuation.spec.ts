import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellableTaskResult,
  CancellationToken,
  ErrorResponse,
  FailedWithContinuation,
  TaskFailedError,
  type TrackerEvent,
} from '../../lib/index.js';
import { outcome } from '../helpers/trackers.js';
import { policyOf, trackerWith } from '../policies/support.js';

/** A policy that fails every error it is asked about, counting them. */
function failing(more: Parameters<typeof policyOf>[1] = {}) {
  const errors: unknown[] = [];
  const policy = policyOf((error) => (errors.push(error), ErrorResponse.fail()), more);
  return { policy, errors };
}

describe('FailedWithContinuation', () => {
  it('wraps its source as the cause, with a message naming it', () => {
    const source = new Error('primary down');
    const error = FailedWithContinuation.fromFn(source, () => 1);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FailedWithContinuation');
    expect(error.cause).toBe(source);
    expect(error.message).toBe('Task failed with continuation: primary down');
  });

  it('continues the task in the slot it holds, without asking onError', marbles((m) => {
    const { policy, errors } = failing();
    const tracker = trackerWith(policy, 1);
    const continuation = m.cold('--c|');
    const waiting = m.cold('-|');
    const handle = tracker.spawn(m.cold('--#', {}, FailedWithContinuation.fromFn('primary down', () => continuation)));
    tracker.spawn(waiting);
    m.expect(continuation).toHaveSubscriptions('--^--!');
    m.expect(waiting).toHaveSubscriptions('-----^!');
    m.flush();
    expect(errors).toEqual([]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 2, success: 2, retried: 0 }));
    return handle.then((value) => expect(value).toBe('c'));
  }));

  it('continues a promise task with a promise', async () => {
    const tracker = trackerWith(failing().policy);
    const handle = tracker.spawn(() => Promise.reject(FailedWithContinuation.fromFn(new Error('primary'), () => Promise.resolve('mirror'))));
    expect(await handle).toBe('mirror');
  });

  it('gives fromCancellable the task token; CancellableTaskResult.cancelled() ends the task cancelled', async () => {
    const tokens: CancellationToken[] = [];
    const tracker = trackerWith(failing().policy);
    const handle = tracker.spawn(() =>
      Promise.reject(FailedWithContinuation.fromCancellable('x', (token) => (tokens.push(token), CancellableTaskResult.cancelled()))),
    );
    await outcome(handle);
    expect(tokens).toEqual([handle.cancellationToken()]);
    expect(handle.status).toBe('cancelled');
  });

  it('follows a chain: a continuation may throw another one, each error counted as an attempt', async () => {
    const counts: number[] = [];
    const { policy, errors } = failing({ allowContinuation: (_, context) => (counts.push(context.attemptCount), true) });
    const tracker = trackerWith(policy);
    const third = FailedWithContinuation.fromFn('second failed', () => 'third');
    const second = FailedWithContinuation.fromFn('first failed', () => { throw third; });
    expect(await tracker.spawn(() => { throw second; })).toBe('third');
    expect(counts).toEqual([1, 2]);
    expect(errors).toEqual([]);
  });

  it('ends the task with the last error when a continuation fails with a plain one', async () => {
    const { policy, errors } = failing();
    const last = new Error('mirror down too');
    const result = await outcome(trackerWith(policy).spawn(() => Promise.reject(FailedWithContinuation.fromFn('primary down', () => Promise.reject(last)))));
    expect(errors).toEqual([last]);
    expect((result.error as TaskFailedError).cause).toBe(last);
  });

  it('is an ordinary error when allowContinuation says no: onError decides, the continuation never runs', async () => {
    let ran = false;
    const { policy, errors } = failing({ allowContinuation: () => false });
    const error = FailedWithContinuation.fromFn('x', () => void (ran = true));
    const result = await outcome(trackerWith(policy).spawn(() => Promise.reject(error)));
    expect(ran).toBeFalse();
    expect(errors).toEqual([error]);
    expect((result.error as TaskFailedError).cause).toBe(error);
  });

  it('gives the slot back and queues again behind waiting tasks when shouldReschedule says so', marbles((m) => {
    const tracker = trackerWith(failing({ shouldReschedule: () => true }).policy, 1);
    const continuation = m.cold('-c|');
    const waiting = m.cold('--w|');
    const events: TrackerEvent[] = [];
    tracker.events$.subscribe((event) => events.push(event));
    const handle = tracker.spawn(m.cold('-#', {}, FailedWithContinuation.fromFn('x', () => continuation)));
    tracker.spawn(waiting);
    m.expect(waiting).toHaveSubscriptions('-^--!');
    m.expect(continuation).toHaveSubscriptions('----^-!');
    m.flush();
    expect(handle.status).toBe('success');
    expect(tracker.metrics().retried()).toBe(0);
    expect(events.filter((e) => e.type === 'started' && e.taskId === handle.id).map((e) => [e.time, (e as { attempt: number }).attempt])).toEqual([[0, 1], [4, 2]]);
  }));

  it('completes a rescheduled continuation on a full semaphore of 1 (the Rust original deadlocks there)', marbles((m) => {
    const tracker = trackerWith(failing({ shouldReschedule: () => true }).policy, 1);
    const continuation = m.cold('-c|');
    const handle = tracker.spawn(m.cold('-#', {}, FailedWithContinuation.fromFn('x', () => continuation)));
    m.expect(continuation).toHaveSubscriptions('-^-!');
    m.flush();
    expect(handle.status).toBe('success');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 0, pending: 0, success: 1 }));
  }));

  describe('refuses bad input', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['fromFn without a function', () => FailedWithContinuation.fromFn('x', 42 as never), /fromFn\(source, fn\): fn must be a function, got 42 \(number\)/],
      ['fromCancellable without a function', () => FailedWithContinuation.fromCancellable('x', null as never), /fromCancellable\(source, fn\): fn must be a function, got null/],
      ['a continuation without execute', () => new FailedWithContinuation('x', {} as never), /continuation must have an execute\(token\) method/],
    ];
    for (const [what, make, message] of cases) {
      it(`${what}: TypeError`, () => expect(make).toThrowError(TypeError, message));
    }
  });
});
