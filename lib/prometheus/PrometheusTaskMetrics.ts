import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry, RegistryContentType } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import { readOptions } from '../errors/checks.js';
import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';
import type { TaskEndEvent } from '../tracker/TrackerEvent.js';
import { isTracker, trackerSeries, type TrackerSeries } from './trackerSeries.js';

/** Options of {@link PrometheusTaskMetrics}. `registry` and `componentName` are required. @category Observing */
export interface PrometheusTaskMetricsOptions {
  /**
   * The prom-client `Registry` the metrics go in (required). Nothing is ever
   * registered in prom-client's global default registry unless you pass it here.
   */
  readonly registry: Registry<RegistryContentType>;
  /**
   * The first part of every metric name, as in `{componentName}_tasks_issued_total`
   * (required): letters, digits, `_` and `:`, not starting with a digit.
   */
  readonly componentName: string;
  /**
   * Descendants of the tracker to export with series of their own, told apart by
   * a `tracker` label whose value is the tracker's path (`root/images`). Given
   * (even empty), every series carries the label, the exported tracker's own with
   * its path. Each listed tracker, and every tracker between it and the root,
   * must have a name you chose (`childTrackerBuilder().name('images')`), never a
   * generated one like `child-3`: the label stays bounded by this list.
   *
   * A tracker's series include its descendants' (as its `metrics()` do), so a
   * `sum()` across the label counts a child's tasks twice: select one value.
   * A listed tracker keeps its series after it ends, frozen at its final counts.
   * Durations are matched to it by path, so a sibling with the same name would
   * add its durations to it: keep listed names unique among siblings.
   * @defaultValue none: label-free series, as in the Rust original
   */
  readonly trackers?: readonly TaskTracker[];
  /**
   * Whether to export the `_task_duration_seconds` histogram. It needs the
   * tracker's `taskEnds$`, which builds an event object per task end while
   * subscribed; `false` leaves only counters and gauges, read at scrape time, at
   * no cost per task.
   * @defaultValue `true`
   */
  readonly durations?: boolean;
  /**
   * Upper bounds of the duration histogram's buckets, in seconds, increasing.
   * @defaultValue `[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]`
   */
  readonly buckets?: readonly number[];
}

interface SeriesDefinition {
  readonly suffix: string;
  readonly help: string;
  readonly read: (metrics: TaskMetrics) => number;
}

// The six counters and help texts of the Rust original, then the two counters
// TaskMetrics adds. All are read from the trackers' TaskMetrics at scrape time.
const COUNTERS: readonly SeriesDefinition[] = [
  { suffix: 'tasks_issued_total', help: 'Total number of tasks issued/submitted', read: (m) => m.issued() },
  { suffix: 'tasks_started_total', help: 'Total number of tasks started', read: (m) => m.started() },
  { suffix: 'tasks_success_total', help: 'Total number of successfully completed tasks', read: (m) => m.success() },
  { suffix: 'tasks_failed_total', help: 'Total number of failed tasks', read: (m) => m.failed() },
  { suffix: 'tasks_cancelled_total', help: 'Total number of cancelled tasks', read: (m) => m.cancelled() },
  { suffix: 'tasks_rejected_total', help: 'Total number of rejected tasks', read: (m) => m.rejected() },
  { suffix: 'tasks_timed_out_total', help: 'Total number of failed tasks that timed out', read: (m) => m.timedOut() },
  { suffix: 'task_retries_total', help: 'Total number of extra attempts made by retries', read: (m) => m.retried() },
];

const GAUGES: readonly SeriesDefinition[] = [
  { suffix: 'tasks_active', help: 'Number of tasks running right now', read: (m) => m.active() },
  { suffix: 'tasks_queued', help: 'Number of unfinished tasks not running (waiting for a slot or a retry)', read: (m) => m.queued() },
  { suffix: 'tasks_stopping', help: 'Number of cancelled or timed-out tasks whose work still holds a slot', read: (m) => m.stopping() },
];

const DURATION_SUFFIX = 'task_duration_seconds';
const DURATION_HELP = 'Duration of finished tasks from their first start, in seconds';

const DEFAULT_OPTIONS = Object.freeze({
  durations: true,
  buckets: Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]),
});

/** The outcome label of each event that carries a duration. */
const OUTCOME = { succeeded: 'success', failed: 'failed', cancelled: 'cancelled' } as const;
const TIMED_OUTCOMES = Object.values(OUTCOME);

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Exports a tracker's metrics to a prom-client `Registry` (the Rust
 * `PrometheusTaskMetrics`), for a Node server that Prometheus scrapes. With
 * `componentName` `loader` it registers:
 *
 * - counters `loader_tasks_issued_total`, `_tasks_started_total`,
 *   `_tasks_success_total`, `_tasks_failed_total`, `_tasks_cancelled_total`,
 *   `_tasks_rejected_total` (the original's six, with its help texts), and
 *   `_tasks_timed_out_total`, `_task_retries_total`;
 * - gauges `loader_tasks_active`, `loader_tasks_queued` and `loader_tasks_stopping`;
 * - a histogram `loader_task_duration_seconds` with an `outcome` label
 *   (`success`, `failed`, `cancelled`) unless `durations: false`.
 *
 * Counters and gauges are read from `tracker.metrics()` when the registry is
 * scraped (`collect()`), so they cost nothing per task and are exact; they
 * include the tracker's descendants', as its metrics do. The histogram observes
 * tasks whose start it saw: a task already running when the export began has no
 * duration. Rejected tasks never ran and have none.
 *
 * Registering a second export with the same `componentName` in one registry
 * throws (each series reads one tracker, so sharing them would be wrong): use
 * another `componentName`, or `dispose()` the first export. Under hot module
 * reloading, dispose in the reload hook.
 *
 * Why this takes a built tracker rather than being a `TaskMetrics` given to
 * `TaskTracker.builder().metrics(m)`: the counters could live there, but the
 * durations come from the tracker's `taskEnds$` and the `tracker` label from its
 * children, neither of which a `TaskMetrics` can see. Taking the tracker works
 * with any tracker, however built, including a child exported as a component
 * of its own.
 *
 * Node only: import it from `rx-task-tracker/prometheus` (prom-client does not
 * bundle for browsers); in a browser, read `tracker.metrics$` instead.
 *
 * @throws TypeError if `tracker` is not a TaskTracker, `registry` is not a
 *   prom-client Registry, or an option is unknown or has the wrong type.
 * @throws RangeError if `componentName` is not a valid name prefix, `buckets`
 *   are not positive and increasing, or a listed tracker is not a named
 *   descendant of `tracker` (see {@link PrometheusTaskMetricsOptions.trackers}).
 * @throws Error if the registry already has one of the metric names; nothing is
 *   registered then.
 *
 * @example
 * ```ts
 * import { Registry } from 'prom-client';
 * import { PrometheusTaskMetrics } from 'rx-task-tracker/prometheus';
 *
 * const registry = new Registry();
 * const tracker = new TaskTracker({ concurrency: 8 });
 * const images = tracker.childTrackerBuilder().name('images').build();
 * const exported = new PrometheusTaskMetrics(tracker, { registry, componentName: 'loader', trackers: [images] });
 * // loader_tasks_issued_total{tracker="root"} 0
 * // loader_tasks_issued_total{tracker="root/images"} 0 …
 * console.log(await registry.metrics());
 * exported.dispose(); // the metrics leave the registry
 * ```
 * @category Observing
 */
export class PrometheusTaskMetrics {
  /** The registry the metrics are in. */
  readonly registry: Registry<RegistryContentType>;
  /** The prefix of the metric names. */
  readonly componentName: string;
  /** The names of the registered metrics. */
  readonly metricNames: readonly string[];

  private readonly _metrics: readonly (Counter | Gauge | Histogram)[];
  private readonly _events: Subscription | undefined;
  private _disposed = false;

  /**
   * Registers the tracker's metrics in `options.registry` (see the class for what
   * is thrown when).
   * @param tracker The tracker to export, with its subtree.
   * @param options The registry and the component name (required), and the options.
   */
  constructor(tracker: TaskTracker, options: PrometheusTaskMetricsOptions) {
    if (!isTracker(tracker)) {
      throw new TypeError(`new PrometheusTaskMetrics(tracker, options): tracker must be a TaskTracker, got ${got(tracker)}`);
    }
    options = readOptions(options, 'new PrometheusTaskMetrics(tracker, options)', ['registry', 'componentName', 'trackers', 'durations', 'buckets']) as PrometheusTaskMetricsOptions;
    const { registry, componentName } = options;
    if (typeof registry?.getSingleMetric !== 'function' || typeof registry.registerMetric !== 'function') {
      throw new TypeError(`PrometheusTaskMetrics: registry must be a prom-client Registry (new Registry()), got ${got(registry)}`);
    }
    if (typeof componentName !== 'string') {
      throw new TypeError(`PrometheusTaskMetrics: componentName must be a string, got ${got(componentName)}`);
    }
    if (!METRIC_NAME.test(componentName)) {
      throw new RangeError(
        `PrometheusTaskMetrics: componentName must be letters, digits, '_' or ':', not starting with a digit, got ${JSON.stringify(componentName)}`,
      );
    }
    const durations = options.durations ?? DEFAULT_OPTIONS.durations;
    if (typeof durations !== 'boolean') {
      throw new TypeError(`PrometheusTaskMetrics: durations must be a boolean, got ${got(durations)}`);
    }
    const buckets = checkBuckets(options.buckets ?? DEFAULT_OPTIONS.buckets);
    const series = trackerSeries(tracker, options.trackers);
    const labelNames = options.trackers === undefined ? [] : ['tracker'];

    const names = [...COUNTERS, ...GAUGES].map((definition) => `${componentName}_${definition.suffix}`);
    if (durations) names.push(`${componentName}_${DURATION_SUFFIX}`);
    for (const name of names) {
      if (registry.getSingleMetric(name) !== undefined) {
        throw new Error(
          `PrometheusTaskMetrics: the registry already has a metric named ${name}; is component "${componentName}" exported twice? ` +
            'Use another componentName, or dispose() the other export first.',
        );
      }
    }

    const registers = [registry];
    const created: (Counter | Gauge | Histogram)[] = [];
    COUNTERS.forEach(({ help, read }, i) => {
      created.push(new Counter({
        name: names[i], help, labelNames, registers,
        collect() {
          this.reset();
          for (const { labels, metrics } of series) this.inc(labels, read(metrics));
        },
      }));
    });
    GAUGES.forEach(({ help, read }, i) => {
      created.push(new Gauge({
        name: names[COUNTERS.length + i], help, labelNames, registers,
        collect() {
          for (const { labels, metrics } of series) this.set(labels, read(metrics));
        },
      }));
    });
    if (durations) {
      const histogram = new Histogram({
        name: names[names.length - 1], help: DURATION_HELP, labelNames: [...labelNames, 'outcome'], buckets: [...buckets], registers,
      });
      const timed = series.map(({ labels, covers }): TimedSeries => {
        const byOutcome = Object.fromEntries(TIMED_OUTCOMES.map((outcome) => [outcome, { ...labels, outcome }]));
        // Every outcome shows from the first scrape, so rate() queries see zeros, not gaps.
        for (const outcome of TIMED_OUTCOMES) histogram.zero(byOutcome[outcome]);
        return { covers, byOutcome };
      });
      created.push(histogram);
      this._events = tracker.taskEnds$.subscribe((event) => observeDuration(histogram, timed, event));
    }

    this.registry = registry;
    this.componentName = componentName;
    this.metricNames = names;
    this._metrics = created;
  }

  /**
   * Removes the metrics from the registry and stops listening to the tracker.
   * A metric the registry no longer holds (after `registry.clear()`, say) is left
   * alone, and so is another metric registered under its name since.
   *
   * @returns `true` if this call disposed the export, `false` if it already was.
   */
  dispose(): boolean {
    if (this._disposed) return false;
    this._disposed = true;
    this._events?.unsubscribe();
    // By the names registered: an OpenMetrics registry renames counters in place as it scrapes.
    this.metricNames.forEach((name, i) => {
      if (this.registry.getSingleMetric(name) === this._metrics[i]) this.registry.removeSingleMetric(name);
    });
    return true;
  }
}

/** The histogram's series of one exported tracker: its labels by outcome. */
interface TimedSeries {
  readonly covers: TrackerSeries['covers'];
  readonly byOutcome: Readonly<Record<string, Record<string, string>>>;
}

function observeDuration(histogram: Histogram, series: readonly TimedSeries[], event: TaskEndEvent): void {
  // Rejected tasks never ran: no duration.
  if (event.type === 'rejected' || event.duration === undefined) return;
  const outcome = OUTCOME[event.type];
  for (const one of series) {
    if (one.covers(event.path)) histogram.observe(one.byOutcome[outcome], event.duration / 1000);
  }
}

function checkBuckets(buckets: readonly number[]): readonly number[] {
  if (!Array.isArray(buckets) || buckets.length === 0) {
    throw new TypeError(`PrometheusTaskMetrics: buckets must be a non-empty array of seconds, got ${got(buckets)}`);
  }
  buckets.forEach((bound, i) => {
    if (typeof bound !== 'number' || !(bound > 0 && bound < Infinity) || (i > 0 && !(bound > buckets[i - 1]))) {
      throw new RangeError(
        `PrometheusTaskMetrics: buckets must be positive finite seconds in increasing order, got ${JSON.stringify(buckets)} (at index ${i})`,
      );
    }
  });
  return buckets;
}
