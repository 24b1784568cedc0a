import { NEVER } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellationToken,
  LogOnlyPolicy,
  SemaphoreScheduler,
  TaskCancelledError,
  TaskTracker,
  TrackerClosedError,
} from '../../lib/index.js';
import { brokenInvariants, deferred, outcome, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('TaskTracker cancellation', () => {
  it('tears down every running task at the frame of cancel(), and queued tasks never start', marbles((m) => {
    const tracker = semaphoreTracker(2);
    const a = m.cold('------a|');
    const b = m.cold('--------b|');
    const c = m.cold('-c|');
    const handles = [tracker.spawn(a), tracker.spawn(b), tracker.spawn(c)];
    m.cold('----x').subscribe(() => tracker.cancel('stop'));
    m.expect(a).toHaveSubscriptions('^---!');
    m.expect(b).toHaveSubscriptions('^---!');
    m.expect(c).toHaveSubscriptions([]);
    m.flush();
    for (const handle of handles) expect(handle.status).toBe('cancelled');
    const metrics = tracker.metrics();
    expect(metrics.cancelled()).toBe(3);
    expect(metrics.started()).toBe(2);
    expect(metrics.pending()).toBe(0);
    expect(tracker.isClosed()).toBeTrue();
  }));

  it("rejects every handle with one TaskCancelledError per tracker, carrying the reason and naming the tracker", async () => {
    const root = semaphoreTracker(1);
    const child = root.childTrackerBuilder().name('images').build();
    const running = root.spawn(NEVER);
    const queued = root.spawn(NEVER);
    const inChild = child.spawn(NEVER);
    const reason = new Error('component destroyed');
    expect(root.cancel(reason)).toBeTrue();
    const errors = await Promise.all([running, queued, inChild].map(async (handle) => (await outcome(handle)).error as TaskCancelledError));
    for (const error of errors) {
      expect(error).toBeInstanceOf(TaskCancelledError);
      expect(error.reason).toBe(reason);
      expect(error.taskId).toBeUndefined();
    }
    expect(errors[0]).toBe(errors[1]);
    expect(errors[0].trackerPath).toBe('root');
    expect(errors[2].trackerPath).toBe('root/images');
    expect(errors[2].message).toBe('Tracker "root/images" was cancelled: component destroyed');
  });

  it('gives a task cancelled on its own an error of its own, with its id', async () => {
    const handle = unlimitedTracker().spawn(NEVER);
    handle.cancel('not needed');
    const error = (await outcome(handle)).error as TaskCancelledError;
    expect(error.taskId).toBe(handle.id);
    expect(error.trackerPath).toBeUndefined();
    expect(error.message).toBe(`Task ${handle.id} was cancelled: not needed`);
  });

  it('is idempotent: a second cancel() returns false and keeps the first reason', async () => {
    const tracker = unlimitedTracker();
    const handle = tracker.spawn(NEVER);
    expect(tracker.cancel('first')).toBeTrue();
    expect(tracker.cancel('second')).toBeFalse();
    expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('first');
    expect(tracker.cancellationToken().reason).toBe('first');
  });

  it('closes the tracker and all its descendants, and cancels their tasks', marbles((m) => {
    const root = semaphoreTracker(4);
    const child = root.childTracker();
    const grandchild = child.childTracker();
    const inChild = m.cold('-----a|');
    const inGrandchild = m.cold('-----b|');
    child.spawn(inChild);
    grandchild.spawn(inGrandchild);
    m.cold('--x').subscribe(() => root.cancel());
    m.expect(inChild).toHaveSubscriptions('^-!');
    m.expect(inGrandchild).toHaveSubscriptions('^-!');
    m.flush();
    for (const tracker of [root, child, grandchild]) {
      expect(tracker.isClosed()).toBeTrue();
      expect(tracker.cancellationToken().isCancelled()).toBeTrue();
    }
    expect(() => grandchild.spawn(NEVER)).toThrowError(TrackerClosedError);
    expect(() => child.childTracker()).toThrowError(TrackerClosedError);
    expect(root.metrics().cancelled()).toBe(2);
  }));

  it('makes a refused spawn or child name the cancelled ancestor', () => {
    const root = unlimitedTracker();
    const child = root.childTrackerBuilder().name('images').build();
    const grandchild = child.childTrackerBuilder().name('thumbs').build();
    child.cancel();
    expect(() => grandchild.spawn(NEVER)).toThrowError(
      TrackerClosedError,
      'Cannot spawn a task on closed tracker "root/images/thumbs": its ancestor "root/images" was cancelled. Spawn before join(), or create a new tracker.',
    );
    expect(() => child.childTracker()).toThrowError(TrackerClosedError, /^Cannot create a child tracker on closed tracker "root\/images": it was cancelled\./);
    expect(() => root.spawn(NEVER)).not.toThrow();
  });

  it('makes a refused spawn say cancelled, not joined, for a joined tracker cancelled since', () => {
    const root = unlimitedTracker();
    const child = root.childTrackerBuilder().name('images').build();
    child.spawn(NEVER);
    void child.join();
    expect(() => child.spawn(NEVER)).toThrowError(TrackerClosedError, /: it was joined\./);
    root.cancel();
    expect(() => child.spawn(NEVER)).toThrowError(TrackerClosedError, /: its ancestor "root" was cancelled\./);
  });

  it("never touches the parent when a child is cancelled", marbles((m) => {
    const root = semaphoreTracker(4);
    const child = root.childTracker();
    const sibling = root.childTracker();
    const inRoot = m.cold('-----r|');
    const inChild = m.cold('-----c|');
    const inSibling = m.cold('-----s|');
    const handles = [root.spawn(inRoot), child.spawn(inChild), sibling.spawn(inSibling)];
    m.cold('--x').subscribe(() => child.cancel('only the child'));
    m.expect(inRoot).toHaveSubscriptions('^-----!');
    m.expect(inChild).toHaveSubscriptions('^-!');
    m.expect(inSibling).toHaveSubscriptions('^-----!');
    m.flush();
    expect(handles.map((handle) => handle.status)).toEqual(['success', 'cancelled', 'success']);
    expect(root.isClosed()).toBeFalse();
    expect(sibling.isClosed()).toBeFalse();
    expect(root.cancellationToken().isCancelled()).toBeFalse();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 2, cancelled: 1, pending: 0 }));
  }));

  it('frees the slots of cancelled Observable tasks at once, for tasks of other trackers', marbles((m) => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const doomed = new TaskTracker(scheduler, quietPolicy());
    const other = new TaskTracker(scheduler, quietPolicy());
    const running = m.cold('-------a|');
    const waiting = m.cold('--b|');
    doomed.spawn(running);
    doomed.spawn(m.cold('--never-started|'));
    other.spawn(waiting);
    m.cold('---x').subscribe(() => doomed.cancel());
    m.expect(running).toHaveSubscriptions('^--!');
    m.expect(waiting).toHaveSubscriptions('---^--!');
  }));

  it('is the same as cancelling the tracker token', marbles((m) => {
    const tracker = semaphoreTracker(1);
    const task = m.cold('-----a|');
    const handle = tracker.spawn(task);
    m.cold('--x').subscribe(() => tracker.cancellationToken().cancel('via token'));
    m.expect(task).toHaveSubscriptions('^-!');
    m.flush();
    expect(tracker.isClosed()).toBeTrue();
    expect(handle.status).toBe('cancelled');
  }));

  it('follows an external token given to the builder', async () => {
    const appToken = new CancellationToken();
    const tracker = TaskTracker.builder()
      .scheduler(SemaphoreScheduler.withPermits(1))
      .errorPolicy(quietPolicy())
      .cancellationToken(appToken.childToken())
      .build();
    const handle = tracker.spawn(NEVER);
    appToken.cancel('app shutting down');
    expect(tracker.isClosed()).toBeTrue();
    expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('app shutting down');
  });

  it('is born cancelled and closed when built with a cancelled token', () => {
    const token = new CancellationToken();
    token.cancel('too late');
    const tracker = TaskTracker.builder().scheduler(SemaphoreScheduler.withPermits(1)).errorPolicy(quietPolicy()).cancellationToken(token).build();
    expect(tracker.isClosed()).toBeTrue();
    expect(() => tracker.spawn(NEVER)).toThrowError(TrackerClosedError, /closed tracker "root": it was cancelled\./);
  });

  describe('of one task (handle.cancel)', () => {
    it('tears down a running task and lets the next one start at that frame', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const first = m.cold('--------a|');
      const second = m.cold('--b|');
      const handle = tracker.spawn(first);
      const next = tracker.spawn(second);
      m.cold('---x').subscribe(() => handle.cancel('skip'));
      m.expect(first).toHaveSubscriptions('^--!');
      m.expect(second).toHaveSubscriptions('---^--!');
      m.flush();
      expect(handle.status).toBe('cancelled');
      expect(next.status).toBe('success');
      expect(tracker.isClosed()).toBeFalse();
    }));

    it('removes a queued task from its queue without starting it', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const first = m.cold('----a|');
      const skipped = m.cold('-b|');
      const third = m.cold('-c|');
      tracker.spawn(first);
      const handle = tracker.spawn(skipped);
      tracker.spawn(third);
      m.cold('--x').subscribe(() => handle.cancel());
      m.expect(skipped).toHaveSubscriptions([]);
      m.expect(third).toHaveSubscriptions('-----^-!');
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ started: 2, success: 2, cancelled: 1 }));
    }));

    it('is the same as cancelling the handle token', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const task = m.cold('-----a|');
      const handle = tracker.spawn(task);
      m.cold('--x').subscribe(() => handle.cancellationToken().cancel('via token'));
      m.expect(task).toHaveSubscriptions('^-!');
      m.flush();
      expect(handle.status).toBe('cancelled');
    }));

    it('returns false for a task that has already ended', async () => {
      const handle = unlimitedTracker().spawn(() => 1);
      await handle;
      expect(handle.cancel()).toBeFalse();
      expect(handle.status).toBe('success');
    });

    it('fires the task token, so work given its signal aborts', async () => {
      const tracker = unlimitedTracker();
      let signal: AbortSignal | undefined;
      const handle = tracker.spawnCancellable((token) => {
        signal = token.signal;
        return new Promise((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
      });
      handle.cancel('user clicked stop');
      expect(signal!.aborted).toBeTrue();
      expect(signal!.reason).toBe('user clicked stop');
      expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('user clicked stop');
    });
  });

  describe('of promise tasks', () => {
    it('keeps the slot until the cancelled promise settles, because the slot guards a real resource', async () => {
      const scheduler = SemaphoreScheduler.withPermits(1);
      const tracker = new TaskTracker(scheduler, new LogOnlyPolicy({ logger: () => {} }));
      const work = deferred<string>();
      const first = tracker.spawn(() => work.promise);
      let secondStarted = false;
      const second = tracker.spawn(() => {
        secondStarted = true;
        return 'second';
      });
      first.cancel();
      expect(first.status).toBe('cancelled');
      expect(secondStarted).toBeFalse();
      expect(scheduler.availablePermits()).toBe(0);
      // The outcome is already recorded: the task is no longer active.
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, active: 0, queued: 1 }));
      work.resolve('late');
      expect(await second).toBe('second');
      expect(secondStarted).toBeTrue();
      expect(scheduler.availablePermits()).toBe(1);
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    });

    it('ignores what the cancelled promise later resolves or rejects with', async () => {
      const tracker = unlimitedTracker();
      const work = deferred<string>();
      const handle = tracker.spawn(() => work.promise);
      tracker.cancel('gone');
      work.reject(new Error('too late'));
      await tracker.join();
      expect((await outcome(handle)).error).toBeInstanceOf(TaskCancelledError);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, failed: 0 }));
    });
  });

  it('keeps the invariants at every step of a cancellation cascade', marbles((m) => {
    const root = semaphoreTracker(2);
    const child = root.childTracker();
    const steps: string[][] = [];
    const check = () => steps.push(brokenInvariants(root.metrics()), brokenInvariants(child.metrics()));
    for (let i = 0; i < 3; i++) {
      root.spawn(m.cold('---a|'));
      child.spawn(m.cold('--b|'));
    }
    m.cold('-x-y-z').subscribe((step) => {
      check();
      if (step === 'y') child.cancel();
      check();
    });
    m.flush();
    check();
    expect(steps.every((broken) => broken.length === 0)).toBeTrue();
    expect(root.metrics().pending()).toBe(0);
  }));
});
