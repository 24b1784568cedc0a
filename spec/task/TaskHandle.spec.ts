import { from, NEVER, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { TaskCancelledError, TaskHandle } from '../../lib/index.js';
import { outcome, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('TaskHandle', () => {
  it('goes from queued to running to its outcome', marbles((m) => {
    const tracker = semaphoreTracker(1);
    const first = tracker.spawn(m.cold('--a|'));
    const second = tracker.spawn(m.cold('--b|'));
    const seen: string[] = [];
    m.cold('x-x-x-x').subscribe(() => seen.push(`${first.status}/${second.status}`));
    m.flush();
    expect(seen).toEqual(['running/queued', 'running/queued', 'success/running', 'success/running']);
    expect(second.status).toBe('success');
    expect(second.isFinished()).toBeTrue();
  }));

  it('is a real Promise that await, Promise.all and RxJS from() take as it is', async () => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawn(() => Promise.resolve(3));
    expect(handle).toBeInstanceOf(Promise);
    expect(handle).toBeInstanceOf(TaskHandle);
    expect(await handle).toBe(3);
    expect(await Promise.all([handle, tracker.spawn(of(4))])).toEqual([3, 4]);
    expect(await new Promise((resolve) => from(tracker.spawn(of(5))).subscribe(resolve))).toBe(5);
  });

  it('derives plain promises from then(), catch() and finally()', async () => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawn(of(1));
    const derived = handle.then((value) => value + 1);
    expect(derived).not.toBeInstanceOf(TaskHandle);
    expect(await derived).toBe(2);
    const cancelled = tracker.spawn(NEVER);
    cancelled.cancel('why');
    expect(await cancelled.catch((error: TaskCancelledError) => error.reason)).toBe('why');
    let finallyRan = false;
    await handle.finally(() => (finallyRan = true));
    expect(finallyRan).toBeTrue();
  });

  describe('cancellationToken()', () => {
    it("is a child of the tracker's token, made once", () => {
      const tracker = unlimitedTracker();
      const handle = tracker.spawn(NEVER);
      const token = handle.cancellationToken();
      expect(handle.cancellationToken()).toBe(token);
      tracker.cancel('tracker gone');
      expect(token.isCancelled()).toBeTrue();
      expect(token.reason).toBe('tracker gone');
    });

    it('cancels a queued task before it starts', marbles((m) => {
      const tracker = semaphoreTracker(1);
      tracker.spawn(m.cold('---a|'));
      const task = m.cold('-b|');
      const handle = tracker.spawn(task);
      handle.cancellationToken().cancel('not needed');
      m.expect(task).toHaveSubscriptions([]);
      m.flush();
      expect(handle.status).toBe('cancelled');
    }));

    it('stays as the task left it once the task has ended', async () => {
      const tracker = unlimitedTracker();
      const done = tracker.spawn(of(1));
      await done;
      const cancelled = tracker.spawn(NEVER);
      cancelled.cancel('own reason');
      tracker.cancel('later');
      expect(done.cancellationToken().isCancelled()).toBeFalse();
      expect(cancelled.cancellationToken().reason).toBe('own reason');
      await outcome(cancelled);
    });

    it('is the token a cancellable task receives', () => {
      const tracker = unlimitedTracker();
      let received: unknown;
      const handle = tracker.spawnCancellable((token) => {
        received = token;
        return NEVER;
      });
      expect(received).toBe(handle.cancellationToken());
      handle.cancel();
    });
  });

  it('cancel() uses an AbortError DOMException when no reason is given', async () => {
    const handle = unlimitedTracker().spawn(NEVER);
    handle.cancel();
    const { error } = await outcome(handle);
    expect(((error as TaskCancelledError).reason as DOMException).name).toBe('AbortError');
  });
});
