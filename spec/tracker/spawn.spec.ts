import { EMPTY, from, lastValueFrom, Observable, of, Subject, throwError } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellableTaskResult,
  CancellationToken,
  LogOnlyPolicy,
  TaskCancelledError,
  TaskFailedError,
  TaskHandle,
  TrackerClosedError,
  UnlimitedScheduler,
  TaskTracker,
  type TaskContext,
} from '../../lib/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
import { brokenInvariants, outcome, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('TaskTracker.spawn', () => {
  describe('with an Observable', () => {
    it('subscribes only once the task holds a slot, and succeeds with the last value', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const first = m.cold('--a|');
      const second = m.cold('-b-c|');
      tracker.spawn(first);
      const handle = tracker.spawn(second);
      m.expect(first).toHaveSubscriptions('^--!');
      m.expect(second).toHaveSubscriptions('---^---!');
      m.flush();
      expect(handle.status).toBe('success');
      return handle.then((value) => expect(value).toBe('c'));
    }));

    it('succeeds with undefined when the Observable completes empty', async () => {
      expect(await unlimitedTracker().spawn(EMPTY)).toBeUndefined();
    });

    it('starts synchronously inside spawn when a slot is free', () => {
      const tracker = semaphoreTracker(1);
      let subscribed = false;
      tracker.spawn(new Observable(() => void (subscribed = true)));
      expect(subscribed).toBeTrue();
      expect(tracker.metrics().active()).toBe(1);
    });

    it('fails with the Observable error as the cause', async () => {
      const error = new Error('stream broke');
      const result = await outcome(unlimitedTracker().spawn(throwError(() => error)));
      expect(result.error).toBeInstanceOf(TaskFailedError);
      expect((result.error as TaskFailedError).cause).toBe(error);
    });
  });

  describe('with a function', () => {
    it('calls it only once the task holds a slot', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const calls: number[] = [];
      tracker.spawn(m.cold('---|'));
      tracker.spawn(() => {
        calls.push(m.scheduler.now());
        return m.cold('-|');
      });
      expect(calls).toEqual([]);
      m.flush();
      expect(calls).toEqual([3]);
    }));

    const inputs: [string, () => unknown, unknown][] = [
      ['a Promise', () => Promise.resolve(42), 42],
      ['an Observable', () => of(1, 2, 3), 3],
      ['an array (its last item, as RxJS from() reads it)', () => [1, 2, 3], 3],
      ['an iterable', () => new Set(['x', 'y']).values(), 'y'],
      ['an async iterable', () => (async function* () { yield 'p'; yield 'q'; })(), 'q'],
      ['a string (a value, not a stream of characters)', () => 'abc', 'abc'],
      ['a plain value', () => 7, 7],
      ['a plain object', () => ({ id: 1 }), { id: 1 }],
      ['undefined', () => undefined, undefined],
      ['null', () => null, null],
    ];
    for (const [what, task, expected] of inputs) {
      it(`succeeds with what ${what} produces`, async () => {
        const tracker = unlimitedTracker();
        expect(await tracker.spawn(task)).toEqual(expected);
        expect(tracker.metrics().success()).toBe(1);
      });
    }

    it('fails when it throws synchronously, with the thrown error as the cause', async () => {
      const tracker = unlimitedTracker();
      const error = new Error('sync throw');
      const handle = tracker.spawn(() => {
        throw error;
      });
      expect(handle.status).toBe('failed');
      const result = await outcome(handle);
      expect((result.error as TaskFailedError).cause).toBe(error);
      expect(tracker.metrics().failed()).toBe(1);
    });

    it('fails when its promise rejects', async () => {
      const result = await outcome(unlimitedTracker().spawn(() => Promise.reject(new Error('nope'))));
      expect(result.error).toBeInstanceOf(TaskFailedError);
      expect((result.error as Error).message).toContain('nope');
    });

    it('accepts an Observable from another RxJS copy (an interop Observable)', async () => {
      const interop = { '@@observable': () => from(['x', 'y']) } as unknown as Observable<string>;
      expect(await unlimitedTracker().spawn(() => interop)).toBe('y');
    });
  });

  describe('with a thenable', () => {
    /** A thenable that counts the reads of its `then` and resolves with `value`. */
    function counted(value: unknown): { thenable: PromiseLike<unknown>; reads: () => number } {
      let reads = 0;
      const thenable = {
        get then() {
          reads++;
          return (resolve: (value: unknown) => void) => resolve(value);
        },
      } as PromiseLike<unknown>;
      return { thenable, reads: () => reads };
    }

    it('reads its then once, and awaits it, whether the task returns it, emits it last or wraps it in ok()', async () => {
      const tracker = unlimitedTracker();
      const returned = counted('a');
      expect(await tracker.spawn(() => returned.thenable)).toBe('a');
      expect(returned.reads()).toBe(1);
      const emitted = counted('b');
      expect(await tracker.spawn(of(emitted.thenable))).toBe('b');
      expect(emitted.reads()).toBe(1);
      const wrapped = counted('c');
      expect(await tracker.spawnCancellable(() => CancellableTaskResult.ok(wrapped.thenable))).toBe('c');
      expect(wrapped.reads()).toBe(1);
    });

    it('whose then getter throws, fails the task with that error: spawn() does not throw, the slot comes back', async () => {
      const tracker = semaphoreTracker(1);
      const getterError = new Error('then getter');
      const hostile = {
        get then() {
          throw getterError;
        },
      };
      let handle!: TaskHandle<unknown>;
      expect(() => (handle = tracker.spawn(() => hostile))).not.toThrow();
      const { error } = await outcome(handle);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).cause).toBe(getterError);
      expect(tracker.metrics().pending()).toBe(0);
      expect(await tracker.spawn(of('next'))).toBe('next');
    });

    it('whose then getter throws, from the queue: the handle fails, the next task runs, join() resolves', async () => {
      const tracker = semaphoreTracker(1);
      const blocker = new Subject<void>();
      tracker.spawn(blocker);
      const handle = tracker.spawn(() => ({
        get then() {
          throw new Error('then getter');
        },
      }));
      const next = tracker.spawn(of('next'));
      blocker.complete();
      expect((await outcome(handle)).error).toBeInstanceOf(TaskFailedError);
      expect(await next).toBe('next');
      await tracker.join();
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    });

    it('emitted last by an Observable and rejecting, fails the task through the error policy (not a raw rejection)', async () => {
      const logged: unknown[] = [];
      const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy({ logger: (_message, error) => logged.push(error) }));
      const cause = new Error('late');
      const rejecting = Promise.reject(cause);
      rejecting.catch(() => {});
      const { error } = await outcome(tracker.spawn(of(rejecting)));
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).cause).toBe(cause);
      expect(logged).toEqual([cause]);
      expect(tracker.metrics().failed()).toBe(1);
    });
  });

  describe('bad input', () => {
    it('refuses a bare Promise with a TypeError that says to pass a function', () => {
      const tracker = unlimitedTracker();
      const promise = Promise.resolve(1);
      expect(() => tracker.spawn(promise as never)).toThrowError(TypeError, /already running.*Pass a function/);
      expect(tracker.metrics().issued()).toBe(0);
    });

    for (const [what, value] of [['a number', 42], ['null', null], ['undefined', undefined], ['a plain object', { a: 1 }], ['a string', 'task']] as const) {
      it(`refuses ${what} with a TypeError`, () => {
        const tracker = unlimitedTracker();
        expect(() => tracker.spawn(value as never)).toThrowError(TypeError, /expects an Observable or a function/);
        expect(tracker.metrics().issued()).toBe(0);
      });
    }

    for (const hostile of HOSTILE_VALUES.filter((h) => typeof h.make() !== 'function')) {
      it(`refuses ${hostile.name} with the same TypeError, on every spawn form`, () => {
        const tracker = unlimitedTracker();
        const task = hostile.make();
        expect(() => tracker.spawn(task as never)).toThrowError(TypeError, /^spawn\(task\) expects an Observable or a function, got /);
        expect(() => tracker.spawn$(task as never)).toThrowError(TypeError, /^spawn\$\(task\) expects an Observable or a function, got /);
        expect(() => tracker.spawnCancellable(task as never)).toThrowError(TypeError, /^spawnCancellable\(fn\) expects a function/);
        expect(tracker.metrics().issued()).toBe(0);
      });
    }

    it('runs a function Proxy whose traps throw, as the function it is (given its context)', async () => {
      const tracker = unlimitedTracker();
      const throwing = { get: () => { throw new Error('get trap'); } };
      expect(await tracker.spawn(new Proxy(() => 1, throwing))).toBe(1);
      const calls: unknown[][] = [];
      const fn = new Proxy((...args: unknown[]) => (calls.push(args), 2), throwing);
      expect(await lastValueFrom(tracker.spawn$(fn as unknown as () => Observable<number>))).toBe(2);
      expect(calls.length).toBe(1);
      expect((calls[0][0] as TaskContext).token).toBeInstanceOf(CancellationToken);
    });

    it('refuses a bad timeout with a RangeError', () => {
      const tracker = unlimitedTracker();
      for (const timeout of [0, -5, NaN, 2 ** 53]) {
        expect(() => tracker.spawn(of(1), { timeout })).toThrowError(RangeError, /timeout must be a number of milliseconds above 0, up to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\)/);
      }
      expect(tracker.metrics().issued()).toBe(0);
    });
  });

  describe('on a closed tracker', () => {
    it('throws TrackerClosedError synchronously and changes no metric', async () => {
      const tracker = unlimitedTracker();
      tracker.spawn(of(1));
      await tracker.join();
      const before = tracker.metrics().snapshot();
      expect(() => tracker.spawn(of(2))).toThrowError(TrackerClosedError);
      expect(() => tracker.spawnCancellable(() => 3)).toThrowError(TrackerClosedError);
      expect(tracker.metrics().snapshot()).toEqual(before);
    });
  });

  it('counts issued synchronously, in the tracker and every ancestor', () => {
    const root = semaphoreTracker(1);
    const child = root.childTracker();
    const grandchild = child.childTracker();
    grandchild.spawn(new Observable(() => {}));
    grandchild.spawn(new Observable(() => {}));
    for (const tracker of [root, child, grandchild]) {
      expect(tracker.metrics().issued()).toBe(2);
      expect(tracker.metrics().active()).toBe(1);
      expect(tracker.metrics().queued()).toBe(1);
    }
    expect(brokenInvariants(root.metrics())).toEqual([]);
  });

  it('returns a TaskHandle with a unique id', () => {
    const tracker = unlimitedTracker();
    const handles = [tracker.spawn(of(1)), tracker.spawn(of(2)), semaphoreTracker(1).spawn(of(3))];
    for (const handle of handles) expect(handle).toBeInstanceOf(TaskHandle);
    expect(new Set(handles.map((handle) => handle.id)).size).toBe(3);
    expect(handles[0].id).toMatch(/^task-\d+$/);
  });

  it('never causes an unhandled rejection for a handle nobody awaits', async () => {
    const unhandled: unknown[] = [];
    const onNode = (reason: unknown) => unhandled.push(reason);
    const onBrowser = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
    nodeProcess?.on('unhandledRejection', onNode);
    globalThis.addEventListener?.('unhandledrejection', onBrowser);
    try {
      const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy({ logger: () => {} }));
      tracker.spawn(() => Promise.reject(new Error('ignored failure')));
      tracker.spawn(() => {
        throw new Error('ignored sync failure');
      });
      tracker.spawn(new Observable(() => {})).cancel('ignored cancel');
      tracker.spawn(() => new Promise(() => {}));
      tracker.cancel('ignored tracker cancel');
      // Unhandled rejections are reported after the microtask queue drains: let a few macrotasks pass.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).toEqual([]);
      expect(tracker.metrics().pending()).toBe(0);
    } finally {
      nodeProcess?.off('unhandledRejection', onNode);
      globalThis.removeEventListener?.('unhandledrejection', onBrowser);
    }
  });

  it('settles each handle exactly once, however it ends', async () => {
    const tracker = semaphoreTracker(1);
    const running = tracker.spawn(new Observable(() => {}));
    const queued = tracker.spawn(of(1));
    running.cancel('first');
    running.cancel('second');
    expect((await outcome(running)).error).toEqual(jasmine.any(TaskCancelledError));
    expect(((await outcome(running)).error as TaskCancelledError).reason).toBe('first');
    expect(await queued).toBe(1);
    expect(queued.cancel()).toBeFalse();
    expect(await queued).toBe(1);
  });
});
