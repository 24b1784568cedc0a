import { of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { mergeTask, switchTask } from '../../lib/operators/index.js';
import { quietPolicy } from '../helpers/trackers.js';

describe('new TaskTracker(options)', () => {
  it('needs nothing: no limit and a LogOnlyPolicy', async () => {
    const tracker = new TaskTracker();
    expect(tracker._scheduler).toBeInstanceOf(SemaphoreScheduler);
    expect((tracker._scheduler as SemaphoreScheduler).permits).toBe(Infinity);
    expect(tracker._policy).toBeInstanceOf(LogOnlyPolicy);
    expect(tracker.name).toBe('root');
    expect(await tracker.spawn(() => 7)).toBe(7);
  });

  it('runs `concurrency` tasks at once', marbles((m) => {
    const tracker = new TaskTracker({ concurrency: 2, errorPolicy: quietPolicy() });
    const tasks = [m.cold('--a|'), m.cold('--b|'), m.cold('--c|')];
    for (const task of tasks) tracker.spawn(task);
    m.expect(tasks[0]).toHaveSubscriptions('^--!');
    m.expect(tasks[1]).toHaveSubscriptions('^--!');
    m.expect(tasks[2]).toHaveSubscriptions('---^--!');
  }));

  it('takes concurrency Infinity as no limit, and every builder option', () => {
    const controller = new AbortController();
    const tracker = new TaskTracker({ concurrency: Infinity, name: 'loader', timeout: 50, signal: controller.signal, onPolicyError: () => {}, onTeardownError: () => {} });
    expect((tracker._scheduler as SemaphoreScheduler).permits).toBe(Infinity);
    expect(tracker.path).toBe('loader');
    expect(tracker._timeout).toBe(50);
  });

  it('refuses concurrency beside a scheduler, and a bad concurrency', () => {
    expect(() => new TaskTracker({ concurrency: 4, scheduler: SemaphoreScheduler.withPermits(2) })).toThrowError(TypeError, /give concurrency or scheduler, not both/);
    expect(() => new TaskTracker({ concurrency: 0 })).toThrowError(RangeError, /concurrency/);
    expect(() => new TaskTracker({ concurrency: '4' as never })).toThrowError(TypeError, /concurrency must be an integer >= 1 or Infinity, got '4'/);
  });

  it('refuses an unknown key with a TypeError naming the known ones', () => {
    expect(() => new TaskTracker({ permits: 4 } as never)).toThrowError(
      TypeError,
      /^new TaskTracker\(options\): unknown option 'permits'.*; known options: concurrency, scheduler, errorPolicy, name, timeout, signal, cancellationToken, metrics, clock, metricsScheduler, onPolicyError, onTeardownError$/,
    );
    expect(() => new TaskTracker({ concurency: 4 } as never)).toThrowError(TypeError, /did you mean 'concurrency'\?/);
    expect(() => new TaskTracker(null as never)).toThrowError(TypeError, /options must be an object/);
  });

  it('keeps the positional form working (deprecated), and refuses a second scheduler in its options', async () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { name: 'old' });
    expect(await tracker.spawn(of(1))).toBe(1);
    expect(tracker.name).toBe('old');
    expect(() => new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { concurrency: 2 })).toThrowError(TypeError, /give them once/);
  });
});

describe('spawn options and operator options', () => {
  it('refuse an unknown key with a TypeError naming the known ones, issuing nothing', () => {
    const tracker = new TaskTracker();
    expect(() => tracker.spawn(of(1), { timeoutMs: 100 } as never)).toThrowError(
      TypeError,
      "spawn(task, options): unknown option 'timeoutMs' (did you mean 'timeout'?); known options: timeout, name, priority, signal",
    );
    expect(() => tracker.spawn$(of(1), { timeoutMs: 100 } as never)).toThrowError(TypeError, /spawn\$\(task, options\): unknown option 'timeoutMs'/);
    expect(() => tracker.spawnCancellable(() => 1, { retries: 1 } as never)).toThrowError(TypeError, /unknown option 'retries'/);
    expect(() => mergeTask(tracker, () => of(1), { timeoutMs: 1 } as never)).toThrowError(TypeError, /mergeTask\(tracker, project, options\): unknown option 'timeoutMs'.*; known options: concurrency, ordered, timeout, signal, catchError/);
    expect(() => switchTask(tracker, () => of(1), { concurency: 1 } as never)).toThrowError(TypeError, /unknown option 'concurency'/);
    expect(tracker.metrics().issued()).toBe(0);
  });

  it('take a key given as undefined as no option', async () => {
    const tracker = new TaskTracker();
    expect(await tracker.spawn(of(1), { timeout: undefined, signal: undefined })).toBe(1);
  });
});
