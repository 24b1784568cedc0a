// p-limit's own tests, ported to the tracker through a thin `pLimit(n)` adapter, where
// docs/from-p-queue.md claims an equivalence. Source: sindresorhus/p-limit test.js at
// commit df476048d023ff868cd45b35ee47f5fb0ca2b25a (2026-07-20). The originals' test
// names are kept; each case says what changed. Where they sleep (`await delay(ms)`),
// the tasks await a virtual clock (spec/helpers/steppedClock.ts): times are exact
// virtual milliseconds, never measured. Random delays come from a seeded sequence.
// Left out, with the reason next to each: the async context (Node's
// AsyncLocalStorage; the core has no Node built-in, AsyncContextScheduler of
// rx-task-tracker/node is its answer and has its own specs), and the start of a task
// in a microtask (the tracker starts a task with a free slot inside spawn()).
import { SemaphoreScheduler, TaskCancelledError, TaskFailedError, TaskTracker } from '../../lib/index.js';
import { SteppedClock, seededInts } from '../helpers/steppedClock.js';
import { quietPolicy } from '../helpers/trackers.js';

/** The adapter the guide's p-limit table describes: a tracker with a `SemaphoreScheduler` of `n` slots, and `spawn`. */
function pLimit(options: number | { concurrency: number }, clock?: SteppedClock) {
  const concurrency = typeof options === 'number' ? options : options.concurrency;
  const scheduler = SemaphoreScheduler.withPermits(concurrency);
  const tracker = new TaskTracker({ scheduler, errorPolicy: quietPolicy(), clock });
  const limit = <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => tracker.spawn(() => fn(...args));
  const map = <T, R>(items: Iterable<T>, fn: (item: T, index: number) => R) =>
    Promise.all(Array.from(items, (item, index) => tracker.spawn(() => fn(item, index))));
  return Object.defineProperties(Object.assign(limit, { map, clearQueue: () => tracker.clearQueue(), tracker }), {
    activeCount: { get: () => tracker.metrics().active() },
    pendingCount: { get: () => tracker.metrics().queued() },
    concurrency: { get: () => scheduler.permits, set: (n: number) => scheduler.setPermits(n) },
  }) as typeof limit & { map: typeof map; clearQueue: () => number; tracker: TaskTracker; readonly activeCount: number; readonly pendingCount: number; concurrency: number };
}

describe('p-limit test.js against the tracker', () => {
  let clock: SteppedClock;
  beforeEach(() => (clock = new SteppedClock()));

  it('concurrency: 1 (the 590–650 ms range is exact virtual time: 600)', async () => {
    const limit = pLimit(1, clock);
    const mapper = ([value, ms]: number[]) => limit(async () => {
      await clock.delay(ms);
      return value;
    });
    const all = Promise.all([[10, 300], [20, 200], [30, 100]].map(mapper));
    await clock.run();
    expect(await all).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(600);
  });

  it('concurrency: 4 (5 slots, 100 tasks of seeded 30–200 ms)', async () => {
    const concurrency = 5;
    const limit = pLimit(concurrency, clock);
    const ms = seededInts(4, 30, 200);
    let running = 0;
    let most = 0;
    const all = Promise.all(Array.from({ length: 100 }, () => limit(async () => {
      running++;
      most = Math.max(most, running);
      await clock.delay(ms());
      running--;
    })));
    await clock.run();
    await all;
    expect(most).toBe(concurrency);
    expect(running).toBe(0);
  });

  // Skipped: 'propagates async execution context properly' (AsyncLocalStorage). The core entry
  // has no Node built-in; in Node, AsyncContextScheduler.wrap of rx-task-tracker/node runs each task
  // in the async context of its spawn (spec/node/AsyncContextScheduler.node.spec.ts).

  it('non-promise returning function', async () => {
    const limit = pLimit(1);
    expect(await limit(() => null)).toBeNull();
  });

  it('continues after sync throw (the handle rejects with a TaskFailedError whose cause is the error)', async () => {
    const limit = pLimit(1);
    let ran = false;
    const error = new Error('err');
    const results = await Promise.allSettled([
      limit(() => {
        throw error;
      }),
      limit(() => {
        ran = true;
      }),
    ]);
    expect(ran).toBeTrue();
    expect((results[0] as PromiseRejectedResult).reason).toEqual(jasmine.any(TaskFailedError));
    expect(((results[0] as PromiseRejectedResult).reason as TaskFailedError).cause).toBe(error);
  });

  it('accepts additional arguments (through the adapter: spawn(() => fn(...args)))', async () => {
    const limit = pLimit(1);
    const symbol = Symbol('test');
    expect(await limit((a: symbol) => a, symbol)).toBe(symbol);
  });

  it('shared context with a limited provider helper', async () => {
    const limit = pLimit(1, clock);
    const sharedContext = { values: [] as string[] };
    const runWithContext = <A extends unknown[], R>(fn: (context: typeof sharedContext, ...args: A) => R, ...args: A) =>
      limit(fn, sharedContext, ...args);
    const addValue = async (context: typeof sharedContext, value: string) => {
      context.values.push(value);
      await clock.delay(10);
      return context.values.length;
    };
    const first = runWithContext(addValue, 'first');
    const second = runWithContext(addValue, 'second');
    expect(limit.activeCount).toBe(1);
    expect(limit.pendingCount).toBe(1);
    await clock.run();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(sharedContext.values).toEqual(['first', 'second']);
  });

  it('does not ignore errors (the rejection is a TaskFailedError whose cause is the error)', async () => {
    const limit = pLimit(1, clock);
    const error = new Error('🦄');
    const all = Promise.all([
      limit(() => clock.delay(30)),
      limit(async () => {
        await clock.delay(80);
        throw error;
      }),
      limit(() => clock.delay(50)),
    ]);
    const settled = all.then(() => undefined, (reason: unknown) => reason);
    await clock.run();
    const reason = await settled;
    expect(reason).toEqual(jasmine.any(TaskFailedError));
    expect((reason as TaskFailedError).cause).toBe(error);
  });

  // Skipped: 'runs all tasks asynchronously'. p-limit calls a task in a microtask, so
  // `limit(() => value)` sees a `value` changed after the call and the result is [1, 2]; the
  // tracker calls a task that has a free slot inside spawn() (docs/testing.md), so it is [1, 1]
  // and both tasks have ended before spawn returns. By design: marble tests rely on it.
  it('runs a task with a free slot inside spawn() (where p-limit defers it to a microtask)', async () => {
    const limit = pLimit(3);
    let value = 1;
    const one = limit(() => 1);
    const two = limit(() => value);
    value = 2;
    expect(await Promise.all([one, two])).toEqual([1, 1]);
  });

  it('activeCount and pendingCount properties', async () => {
    const limit = pLimit(5, clock);
    expect([limit.activeCount, limit.pendingCount]).toEqual([0, 0]);
    const running1 = limit(() => clock.delay(1000));
    expect([limit.activeCount, limit.pendingCount]).toEqual([1, 0]);
    await clock.run();
    await running1;
    expect([limit.activeCount, limit.pendingCount]).toEqual([0, 0]);

    const immediate = Array.from({ length: 5 }, () => limit(() => clock.delay(1000)));
    const delayed = Array.from({ length: 3 }, () => limit(() => clock.delay(1000)));
    expect([limit.activeCount, limit.pendingCount]).toEqual([5, 3]);
    await clock.run(clock.now() + 1000);
    await Promise.all(immediate);
    expect([limit.activeCount, limit.pendingCount]).toEqual([3, 0]);
    await clock.run();
    await Promise.all(delayed);
    expect([limit.activeCount, limit.pendingCount]).toEqual([0, 0]);
  });

  it('clearQueue', async () => {
    const limit = pLimit(1, clock);
    const handles = Array.from({ length: 4 }, () => limit(() => clock.delay(1000)));
    await Promise.resolve();
    expect(limit.pendingCount).toBe(3);
    expect(limit.clearQueue()).toBe(3);
    expect(limit.pendingCount).toBe(0);
    const outcomes = Promise.allSettled(handles);
    await clock.run();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
  });

  it('clearQueue rejects pending promises when enabled (always: with a TaskCancelledError whose reason is an AbortError)', async () => {
    const limit = pLimit(1, clock);
    const running = limit(() => clock.delay(100));
    const pendingOne = limit(() => clock.delay(10));
    const pendingTwo = limit(() => clock.delay(10));
    expect(limit.pendingCount).toBe(2);
    limit.clearQueue();
    expect(limit.pendingCount).toBe(0);
    const outcomes = Promise.allSettled([pendingOne, pendingTwo]);
    await clock.run();
    await running;
    for (const outcome of await outcomes) {
      const reason = (outcome as PromiseRejectedResult).reason as TaskCancelledError;
      expect(reason).toEqual(jasmine.any(TaskCancelledError));
      expect((reason.reason as Error).name).toBe('AbortError');
    }
  });

  it('map', async () => {
    const limit = pLimit(1);
    expect(await limit.map([1, 2, 3, 4, 5, 6, 7], (input) => input + 1)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('map works when detached from the limit', async () => {
    const limit = pLimit(1, clock);
    const { map } = limit;
    let running = 0;
    let maxRunning = 0;
    const mapper = async (input: number) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await clock.delay(10);
      running--;
      return input * 2;
    };
    const all = Promise.all([limit(mapper, 1), map([2, 3], mapper)]);
    await clock.run();
    expect(await all).toEqual([2, [4, 6]]);
    expect(maxRunning).toBe(1);
  });

  it('map passes index and preserves order with concurrency', async () => {
    const limit = pLimit(3, clock);
    const inputs = [10, 10, 10, 10, 10];
    const all = limit.map(inputs, async (value, index) => {
      await clock.delay((inputs.length - index) * 5);
      return value + index;
    });
    await clock.run();
    expect(await all).toEqual([10, 11, 12, 13, 14]);
  });

  it('map accepts an iterable (set)', async () => {
    expect(await pLimit(2).map(new Set([1, 2, 3, 4]), (input) => input * 2)).toEqual([2, 4, 6, 8]);
  });

  it('map accepts an iterable (array iterator)', async () => {
    expect(await pLimit(2).map([1, 2, 3, 4].values(), (input) => input * 2)).toEqual([2, 4, 6, 8]);
  });

  it('accepts options object (new TaskTracker({ concurrency }))', async () => {
    const tracker = new TaskTracker({ concurrency: 1, clock });
    const all = Promise.all([
      tracker.spawn(async () => {
        await clock.delay(50);
        return 1;
      }),
      tracker.spawn(async () => {
        await clock.delay(50);
        return 2;
      }),
    ]);
    expect(tracker.metrics().queued()).toBe(1);
    await clock.run();
    expect(await all).toEqual([1, 2]);
    expect(clock.now()).toBe(100);
  });

  it('throws on invalid concurrency argument (but { concurrency: undefined } is no limit, where p-limit throws on {})', () => {
    for (const concurrency of [0, -1, 1.2, true, {}, '1']) {
      expect(() => new TaskTracker({ concurrency: concurrency as number })).toThrowError(/concurrency must be an integer >= 1 or Infinity/);
    }
    expect(() => SemaphoreScheduler.withPermits(0)).toThrowError(RangeError);
    expect(new TaskTracker({}).spawn(() => 1)).toBeDefined();
  });

  for (const [from, to, log] of [
    [4, 2, [1, 2, 3, 4, 2, 2, 2, 2, 2, 2]],
    [2, 4, [1, 2, 3, 4, 4, 4, 4, 4, 4, 4]],
  ] as const) {
    it(`change concurrency to ${to < from ? 'smaller' : 'bigger'} value (scheduler.setPermits)`, async () => {
      const limit = pLimit(from, clock);
      let running = 0;
      const seen: number[] = [];
      const all = Promise.all(Array.from({ length: 10 }, () => limit(async () => {
        seen.push(++running);
        await clock.delay(50);
        --running;
      })));
      await clock.run(0);
      expect(running).toBe(from);
      limit.concurrency = to;
      await clock.run();
      await all;
      expect(seen).toEqual([...log]);
    });
  }

  it('limitFunction() (a function that spawns each call)', async () => {
    const concurrency = 5;
    const limit = pLimit(concurrency, clock);
    const ms = seededInts(5, 30, 200);
    let running = 0;
    let most = 0;
    const limited = () => limit(async () => {
      most = Math.max(most, ++running);
      await clock.delay(ms());
      running--;
    });
    const all = Promise.all(Array.from({ length: 100 }, limited));
    await clock.run();
    await all;
    expect(most).toBe(concurrency);
  });
});
