// `npm run demo`: a data-loading pipeline against a fake backend.
//
// A root TaskTracker (8 slots, LogOnlyPolicy) with one child tracker per resource
// group loads a few hundred resources with fetch; one group is cancelled halfway
// ("user navigated away") and its in-flight requests are really aborted, while
// its siblings and the root carry on. Live progress comes from metrics$; at the
// end each tracker's metrics, the backend's counts and the library's invariants
// are printed. Exit code 0 when every check passes.
//
//   npm run demo                       ~5 s, 300 resources
//   npm run demo -- --fast             ~1 s, 48 resources, tiny latency
//   npm run demo -- --seed 7           other latencies and failures (default 42)
//   npm run demo -- --serve-metrics    then keep serving Prometheus /metrics (Ctrl-C stops)
//   npm run demo -- --dashboard        then serve the devtools panel and load again every 5 s (Ctrl-C stops);
//                                      --every SECONDS, --allow-cancel (the panel's cancel buttons work)
import { parseArgs } from 'node:util';
import { first } from 'rxjs';
import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../lib/index.js';
import type { MetricsSnapshot, OnErrorPolicy, TaskScheduler } from '../lib/index.js';
import { serveDashboard } from './dashboard.js';
import { showProgress } from './progress.js';
import { FakeBackend } from './server.js';
import type { BackendCounts, FakeBackendOptions } from './server.js';
import { checksTable, finalTree, invariantChecks, metricsTable } from './summary.js';
import type { Check } from './summary.js';

const PERMITS = 8;
const FAILURE_RATE = 0.05;
const CANCELLED_GROUP = 'images';
const CANCEL_REASON = 'user navigated away';
const RUNS = {
  normal: { groups: { users: 80, images: 100, reports: 60, comments: 60 }, backend: { minLatencyMs: 20, maxLatencyMs: 250 } },
  fast: { groups: { users: 12, images: 20, reports: 8, comments: 8 }, backend: { minLatencyMs: 1, maxLatencyMs: 8 } },
} satisfies Record<string, { groups: Record<string, number>; backend: FakeBackendOptions }>;
const USAGE = 'usage: npm run demo -- [--fast] [--seed N] [--serve-metrics] [--dashboard [--every SECONDS] [--allow-cancel]]';

interface Group {
  readonly name: string;
  readonly count: number;
  readonly tracker: TaskTracker;
}

/** A group's counts just before and just after `cancel()`. */
interface CancelMoment {
  readonly before: MetricsSnapshot;
  readonly after: MetricsSnapshot;
}

async function main(): Promise<number> {
  const args = readArgs();
  const run = args.fast ? RUNS.fast : RUNS.normal;
  const backend = await FakeBackend.start({ seed: args.seed, failureRate: FAILURE_RATE, ...run.backend });
  if (args.dashboard) {
    const scheduler = SemaphoreScheduler.withPermits(PERMITS);
    const top = new TaskTracker({ name: 'demo', scheduler, errorPolicy: loggingPolicy() });
    await serveDashboard(backend, top, { everyMs: args.every * 1000, allowCancel: args.allowCancel, run: (root) => loadAll(args, backend, root, scheduler) });
    return 0;
  }
  const scheduler = SemaphoreScheduler.withPermits(PERMITS);
  const root = args.serveMetrics
    ? await prometheusRoot(backend, scheduler, loggingPolicy())
    : new TaskTracker({ scheduler, errorPolicy: loggingPolicy() });
  const ok = await loadAll(args, backend, root, scheduler);
  if (args.serveMetrics) {
    console.log(`\nServing Prometheus metrics at ${backend.url}/metrics (Ctrl-C stops).`);
    // Closing the server is all it takes: nothing else keeps the process alive.
    process.once('SIGINT', () => void backend.close());
  } else {
    await backend.close();
  }
  return ok ? 0 : 1;
}

/** What the policy logged during the current run. */
const failureLog: string[] = [];

/** Failures go to the summary instead of spamming the terminal during the run. */
function loggingPolicy(): LogOnlyPolicy {
  return new LogOnlyPolicy({ logger: (_message, error, context) => failureLog.push(`${context.tracker.path}: ${describe(error)}`) });
}

/**
 * One run of the pipeline on `root` (whose scheduler is `scheduler`): loads every
 * group, cancels one halfway, joins, prints the summary and the checks.
 * Returns whether every check passed.
 */
async function loadAll(args: Args, backend: FakeBackend, root: TaskTracker, scheduler: SemaphoreScheduler): Promise<boolean> {
  const run = args.fast ? RUNS.fast : RUNS.normal;
  const started = Date.now();
  failureLog.length = 0;
  const failures = failureLog;
  const groups: Group[] = Object.entries(run.groups).map(([name, count]) => ({
    name,
    count,
    tracker: root.childTrackerBuilder().name(name).build(),
  }));
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  console.log(`rx-task-tracker demo: ${total} resources from ${backend.url} (seed ${args.seed}, ${PERMITS} slots)`);
  if (args.serveMetrics) console.log(`Prometheus metrics: ${backend.url}/metrics`);
  console.log(`"${CANCELLED_GROUP}" will be cancelled halfway: ${CANCEL_REASON}.\n`);

  const victim = groups.find((g) => g.name === CANCELLED_GROUP)!;
  const cancelMoment = cancelHalfway(victim);
  // Round robin over the groups, so they all load side by side through the shared slots.
  for (let i = 0; i < Math.max(...groups.map((g) => g.count)); i++) {
    for (const group of groups) {
      if (i >= group.count) continue;
      const url = `${backend.url}/api/${group.name}/${i}`;
      // Nobody awaits these handles: the tracker never lets one become an unhandled rejection.
      group.tracker.spawn(({ signal }) => load(url, signal));
    }
  }
  const progress = showProgress([root, ...groups.map((g) => g.tracker)]);
  await root.join();
  await backend.idle();
  progress.stop();

  const tree = finalTree(root, groups.map((g) => g.tracker));
  const server = backend.counts();
  console.log(`\nSummary (${((Date.now() - started) / 1000).toFixed(1)} s)\n\n${metricsTable(tree)}\n`);
  console.log(
    `Backend: ${server.received} requests received (tasks started: ${tree.metrics.started}): ` +
      `${server.served} served, ${server.failed} failed (HTTP 500), ${server.aborted} aborted by the client ` +
      `(${CANCELLED_GROUP} had ${cancelMoment()?.before.active ?? 0} in flight at cancel())`,
  );
  console.log(`Failures logged by LogOnlyPolicy: ${failures.length}`);
  for (const failure of failures.slice(0, 5)) console.log(`  ${failure}`);
  if (failures.length > 5) console.log(`  … and ${failures.length - 5} more`);

  const checks: Check[] = [
    ...invariantChecks(tree),
    { name: 'failures logged = root failed', expected: tree.metrics.failed, got: failures.length },
    { name: 'root not cancelled', expected: false, got: tree.cancelled },
    { name: 'semaphore permits free after join', expected: PERMITS, got: scheduler.availablePermits() },
    ...cancelChecks(victim, cancelMoment()),
    siblingsCheck(groups.filter((g) => g !== victim)),
    { name: 'backend: requests = served + failed + aborted', expected: server.received, got: answered(server) },
  ];
  const result = checksTable(checks);
  console.log(`\nChecks\n\n${result.text}\n\n${result.ok ? 'All checks passed.' : 'SOME CHECKS FAILED.'}`);
  return result.ok;
}

/**
 * Cancels `group` once half of its tasks are done and some of its requests are in
 * flight (to show them aborted). Returns what cancel() did, once it happened.
 */
function cancelHalfway(group: Group): () => CancelMoment | undefined {
  let moment: CancelMoment | undefined;
  group.tracker.metrics$.pipe(first((m) => m.totalCompleted >= group.count / 2 && m.active > 0)).subscribe(() => {
    const before = group.tracker.metrics().snapshot();
    group.tracker.cancel(CANCEL_REASON);
    moment = { before, after: group.tracker.metrics().snapshot() };
  });
  return () => moment;
}

/** Cancellation is immediate: every pending task ends cancelled inside cancel(), and nothing ends later. */
function cancelChecks(group: Group, moment: CancelMoment | undefined): Check[] {
  if (moment === undefined) return [{ name: `${group.name}: cancelled halfway`, expected: true, got: false }];
  const { before, after } = moment;
  return [
    {
      name: `${group.name}: cancel() ends all its pending tasks at once (pending, cancelled)`,
      expected: `0, ${before.cancelled + before.pending}`,
      got: `${after.pending}, ${after.cancelled}`,
    },
    {
      name: `${group.name}: nothing ends after cancel() (success/failed/cancelled/rejected)`,
      expected: outcomes(after),
      got: outcomes(group.tracker.metrics().snapshot()),
    },
  ];
}

/** A child's cancel never touches its siblings: they finish every task. */
function siblingsCheck(siblings: readonly Group[]): Check {
  const done = (g: Group) => g.tracker.metrics().success() + g.tracker.metrics().failed();
  return {
    name: `siblings (${siblings.map((g) => g.name).join(', ')}): all done, none cancelled`,
    expected: siblings.map((g) => `${g.count}/0`).join(', '),
    got: siblings.map((g) => `${done(g)}/${g.tracker.metrics().cancelled()}`).join(', '),
  };
}

function outcomes(m: MetricsSnapshot): string {
  return `${m.success}/${m.failed}/${m.cancelled}/${m.rejected}`;
}

function answered(counts: BackendCounts): number {
  return counts.served + counts.failed + counts.aborted;
}

/** GET `url` as JSON; a non-2xx answer is an error (so the error policy sees it). */
async function load(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${new URL(url).pathname}`);
  return response.json();
}

/**
 * With --serve-metrics: a root tracker exporting `demo_tasks_*` into its own
 * Registry, served at /metrics. prom-client is only loaded here, so the default
 * run does not need it.
 */
async function prometheusRoot(backend: FakeBackend, scheduler: TaskScheduler, policy: OnErrorPolicy): Promise<TaskTracker> {
  const [{ Registry }, { newWithPrometheus }] = await Promise.all([import('prom-client'), import('../lib/prometheus/index.js')]);
  const registry = new Registry();
  backend.route('/metrics', (_req, res) => {
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${describe(error)}\n`),
    );
  });
  return newWithPrometheus(scheduler, policy, registry, 'demo');
}

interface Args {
  readonly fast: boolean;
  readonly seed: number;
  readonly serveMetrics: boolean;
  readonly dashboard: boolean;
  readonly allowCancel: boolean;
  readonly every: number;
}

function readArgs(): Args {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        fast: { type: 'boolean', default: false },
        seed: { type: 'string', default: '42' },
        'serve-metrics': { type: 'boolean', default: false },
        dashboard: { type: 'boolean', default: false },
        'allow-cancel': { type: 'boolean', default: false },
        every: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    exitWithUsage(describe(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seed = Number(values.seed);
  if (!/^-?\d+$/.test(values.seed) || !Number.isSafeInteger(seed)) {
    exitWithUsage(`--seed must be an integer, got ${JSON.stringify(values.seed)}`);
  }
  const every = Number(values.every);
  if (!(every > 0) || !Number.isFinite(every)) exitWithUsage(`--every must be a positive number of seconds, got ${JSON.stringify(values.every)}`);
  return { fast: values.fast, seed, serveMetrics: values['serve-metrics'], dashboard: values.dashboard, allowCancel: values['allow-cancel'], every };
}

function exitWithUsage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
