import { of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellableTaskResult,
  CancellationToken,
  ErrorResponse,
  TaskCancelledError,
  TaskFailedError,
  TaskTracker,
  UnlimitedScheduler,
  type OnErrorPolicy,
} from '../../lib/index.js';
import { outcome, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('TaskTracker.spawnCancellable', () => {
  it("calls the function with the task's own token, once the task holds a slot", marbles((m) => {
    const tracker = semaphoreTracker(1);
    tracker.spawn(m.cold('--|'));
    let received: CancellationToken | undefined;
    const handle = tracker.spawnCancellable((token) => {
      received = token;
      return m.cold('-a|');
    });
    expect(received).toBeUndefined();
    m.flush();
    expect(received).toBe(handle.cancellationToken());
  }));

  const results: [string, (token: CancellationToken) => unknown, { value?: unknown; cancelled?: boolean; failedWith?: unknown }][] = [
    ['CancellableTaskResult.ok(v)', () => CancellableTaskResult.ok(5), { value: 5 }],
    ['a Promise of CancellableTaskResult.ok(v)', async () => CancellableTaskResult.ok('p'), { value: 'p' }],
    ['an Observable of CancellableTaskResult.ok(v)', () => of(CancellableTaskResult.ok('o')), { value: 'o' }],
    ['a plain value', () => 9, { value: 9 }],
    ['CancellableTaskResult.cancelled()', () => CancellableTaskResult.cancelled(), { cancelled: true }],
    ['CancellableTaskResult.err(e)', () => CancellableTaskResult.err('bad input'), { failedWith: 'bad input' }],
  ];
  for (const [what, fn, expected] of results) {
    it(`ends as ${JSON.stringify(expected)} for ${what}`, async () => {
      const tracker = unlimitedTracker();
      const result = await outcome(tracker.spawnCancellable(fn));
      if ('value' in expected) expect(result.value).toEqual(expected.value);
      if (expected.cancelled) expect(result.error).toBeInstanceOf(TaskCancelledError);
      if ('failedWith' in expected) {
        expect(result.error).toBeInstanceOf(TaskFailedError);
        expect((result.error as TaskFailedError).cause).toBe(expected.failedWith);
      }
      expect(tracker.metrics().pending()).toBe(0);
    });
  }

  it('fails through the error policy on a thrown error', async () => {
    const seen: unknown[] = [];
    const policy: OnErrorPolicy = {
      createChild: () => policy,
      onError: (error) => {
        seen.push(error);
        return ErrorResponse.fail();
      },
    };
    const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
    const error = new Error('thrown');
    const result = await outcome(tracker.spawnCancellable(() => Promise.reject(error)));
    expect((result.error as TaskFailedError).cause).toBe(error);
    expect(seen).toEqual([error]);
  });

  it('fails with a TypeError that says what to pass when CancellableTaskResult.err gets no error', async () => {
    const result = await outcome(unlimitedTracker().spawnCancellable(() => CancellableTaskResult.err(undefined)));
    const cause = (result.error as TaskFailedError).cause as TypeError;
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toContain('needs the error the task failed with');
  });

  it("counts an error thrown after the token fired as cancelled when it is the token's reason", async () => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawnCancellable((token) => {
      token.cancel('stop now');
      throw token.reason;
    });
    const result = await outcome(handle);
    expect((result.error as TaskCancelledError).reason).toBe('stop now');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, failed: 0 }));
  });

  it('counts an AbortError thrown after the token fired as cancelled', async () => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawnCancellable((token) => {
      token.cancel();
      throw new DOMException('aborted', 'AbortError');
    });
    expect((await outcome(handle)).error).toBeInstanceOf(TaskCancelledError);
  });

  it('counts an AbortError thrown while the token is not cancelled as a failure', async () => {
    const tracker = unlimitedTracker();
    const result = await outcome(tracker.spawnCancellable(() => Promise.reject(new DOMException('someone else aborted', 'AbortError'))));
    expect(result.error).toBeInstanceOf(TaskFailedError);
  });

  it("aborts the token's signal when the tracker is cancelled", async () => {
    const tracker = unlimitedTracker();
    let signal!: AbortSignal;
    const handle = tracker.spawnCancellable((token) => {
      signal = token.signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    tracker.cancel('navigated away');
    expect(signal.aborted).toBeTrue();
    expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('navigated away');
  });

  it('refuses a non-function with a TypeError', () => {
    expect(() => unlimitedTracker().spawnCancellable(of(1) as never)).toThrowError(TypeError, /expects a function/);
  });
});

describe('CancellableTaskResult', () => {
  it('makes ok, cancelled and err results', () => {
    expect(CancellableTaskResult.ok(1)).toEqual(jasmine.objectContaining({ kind: 'ok', value: 1 }));
    expect(CancellableTaskResult.cancelled().kind).toBe('cancelled');
    expect(CancellableTaskResult.err('e')).toEqual(jasmine.objectContaining({ kind: 'err', error: 'e' }));
  });

  it('refuses err() without an error', () => {
    expect(() => CancellableTaskResult.err(undefined)).toThrowError(TypeError, /needs the error/);
    expect(() => CancellableTaskResult.err(null)).toThrowError(TypeError, /needs the error/);
  });
});
