// `npx tsx demos/retrying-loader.ts`: a loader that retries a flaky backend with
// exponential backoff, and stops hammering it while it is down.
//
// 1. 10 items from a backend where a quarter of the requests fail: RetryPolicy
//    retries them (up to 3 retries, 4 runs in all, full jitter) and they load.
// 2. The backend goes down. After 3 failures in a row the circuit breaker opens:
//    the retries and the queued loads are rejected at once ("circuit open")
//    instead of piling up on the dead backend.
// 3. The backend comes back. Once the circuit is half-open, one probe load runs
//    (the other loads are rejected until it ends); its success closes the circuit
//    and the rejected items are loaded again.
//
// Prints what happens with timestamps; exit code 0 when every check passes.
// `--seed N` picks other failures (default 42).
import { parseArgs } from 'node:util';
import { filter, firstValueFrom } from 'rxjs';
import {
  CircuitBreakerPolicy,
  LogOnlyPolicy,
  RetryPolicy,
  TaskTracker,
  composePolicies,
  isTaskRejectedError,
  type TaskHandle,
} from '../lib/index.js';
import { mulberry32, randomFor } from './prng.js';

interface Item {
  readonly id: number;
  readonly name: string;
}

/** An in-process backend: 20-60 ms per request, some failing, and down on demand. */
class FlakyBackend {
  down = false;
  requests = 0;
  private readonly _attempts = new Map<number, number>();

  constructor(private readonly _seed: number, private readonly _failureRate: number) {}

  async get(id: number): Promise<Item> {
    this.requests++;
    const attempt = (this._attempts.get(id) ?? 0) + 1;
    this._attempts.set(id, attempt);
    // One generator per request, so failures do not depend on the order requests arrive in.
    const random = randomFor(this._seed, `${id}/${attempt}`);
    await new Promise((resolve) => setTimeout(resolve, 20 + random() * 40));
    if (this.down) throw new Error('HTTP 503 Service Unavailable');
    if (random() < this._failureRate) throw new Error('HTTP 502 Bad Gateway');
    return { id, name: `item-${id}` };
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '42' } } });
  const seed = Number(values.seed);
  const backend = new FlakyBackend(seed, 0.25);
  const started = Date.now();
  const log = (text: string) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${text}`);

  // The breaker comes first, so it counts every failed attempt, and a retry that
  // would start while the circuit is open is rejected instead of sent.
  const breaker = new CircuitBreakerPolicy({ failureThreshold: 3, halfOpenAfter: 500 });
  const retry = new RetryPolicy({
    retries: 3,
    initialDelay: 50,
    jitter: 'full',
    random: mulberry32(seed),
    inner: new LogOnlyPolicy({ logger: (_, error, context) => log(`${context.taskId} gave up: ${message(error)}`) }),
  });
  const tracker = new TaskTracker({ name: 'loader', concurrency: 3, errorPolicy: composePolicies(breaker, retry) });

  breaker.state$.subscribe((state) => log(`circuit ${state}`));
  tracker.events$.subscribe((event) => {
    if (event.type === 'retried') log(`${event.taskId} attempt ${event.attempt} failed (${message(event.error)}), retrying`);
    if (event.type === 'rejected') log(`${event.taskId} rejected: ${event.reason}`);
  });
  const load = (id: number): TaskHandle<Item> => tracker.spawn(() => backend.get(id));
  const settle = (handles: TaskHandle<Item>[]) => Promise.allSettled(handles);

  log('phase 1: items 1-10 from a flaky backend (25% of requests fail)');
  const phase1 = await settle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(load));
  const loaded1 = phase1.filter((r) => r.status === 'fulfilled').length;
  log(`phase 1: ${loaded1} of 10 loaded after ${tracker.metrics().retried()} retries`);

  log('phase 2: the backend goes down; items 11-18');
  backend.down = true;
  const before = backend.requests;
  const ids2 = [11, 12, 13, 14, 15, 16, 17, 18];
  const phase2 = await settle(ids2.map(load));
  const rejected = ids2.filter((_, i) => phase2[i].status === 'rejected' && isTaskRejectedError((phase2[i] as PromiseRejectedResult).reason));
  const outageRequests = backend.requests - before;
  log(`phase 2: ${rejected.length} of 8 rejected fast; the dead backend saw only ${outageRequests} requests`);

  setTimeout(() => {
    backend.down = false;
    log('the backend is back');
  }, 300);
  // Loads what was rejected, in rounds: wait until the circuit is not open; when
  // half-open, the first load is the probe and the others are rejected again,
  // to be loaded in the next round once the probe has closed the circuit.
  let pending = rejected;
  for (let round = 1; pending.length > 0 && round <= 10; round++) {
    if (breaker.state === 'open') await firstValueFrom(breaker.state$.pipe(filter((state) => state !== 'open')));
    log(`phase 3, round ${round}: ${pending.length} items, circuit ${breaker.state}`);
    const results = await settle(pending.map(load));
    pending = pending.filter((_, i) => results[i].status === 'rejected');
  }
  log(`phase 3: ${rejected.length - pending.length} of ${rejected.length} loaded again`);

  await tracker.join();
  const m = tracker.metrics().snapshot();
  console.log(`\nmetrics: ${JSON.stringify(m)}`);
  const checks: [string, boolean][] = [
    ['retries made the flaky phase load', loaded1 >= 9 && m.retried > 0],
    ['the circuit opened during the outage and rejected the rest', rejected.length >= 5],
    ['the dead backend was not hammered', outageRequests <= 3 + 3],
    ['the rejected items loaded once the circuit closed', pending.length === 0 && breaker.state === 'closed'],
    ['counters balance', m.issued === m.success + m.failed + m.cancelled + m.rejected + m.pending && m.pending === 0],
  ];
  for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
