/**
 * `rx-task-tracker/prometheus`: a tracker's metrics as Prometheus counters, gauges and a
 * duration histogram.
 *
 * Node only. Needs `prom-client` 15 (an optional peer dependency, imported by this entry
 * point only).
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { newWithPrometheus } from './newWithPrometheus.js';
export { PrometheusTaskMetrics } from './PrometheusTaskMetrics.js';
export type { PrometheusTaskMetricsOptions } from './PrometheusTaskMetrics.js';
