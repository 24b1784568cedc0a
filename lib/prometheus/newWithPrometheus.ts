import type { Registry, RegistryContentType } from 'prom-client';
import type { OnErrorPolicy } from '../protocol/OnErrorPolicy.js';
import type { TaskScheduler } from '../scheduling/TaskScheduler.js';
import { TaskTracker } from '../tracker/TaskTracker.js';
import { PrometheusTaskMetrics } from './PrometheusTaskMetrics.js';

/**
 * Creates a root tracker whose metrics are exported to `registry` under
 * `componentName` (the Rust `TaskTracker::new_with_prometheus`): the counters,
 * gauges and duration histogram listed at {@link PrometheusTaskMetrics}, all
 * label-free.
 *
 * For a tracker that lives as long as the process. To remove the metrics later,
 * list child trackers under a `tracker` label, or set other options, build the
 * tracker and create a {@link PrometheusTaskMetrics} for it yourself.
 *
 * @throws TypeError, RangeError and Error as `new TaskTracker` and
 *   `new PrometheusTaskMetrics` do (a name already in the registry is an
 *   Error); no tracker is left connected to `scheduler` then.
 *
 * @example A /metrics endpoint
 * ```ts
 * import { createServer } from 'node:http';
 * import { Registry } from 'prom-client';
 * import { newWithPrometheus } from 'rx-task-tracker/prometheus';
 *
 * const registry = new Registry();
 * const tracker = newWithPrometheus(SemaphoreScheduler.withPermits(8), new LogOnlyPolicy(), registry, 'loader');
 * createServer(async (req, res) => {
 *   res.setHeader('Content-Type', registry.contentType);
 *   res.end(await registry.metrics()); // loader_tasks_issued_total 0 …
 * }).listen(9464);
 * ```
 * @category Observing
 */
export function newWithPrometheus(scheduler: TaskScheduler, errorPolicy: OnErrorPolicy, registry: Registry<RegistryContentType>, componentName: string): TaskTracker {
  const tracker = new TaskTracker(scheduler, errorPolicy);
  try {
    new PrometheusTaskMetrics(tracker, { registry, componentName });
  } catch (error) {
    // Closing the idle tracker settles it at once, which disconnects it from the scheduler.
    void tracker.join();
    throw error;
  }
  return tracker;
}
