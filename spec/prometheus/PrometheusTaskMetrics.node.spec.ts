import { register as globalRegistry, Registry, type OpenMetricsContentType } from 'prom-client';
import { marbles } from 'rxjs-marbles/jasmine';
import { ErrorResponse, isTaskTimeoutError, TaskTracker, UnlimitedScheduler, type OnErrorPolicy } from '../../lib/index.js';
import { PrometheusTaskMetrics, type PrometheusTaskMetricsOptions } from '../../lib/prometheus/index.js';
import { deferred, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';
import { GatePolicy, histogramOf, scrape } from './helpers.js';

describe('PrometheusTaskMetrics', () => {
  it('registers the counters of the Rust original with its help texts, the gauges and the histogram', async () => {
    const registry = new Registry();
    new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'loader' });
    const scraped = await scrape(registry);
    const families = [...scraped.families.values()].map(({ name, type, help }) => [name, type, help]);
    expect(families).toEqual([
      ['loader_tasks_issued_total', 'counter', 'Total number of tasks issued/submitted'],
      ['loader_tasks_started_total', 'counter', 'Total number of tasks started'],
      ['loader_tasks_success_total', 'counter', 'Total number of successfully completed tasks'],
      ['loader_tasks_failed_total', 'counter', 'Total number of failed tasks'],
      ['loader_tasks_cancelled_total', 'counter', 'Total number of cancelled tasks'],
      ['loader_tasks_rejected_total', 'counter', 'Total number of rejected tasks'],
      ['loader_tasks_timed_out_total', 'counter', 'Total number of failed tasks that timed out'],
      ['loader_task_retries_total', 'counter', 'Total number of extra attempts made by retries'],
      ['loader_tasks_active', 'gauge', 'Number of tasks running right now'],
      ['loader_tasks_queued', 'gauge', 'Number of unfinished tasks not running (waiting for a slot or a retry)'],
      ['loader_task_duration_seconds', 'histogram', 'Duration of finished tasks from their first start, in seconds'],
    ]);
  });

  it('exports label-free series by default, every outcome of the histogram from the first scrape', async () => {
    const registry = new Registry();
    new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'loader' });
    const scraped = await scrape(registry);
    expect(scraped.value('loader_tasks_issued_total')).toBe(0);
    expect(scraped.value('loader_tasks_active')).toBe(0);
    for (const outcome of ['success', 'failed', 'cancelled']) {
      expect(scraped.value('loader_task_duration_seconds_count', { outcome })).toBe(0);
    }
  });

  it('counts a mix of outcomes in a parent/child tree, a child\'s tasks in its ancestors\' series too', marbles((m) => {
    const registry = new Registry();
    const root = unlimitedTracker();
    const gate = new GatePolicy();
    const images = root.childTrackerBuilder().name('images').errorPolicy(gate).build();
    const unnamed = root.childTracker();
    new PrometheusTaskMetrics(root, { registry, componentName: 'loader', trackers: [images], buckets: [0.001, 0.002, 0.003] });

    const rootOk = m.cold('---|');
    const rootFails = m.cold('----#');
    const imageOk = m.cold('-|');
    const imageFails = m.cold('--#');
    const imageCancelled = m.cold('------|');
    const imageRejected = m.cold('|');
    const unnamedOk = m.cold('|');
    root.spawn(rootOk);
    root.spawn(rootFails);
    images.spawn(imageOk);
    images.spawn(imageFails);
    const doomed = images.spawn(imageCancelled);
    m.scheduler.schedule(() => doomed.cancel('user left'), 2);
    gate.open = false;
    images.spawn(imageRejected);
    gate.open = true;
    unnamed.spawn(unnamedOk);
    m.expect(rootOk).toHaveSubscriptions('^--!');
    m.expect(rootFails).toHaveSubscriptions('^---!');
    m.expect(imageOk).toHaveSubscriptions('^!');
    m.expect(imageFails).toHaveSubscriptions('^-!');
    m.expect(imageCancelled).toHaveSubscriptions('^-!');
    m.expect(imageRejected).toHaveSubscriptions([]);
    m.flush();

    return scrape(registry).then((scraped) => {
      const counts = (tracker: string) =>
        ['issued', 'started', 'success', 'failed', 'cancelled', 'rejected'].map((what) => scraped.value(`loader_tasks_${what}_total`, { tracker }));
      expect(counts('root')).toEqual([7, 6, 3, 2, 1, 1]);
      expect(counts('root/images')).toEqual([4, 3, 1, 1, 1, 1]);
      expect(scraped.families.get('loader_tasks_issued_total')!.samples.map((sample) => sample.labels.tracker)).toEqual(['root', 'root/images']);

      const seconds = 'loader_task_duration_seconds';
      // root: success 3 ms, 1 ms (images), 0 ms (unnamed); failed 4 ms, 2 ms; cancelled 2 ms.
      expect(histogramOf(scraped, seconds, { tracker: 'root', outcome: 'success' }))
        .toEqual({ '0.001': 2, '0.002': 2, '0.003': 3, '+Inf': 3, sum: jasmine.any(Number), count: 3 });
      expect(histogramOf(scraped, seconds, { tracker: 'root', outcome: 'failed' }))
        .toEqual({ '0.001': 0, '0.002': 1, '0.003': 1, '+Inf': 2, sum: jasmine.any(Number), count: 2 });
      expect(scraped.value(`${seconds}_sum`, { tracker: 'root', outcome: 'success' })).toBeCloseTo(0.004, 9);
      expect(scraped.value(`${seconds}_sum`, { tracker: 'root', outcome: 'failed' })).toBeCloseTo(0.006, 9);
      expect(histogramOf(scraped, seconds, { tracker: 'root', outcome: 'cancelled' }))
        .toEqual({ '0.001': 0, '0.002': 1, '0.003': 1, '+Inf': 1, sum: 0.002, count: 1 });
      // images: success 1 ms, failed 2 ms, cancelled 2 ms; the rejected task never ran.
      expect(histogramOf(scraped, seconds, { tracker: 'root/images', outcome: 'success' }))
        .toEqual({ '0.001': 1, '0.002': 1, '0.003': 1, '+Inf': 1, sum: 0.001, count: 1 });
      expect(scraped.value(`${seconds}_count`, { tracker: 'root/images', outcome: 'failed' })).toBe(1);
      expect(scraped.value(`${seconds}_count`, { tracker: 'root/images', outcome: 'cancelled' })).toBe(1);
    });
  }));

  it('counts timeouts and retries', marbles((m) => {
    const registry = new Registry();
    const retryOnce: OnErrorPolicy = {
      createChild: () => retryOnce,
      onError: (error, context) =>
        !isTaskTimeoutError(error) && context.attemptCount === 1 ? ErrorResponse.retry({ delay: 1 }) : ErrorResponse.fail(),
    };
    const tracker = new TaskTracker(new UnlimitedScheduler(), retryOnce);
    new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
    const flaky = m.cold('-#');
    const slow = m.cold('-----|');
    tracker.spawn(flaky);
    tracker.spawn(slow, { timeout: 3 });
    m.expect(flaky).toHaveSubscriptions(['^!', '--^!']);
    m.expect(slow).toHaveSubscriptions('^--!');
    m.flush();
    return scrape(registry).then((scraped) => {
      expect(scraped.value('jobs_task_retries_total')).toBe(1);
      expect(scraped.value('jobs_tasks_timed_out_total')).toBe(1);
      expect(scraped.value('jobs_tasks_failed_total')).toBe(2);
      expect(scraped.value('jobs_tasks_started_total')).toBe(2);
    });
  }));

  it('reads the gauges and counters when scraped', async () => {
    const registry = new Registry();
    const tracker = semaphoreTracker(1);
    new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
    const first = deferred();
    const rest = deferred();
    const handle = tracker.spawn(() => first.promise);
    tracker.spawn(() => rest.promise);
    tracker.spawn(() => rest.promise);

    let scraped = await scrape(registry);
    expect([scraped.value('jobs_tasks_active'), scraped.value('jobs_tasks_queued'), scraped.value('jobs_tasks_success_total')]).toEqual([1, 2, 0]);
    first.resolve(undefined);
    await handle;
    scraped = await scrape(registry);
    expect([scraped.value('jobs_tasks_active'), scraped.value('jobs_tasks_queued'), scraped.value('jobs_tasks_success_total')]).toEqual([1, 1, 1]);
    rest.resolve(undefined);
    await tracker.join();
    scraped = await scrape(registry);
    expect([scraped.value('jobs_tasks_active'), scraped.value('jobs_tasks_queued'), scraped.value('jobs_tasks_success_total')]).toEqual([0, 0, 3]);
  });

  it('times only the tasks whose start it saw', marbles((m) => {
    const registry = new Registry();
    const tracker = unlimitedTracker();
    const early = m.cold('----|');
    const late = m.cold('--|');
    tracker.spawn(early);
    m.scheduler.schedule(() => {
      new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
      tracker.spawn(late);
    }, 1);
    m.expect(early).toHaveSubscriptions('^---!');
    m.expect(late).toHaveSubscriptions('-^-!');
    m.flush();
    return scrape(registry).then((scraped) => {
      expect(scraped.value('jobs_tasks_success_total')).toBe(2);
      expect(scraped.value('jobs_task_duration_seconds_count', { outcome: 'success' })).toBe(1);
      expect(scraped.value('jobs_task_duration_seconds_sum', { outcome: 'success' })).toBe(0.002);
    });
  }));

  it('with durations: false, has no histogram and does not listen to events', async () => {
    const registry = new Registry();
    const tracker = unlimitedTracker();
    const exported = new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs', durations: false });
    expect(tracker._ledger._endListeners).toBe(0);
    expect(exported.metricNames).not.toContain('jobs_task_duration_seconds');
    expect((await scrape(registry)).families.has('jobs_task_duration_seconds')).toBeFalse();
  });

  it('keeps a listed tracker\'s series, frozen, after the tracker ends', async () => {
    const registry = new Registry();
    const root = unlimitedTracker();
    const batch = root.childTrackerBuilder().name('batch').build();
    new PrometheusTaskMetrics(root, { registry, componentName: 'jobs', trackers: [batch] });
    await batch.spawn(() => 1);
    await batch.join();
    await root.spawn(() => 2);
    const scraped = await scrape(registry);
    expect(scraped.value('jobs_tasks_success_total', { tracker: 'root/batch' })).toBe(1);
    expect(scraped.value('jobs_tasks_success_total', { tracker: 'root' })).toBe(2);
  });

  it('exports valid OpenMetrics text to an OpenMetrics registry', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const tracker = unlimitedTracker();
    const exported = new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
    await tracker.spawn(() => 1);
    const scraped = await scrape(registry);
    expect(scraped.families.get('jobs_tasks_issued')!.type).toBe('counter');
    expect(scraped.value('jobs_tasks_issued_total')).toBe(1);
    // That registry renames counters as it scrapes; disposing must remove them all the same.
    exported.dispose();
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it('registers only in the given registry, never in the global one', () => {
    const before = globalRegistry.getMetricsAsArray().length;
    new PrometheusTaskMetrics(unlimitedTracker(), { registry: new Registry(), componentName: 'jobs' });
    expect(globalRegistry.getMetricsAsArray().length).toBe(before);
  });

  describe('with a component name already in the registry', () => {
    it('throws a clear error and registers nothing', () => {
      const registry = new Registry();
      new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'jobs' });
      const names = registry.getMetricsAsArray().map((metric) => metric.name);
      expect(() => new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'jobs' })).toThrowError(
        Error,
        'PrometheusTaskMetrics: the registry already has a metric named jobs_tasks_issued_total; is component "jobs" exported twice? ' +
          'Use another componentName, or dispose() the other export first.',
      );
      expect(registry.getMetricsAsArray().map((metric) => metric.name)).toEqual(names);
    });

    it('throws for one clashing name, before registering the others', () => {
      const registry = new Registry();
      new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'a', durations: false });
      registry.removeSingleMetric('a_tasks_issued_total');
      registry.removeSingleMetric('a_tasks_active');
      const tracker = unlimitedTracker();
      expect(() => new PrometheusTaskMetrics(tracker, { registry, componentName: 'a' })).toThrowError(/a_tasks_started_total/);
      expect(registry.getSingleMetric('a_tasks_issued_total')).toBeUndefined();
      expect(registry.getSingleMetric('a_task_duration_seconds')).toBeUndefined();
      expect(tracker._ledger._endListeners).toBe(0);
    });

    it('accepts the name in another registry, and another name in the same one', () => {
      const registry = new Registry();
      const tracker = unlimitedTracker();
      new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
      expect(() => new PrometheusTaskMetrics(tracker, { registry: new Registry(), componentName: 'jobs' })).not.toThrow();
      expect(() => new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs2' })).not.toThrow();
    });
  });

  describe('dispose', () => {
    it('removes the metrics and stops listening to the tracker, once', () => {
      const registry = new Registry();
      const tracker = unlimitedTracker();
      const exported = new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
      // Task ends only (issue 10): no other event is built for the histogram.
      expect(tracker._ledger._endListeners).toBe(1);
      expect(tracker._ledger._eventListeners).toBe(0);
      expect(exported.dispose()).toBeTrue();
      expect(registry.getMetricsAsArray()).toEqual([]);
      expect(tracker._ledger._endListeners).toBe(0);
      expect(exported.dispose()).toBeFalse();
    });

    it('frees the component name for a new export', async () => {
      const registry = new Registry();
      new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'jobs' }).dispose();
      const tracker = unlimitedTracker();
      new PrometheusTaskMetrics(tracker, { registry, componentName: 'jobs' });
      await tracker.spawn(() => 1);
      expect((await scrape(registry)).value('jobs_tasks_success_total')).toBe(1);
    });

    it('leaves alone a metric registered under its names by someone else since', () => {
      const registry = new Registry();
      const exported = new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'jobs' });
      registry.clear();
      new PrometheusTaskMetrics(unlimitedTracker(), { registry, componentName: 'jobs' });
      exported.dispose();
      expect(registry.getMetricsAsArray().length).toBe(exported.metricNames.length);
    });
  });

  describe('validation', () => {
    const root = unlimitedTracker();
    const named = root.childTrackerBuilder().name('named').build();
    const unnamed = root.childTracker();
    const underUnnamed = unnamed.childTrackerBuilder().name('deep').build();
    const stranger = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    const registry = new Registry();
    const valid = { registry, componentName: 'jobs' };
    const cases: [string, unknown, Partial<PrometheusTaskMetricsOptions> | undefined, ErrorConstructor, string | RegExp][] = [
      ['a tracker that is not one', 'root', valid, TypeError, 'new PrometheusTaskMetrics(tracker, options): tracker must be a TaskTracker, got \'root\' (string)'],
      ['no options', root, undefined, TypeError, /registry must be a prom-client Registry \(new Registry\(\)\), got undefined/],
      ['a registry that is not one', root, { ...valid, registry: new Map() as unknown as Registry }, TypeError, /registry must be a prom-client Registry/],
      ['a component name that is not a string', root, { ...valid, componentName: 42 as unknown as string }, TypeError, 'PrometheusTaskMetrics: componentName must be a string, got 42 (number)'],
      ['an invalid component name', root, { ...valid, componentName: 'my-app' }, RangeError, /componentName must be letters, digits, '_' or ':', not starting with a digit, got "my-app"/],
      ['a component name starting with a digit', root, { ...valid, componentName: '1app' }, RangeError, /got "1app"/],
      ['durations that are not a boolean', root, { ...valid, durations: 'yes' as unknown as boolean }, TypeError, 'durations must be a boolean, got \'yes\' (string)'],
      ['an unknown option', root, { ...valid, prefix: 'jobs' } as never, TypeError, "new PrometheusTaskMetrics(tracker, options): unknown option 'prefix'; known options: registry, componentName, trackers, durations, buckets"],
      ['a typo in an option', root, { ...valid, bucket: [1] } as never, TypeError, /unknown option 'bucket' \(did you mean 'buckets'\?\)/],
      ['empty buckets', root, { ...valid, buckets: [] }, TypeError, /buckets must be a non-empty array of seconds/],
      ['decreasing buckets', root, { ...valid, buckets: [1, 0.5] }, RangeError, /buckets must be positive finite seconds in increasing order, got \[1,0.5\] \(at index 1\)/],
      ['a zero bucket', root, { ...valid, buckets: [0, 1] }, RangeError, /at index 0/],
      ['an infinite bucket', root, { ...valid, buckets: [1, Infinity] }, RangeError, /at index 1/],
      ['trackers that are not an array', root, { ...valid, trackers: named as unknown as TaskTracker[] }, TypeError, /trackers must be an array of TaskTrackers, got a TaskTracker/],
      ['a listed tracker that is not one', root, { ...valid, trackers: [null as unknown as TaskTracker] }, TypeError, 'trackers[0] must be a TaskTracker, got null'],
      ['a listed tracker outside the tree', root, { ...valid, trackers: [stranger] }, RangeError, 'trackers[0] ("root") must be a descendant of the exported tracker "root"'],
      ['the exported tracker listed', root, { ...valid, trackers: [root] }, RangeError, /must be a descendant/],
      ['a listed tracker with a generated name', root, { ...valid, trackers: [unnamed] }, RangeError, /trackers\[0\] has the path "root\/child-\d+", in which "child-\d+" is a generated name/],
      ['a listed tracker under a generated name', root, { ...valid, trackers: [named, underUnnamed] }, RangeError, /trackers\[1\] has the path "root\/child-\d+\/deep"/],
      ['a tracker listed twice', root, { ...valid, trackers: [named, named] }, RangeError, 'trackers[1] has the path "root/named" of another listed tracker'],
      ['a labelled export of a tracker with a generated name', unnamed, { ...valid, trackers: [] }, RangeError, /the exported tracker has the path "root\/child-\d+"/],
    ];
    for (const [what, tracker, options, type, message] of cases) {
      it(`rejects ${what}, registering nothing`, () => {
        const create = () => new PrometheusTaskMetrics(tracker as TaskTracker, options as PrometheusTaskMetricsOptions);
        expect(create).toThrowError(type, typeof message === 'string' ? new RegExp(escapeRegExp(message)) : message);
        expect(registry.getMetricsAsArray()).toEqual([]);
      });
    }

    it('accepts an unlabelled export of any tracker, and a root\'s default name as a label', () => {
      expect(() => new PrometheusTaskMetrics(unnamed, { registry: new Registry(), componentName: 'a' })).not.toThrow();
      expect(() => new PrometheusTaskMetrics(root, { registry: new Registry(), componentName: 'a', trackers: [named] })).not.toThrow();
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
