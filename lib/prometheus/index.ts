// The `rx-task-tracker/prometheus` entry point: Node only, the one place that
// imports prom-client (an optional peer dependency). Names only; every export is
// documented where it is defined.

export { newWithPrometheus } from './newWithPrometheus.js';
export { PrometheusTaskMetrics } from './PrometheusTaskMetrics.js';
export type { PrometheusTaskMetricsOptions } from './PrometheusTaskMetrics.js';
