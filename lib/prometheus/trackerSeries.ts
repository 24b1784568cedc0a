import type { TaskMetrics } from '../metrics/TaskMetrics.js';
import { got } from '../errors/describeValue.js';
import type { TaskTracker } from '../tracker/TaskTracker.js';

/** @internal One exported set of series: the labels telling it apart, and the counts it shows. */
export interface TrackerSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly metrics: TaskMetrics;
  /** Whether a task of the tracker at `path` counts in these series (it is this tracker or below). */
  covers(path: string): boolean;
}

/**
 * @internal Whether `value` looks like a TaskTracker. Not `instanceof`: the ESM and
 * the CommonJS builds each have their own class, and an app may load both.
 */
export function isTracker(value: unknown): value is TaskTracker {
  const tracker = value as Partial<TaskTracker> | null | undefined;
  return typeof tracker?.metrics === 'function' && typeof tracker.path === 'string' && typeof tracker._named === 'boolean';
}

/**
 * @internal The series to export for `tracker`: one label-free set when `listed` is
 * undefined, else one set per tracker (`tracker` first), labelled with its path.
 */
export function trackerSeries(tracker: TaskTracker, listed: readonly TaskTracker[] | undefined): TrackerSeries[] {
  if (listed === undefined) return [series(tracker, {})];
  if (!Array.isArray(listed)) {
    throw new TypeError(`PrometheusTaskMetrics: trackers must be an array of TaskTrackers, got ${got(listed)}`);
  }
  const all = [series(tracker, { tracker: boundedPath(tracker, 'the exported tracker') })];
  listed.forEach((child, i) => {
    const where = `trackers[${i}]`;
    if (!isTracker(child)) throw new TypeError(`PrometheusTaskMetrics: ${where} must be a TaskTracker, got ${got(child)}`);
    if (!isDescendant(child, tracker)) {
      throw new RangeError(`PrometheusTaskMetrics: ${where} ("${child.path}") must be a descendant of the exported tracker "${tracker.path}"`);
    }
    const path = boundedPath(child, where);
    if (all.some((one) => one.labels.tracker === path)) {
      throw new RangeError(`PrometheusTaskMetrics: ${where} has the path "${path}" of another listed tracker; a label value must name one tracker`);
    }
    all.push(series(child, { tracker: path }));
  });
  return all;
}

function series(tracker: TaskTracker, labels: Record<string, string>): TrackerSeries {
  const path = tracker.path;
  const below = `${path}/`;
  // Holds the counts, not the tracker: a listed child that ends can be collected, its series frozen.
  return { labels, metrics: tracker.metrics(), covers: (other) => other === path || other.startsWith(below) };
}

function isDescendant(tracker: TaskTracker, ancestor: TaskTracker): boolean {
  for (let parent = tracker.parent; parent !== undefined; parent = parent.parent) if (parent === ancestor) return true;
  return false;
}

/** The tracker's path, if no tracker on it below the root has a generated name (which would make the label unbounded). */
function boundedPath(tracker: TaskTracker, where: string): string {
  for (let one = tracker; one.parent !== undefined; one = one.parent) {
    if (!one._named) {
      throw new RangeError(
        `PrometheusTaskMetrics: ${where} has the path "${tracker.path}", in which "${one.name}" is a generated name; ` +
          "a label value may hold only names you chose: build the tracker with childTrackerBuilder().name('…').",
      );
    }
  }
  return tracker.path;
}
