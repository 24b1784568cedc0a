import { asapScheduler, NEVER, of } from 'rxjs';
import {
  CancellationToken,
  LogOnlyPolicy,
  SemaphoreScheduler,
  TaskMetrics,
  TaskTracker,
  UnlimitedScheduler,
} from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

describe('TaskTracker.builder()', () => {
  it('builds a root tracker from a scheduler and an error policy', async () => {
    const tracker = TaskTracker.builder().scheduler(SemaphoreScheduler.withPermits(3)).errorPolicy(quietPolicy()).build();
    expect(tracker.parent).toBeUndefined();
    expect(tracker.name).toBe('root');
    expect(await tracker.spawn(of(1))).toBe(1);
  });

  it('builds with defaults when nothing is given: no limit, LogOnlyPolicy', async () => {
    const tracker = TaskTracker.builder().build();
    expect(tracker._scheduler).toBeInstanceOf(SemaphoreScheduler);
    expect((tracker._scheduler as SemaphoreScheduler).permits).toBe(Infinity);
    expect(tracker._policy).toBeInstanceOf(LogOnlyPolicy);
    expect(await tracker.spawn(of(1))).toBe(1);
  });

  it('takes concurrency and refuses it beside a scheduler', () => {
    expect(TaskTracker.builder().concurrency(3).build()._scheduler).toBeInstanceOf(SemaphoreScheduler);
    expect(() => TaskTracker.builder().concurrency(3).scheduler(new UnlimitedScheduler()).build()).toThrowError(TypeError, /concurrency or scheduler, not both/);
  });

  it('uses a given token as the tracker token', () => {
    const token = new CancellationToken();
    const tracker = TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).cancellationToken(token).build();
    expect(tracker.cancellationToken()).toBe(token);
    tracker.cancel('through the tracker');
    expect(token.reason).toBe('through the tracker');
  });

  it('uses given metrics, which several roots can add up into', async () => {
    const metrics = new TaskMetrics();
    const build = () => TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy()).metrics(metrics).build();
    const a = build();
    const b = build();
    expect(a.metrics()).toBe(metrics);
    await Promise.all([a.spawn(of(1)), b.spawn(of(2))]);
    expect(metrics.success()).toBe(2);
  });

  it('sets the name, the default timeout, the clock, the metrics scheduler and the policy error handler', () => {
    const onPolicyError = () => {};
    const tracker = TaskTracker.builder()
      .scheduler(new UnlimitedScheduler())
      .errorPolicy(quietPolicy())
      .name('loader')
      .timeout(1000)
      .clock(asapScheduler)
      .metricsScheduler(asapScheduler)
      .onPolicyError(onPolicyError)
      .build();
    expect(tracker.name).toBe('loader');
    expect(tracker._named).toBeTrue();
    expect(tracker._timeout).toBe(1000);
    expect(tracker._clock).toBe(asapScheduler);
    expect(tracker.childTracker()._clock).toBe(asapScheduler);
  });

  it('refuses a bad timeout and a bad token', () => {
    const builder = () => TaskTracker.builder().scheduler(new UnlimitedScheduler()).errorPolicy(quietPolicy());
    expect(() => builder().timeout(-1).build()).toThrowError(RangeError, /timeout must be a number of milliseconds above 0, up to 9007199254740991/);
    expect(() => builder().cancellationToken({} as CancellationToken).build()).toThrowError(TypeError, /CancellationToken/);
  });
});

describe('new TaskTracker()', () => {
  it('is the short form of the builder', () => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy());
    expect(tracker.isClosed()).toBeFalse();
    expect(tracker.childCount()).toBe(0);
  });

  const badSchedulers: [string, unknown][] = [['undefined', undefined], ['null', null], ['a number', 4], ['an object without connect', {}]];
  for (const [what, scheduler] of badSchedulers) {
    it(`refuses ${what} as the scheduler with a TypeError`, () => {
      expect(() => new TaskTracker(scheduler as never, quietPolicy())).toThrowError(TypeError, /needs a scheduler/);
    });
  }

  const badPolicies: [string, unknown][] = [['undefined', undefined], ['an object without onError', { createChild() {} }], ['an object without createChild', { onError() {} }]];
  for (const [what, policy] of badPolicies) {
    it(`refuses ${what} as the error policy with a TypeError`, () => {
      expect(() => new TaskTracker(new UnlimitedScheduler(), policy as never)).toThrowError(TypeError, /needs an error policy/);
    });
  }

  it('refuses a name that is empty or has a slash', () => {
    for (const name of ['', 'a/b']) {
      expect(() => new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { name })).toThrowError(TypeError, /name/);
    }
  });

  it('leaves an idle tracker open until joined or cancelled', async () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    tracker.spawn(NEVER).cancel();
    expect(tracker.isClosed()).toBeFalse();
    await tracker.join();
    expect(tracker.isClosed()).toBeTrue();
  });
});
