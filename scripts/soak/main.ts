import { isTrackerClosedError, type TaskHandle } from '../../lib/index.js';
import { Forest } from './forest.js';
import { Ledger } from './ledger.js';
import { Random, weightTable } from './random.js';
import { spawnRandomTask } from './tasks.js';
import { HOSTILE_VALUES, safeText } from '../../spec/helpers/hostileValues.js';

/** Slots of the root's semaphore, shared by the whole tree. */
const PERMITS = 128;
/** No new task while the tree has this many pending: memory stays bounded however long the run. */
const MAX_PENDING = 5000;
/** Operations between two turns of the event loop (which let timers and promises run). */
const STEPS_PER_TURN = 64;
/** Steps between two looks at which subtrees to retire and replace. */
const RENEW_EVERY = 50;
/** Recent handles kept for `handle.cancel()`: a ring, so that older ones can be collected. */
const RING = 64;
/** How long the final `join()` may take; the tasks last milliseconds, so this means it hangs. */
const JOIN_DEADLINE_MS = 10_000;
/** A long run says how it goes this often. */
const PROGRESS_EVERY_MS = 30_000;
/** How far above its baseline the heap may end. */
const HEAP_SLACK = 2 * 1024 * 1024;

const OPERATIONS = weightTable({ spawn: 50, burst: 10, child: 1, cancelHandle: 6, cancelToken: 2, cancelTracker: 0.1, join: 0.1 });

const USAGE = 'usage: npm run soak -- [--seconds N] [--seed S]';

const gc = (globalThis as { gc?: () => void }).gc;

/** Runs the soak; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`soak: ${args}\n${USAGE}`);
    return 2;
  }
  if (gc === undefined) {
    console.error('soak: needs node --expose-gc (npm run soak passes it)');
    return 2;
  }
  const { seconds, seed } = args;
  console.log(`soak: seed ${seed} (--seed ${seed} makes the same choices; real timers decide the interleaving)`);
  const ledger = new Ledger();
  process.on('unhandledRejection', (reason) => ledger.problem('unhandled rejection', safeText(reason)));
  process.on('uncaughtException', (error) => ledger.problem('uncaught exception', safeText(error)));
  const timersBefore = timerCount();
  const rng = new Random(seed);

  // Warm up (JIT, RxJS's and the tracker's pools), so that the baseline is the steady state.
  await runPhase(Math.min(3, Math.max(0.5, seconds / 10)), rng, ledger, false);
  const heapBefore = await settledHeap();
  const { ops, elapsed } = await runPhase(seconds, rng, ledger, seconds >= 60);
  const heapAfter = await settledHeap();

  const timersLeft = timerCount() - timersBefore;
  if (timersLeft > 0) ledger.problem('timers left after join()', `${timersLeft}: ${process.getActiveResourcesInfo().join(', ')}`);
  if (heapAfter - heapBefore > HEAP_SLACK) ledger.problem('the heap did not return to its baseline', `+${mb(heapAfter - heapBefore)} MB`);

  const o = ledger.outcomes;
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`soak: ${elapsed.toFixed(1)} s, ${n(ops)} operations, ${n(Math.round(ops / elapsed))} ops/s (after a warm-up; totals below include it)`);
  console.log(
    `soak: ${n(ledger.spawned)} handles, ${n(ledger.settled)} settled (success ${n(o.success)}, failed ${n(o.failed)}, cancelled ${n(o.cancelled)}, rejected ${n(o.rejected)}), ${n(ledger.refused)} spawns refused by closed trackers`,
  );
  console.log(
    `soak: ${n(ledger.trackersCreated)} trackers, ${n(ledger.subtreesReplaced)} subtrees replaced, ${n(ledger.shutdownsByPolicy)} shut down by their policy, ` +
      `${n(ledger.joinsResolved)}/${n(ledger.joinsStarted)} joins resolved, peak pending ${n(ledger.maxPending)}, peak active ${ledger.maxActive}/${PERMITS}`,
  );
  console.log(
    `soak: teardown errors ${n(ledger.teardownsThrown)} thrown, ${n(ledger.teardownErrorsReported)} reported; policy errors ${n(ledger.policyErrors)}; ` +
      `endless tasks ${n(ledger.subscribed)} subscribed, ${n(ledger.unsubscribed)} torn down`,
  );
  console.log(`soak: heap ${mb(heapBefore)} MB before, ${mb(heapAfter)} MB after (${heapAfter >= heapBefore ? '+' : ''}${mb(heapAfter - heapBefore)} MB)`);
  const problems = ledger.problems();
  for (const problem of problems) console.log(`soak: PROBLEM ${problem}`);
  console.log(problems.length === 0 ? 'soak: ok' : `soak: FAILED (${problems.map((p) => p.slice(0, p.indexOf(' ('))).join('; ')})`);
  return problems.length === 0 ? 0 : 1;
}

/**
 * Runs random operations on a fresh forest for `seconds`, checking the counters
 * after every step, then ends it (cancel or join each subtree, join the root)
 * and checks that everything settled and came back.
 */
async function runPhase(seconds: number, rng: Random, ledger: Ledger, progress: boolean): Promise<{ ops: number; elapsed: number }> {
  const forest = new Forest(PERMITS, rng, ledger);
  const ring: (TaskHandle<unknown> | undefined)[] = new Array(RING).fill(undefined);
  const before = { spawned: ledger.spawned, ops: ledger.ops, ...ledger.outcomes };
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let step = 0;
  let ringAt = 0;
  let nextProgress = started + PROGRESS_EVERY_MS;

  const spawnOn = (tracker = forest.openTracker()): number => {
    try {
      ring[ringAt++ % RING] = spawnRandomTask(tracker, rng, ledger);
      return 1;
    } catch (error) {
      if (isTrackerClosedError(error)) ledger.refused++;
      else ledger.problem('spawn() threw', safeText(error));
      return 0;
    }
  };

  const operate = (): number => {
    const full = forest.root.metrics().pending() >= MAX_PENDING;
    switch (rng.weighted(OPERATIONS)) {
      case 'spawn':
        return full ? 0 : spawnOn();
      case 'burst': {
        if (full) return 0;
        const tracker = forest.openTracker();
        let done = 0;
        for (let k = rng.int(2, 20); k > 0 && !tracker.isClosed(); k--) done += spawnOn(tracker);
        return done;
      }
      case 'child':
        return forest.addChild() ? 1 : 0;
      case 'cancelHandle':
      case 'cancelToken': {
        const handle = ring[rng.int(0, RING - 1)];
        if (handle === undefined) return 0;
        // Sometimes with a reason that cannot be printed or read.
        const reason = rng.chance(0.2) ? rng.pick(HOSTILE_VALUES).make() : 'soak';
        try {
          if (rng.chance(0.5)) handle.cancel(reason);
          else handle.cancellationToken().cancel(reason);
        } catch (error) {
          ledger.problem('handle.cancel() threw', `${handle.id}: ${safeText(error)}`);
        }
        return 1;
      }
      case 'cancelTracker': {
        const node = forest.descendant();
        forest.cancelledBySoak(node);
        forest.cancel(node.tracker, rng.chance(0.3) ? rng.pick(HOSTILE_VALUES).make() : 'soak');
        return 1;
      }
      case 'join': {
        const node = forest.descendant();
        ledger.joinsStarted++;
        void node.tracker.join().then(() => ledger.joinsResolved++);
        return 1;
      }
    }
  };

  while (performance.now() < endAt) {
    for (let i = 0; i < STEPS_PER_TURN; i++) {
      step++;
      ledger.ops += operate();
      if (step % RENEW_EVERY === 0) ledger.ops += forest.renew(step);
      forest.check(step);
    }
    await turn();
    if (progress && performance.now() >= nextProgress) {
      nextProgress += PROGRESS_EVERY_MS;
      const { pending, active } = forest.root.metrics().snapshot();
      const s = Math.round((performance.now() - started) / 1000);
      console.log(`soak: ${s} s, ${(ledger.ops - before.ops).toLocaleString('en-US')} ops, pending ${pending}, active ${active}, heap ${mb(process.memoryUsage().heapUsed)} MB`);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  ring.fill(undefined);

  const joined = await withDeadline(forest.end(), JOIN_DEADLINE_MS);
  if (!joined) ledger.problem(`the final join() did not resolve in ${JOIN_DEADLINE_MS / 1000} s`, forest.describePending());
  for (let i = 0; i < 3; i++) await turn();
  forest.check(step);
  const root = forest.root.metrics().snapshot();
  const spawned = ledger.spawned - before.spawned;
  if (ledger.settled !== ledger.spawned) ledger.problem('not every handle settled', `${ledger.spawned - ledger.settled} of ${ledger.spawned}`);
  if (root.issued !== spawned) ledger.problem('issued ≠ handles spawned', `${root.issued} ≠ ${spawned}`);
  for (const outcome of ['success', 'failed', 'cancelled', 'rejected'] as const) {
    const handles = ledger.outcomes[outcome] - before[outcome];
    if (root[outcome] !== handles) ledger.problem(`root ${outcome} ≠ handles ${outcome}`, `${root[outcome]} ≠ ${handles}`);
  }
  const available = forest.scheduler.availablePermits();
  if (available !== PERMITS) ledger.problem('a permit did not come back', `${available} of ${PERMITS} available`);
  if (ledger.joinsResolved !== ledger.joinsStarted) ledger.problem('a join() never resolved', `${ledger.joinsStarted - ledger.joinsResolved} of ${ledger.joinsStarted}`);
  if (ledger.subscribed !== ledger.unsubscribed) ledger.problem('a task subscription was never torn down', `${ledger.subscribed - ledger.unsubscribed}`);
  if (ledger.throwingSubscribed !== ledger.teardownsThrown) ledger.problem('a throwing teardown never ran', `${ledger.throwingSubscribed - ledger.teardownsThrown}`);
  if (ledger.teardownErrorsReported !== ledger.teardownsThrown) {
    ledger.problem('teardown errors thrown ≠ reported through onTeardownError', `${ledger.teardownsThrown} ≠ ${ledger.teardownErrorsReported}`);
  }
  return { ops: ledger.ops - before.ops, elapsed };
}

/** One turn of the event loop: due timers, I/O and promise jobs run. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Whether `promise` settled within `ms`; the timer is cleared either way, so it outlives nothing. */
async function withDeadline(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The heap once the garbage is gone: several collections with turns in between,
 * because WeakRef targets survive the turn that read them and FinalizationRegistry
 * callbacks run in a later one.
 */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 5; i++) {
    await turn();
    gc!();
  }
  await turn();
  return process.memoryUsage().heapUsed;
}

/** Ref'd timers and immediates: what would keep the process alive. */
function timerCount(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'Immediate').length;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(2);
}

/** Reads `--seconds N` (default 20) and `--seed S` (default random); a string says what is wrong. */
export function parseArgs(argv: readonly string[]): { seconds: number; seed: number } | string {
  let seconds = 20;
  let seed = Math.floor(Math.random() * 2 ** 32);
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--seconds') {
      seconds = Number(value);
      if (!(seconds > 0 && seconds < Infinity)) return `--seconds must be a positive number, got "${value}"`;
    } else if (argv[i] === '--seed') {
      seed = Number(value);
      if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) return `--seed must be an integer in [0, 2^32), got "${value}"`;
    } else {
      return `unknown argument "${argv[i]}"`;
    }
    i++;
  }
  return { seconds, seed };
}
