import {
  CancelOnError,
  CancellationToken,
  CircuitBreakerPolicy,
  LogOnlyPolicy,
  RateCancelPolicy,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  ThresholdCancelPolicy,
  TriggerCancellationTokenOnError,
  composePolicies,
  type OnErrorPolicy,
} from '../../lib/index.js';
import { safeText } from '../../spec/helpers/hostileValues.js';
import { brokenCounters, type Ledger } from './ledger.js';
import type { Random } from './random.js';
import { FATAL } from './tasks.js';

/** A tracker of the forest. */
export interface TrackerNode {
  readonly tracker: TaskTracker;
  readonly depth: number;
  readonly subtree: Subtree | undefined;
}

/** A child of the root with its descendants: the unit the soak retires and replaces. */
interface Subtree {
  readonly top: TaskTracker;
  readonly nodes: TrackerNode[];
  /** The step at which it is retired (joined or cancelled). */
  readonly retireAt: number;
  retired: boolean;
  cancelledBySoak: boolean;
}

/** Subtrees under the root at any time. */
const SUBTREES = 6;
/** Trackers in one subtree at most. */
const SUBTREE_SIZE = 10;
/** Depth of the deepest tracker (the root is 0). */
const MAX_DEPTH = 4;

const silent = () => {};

/**
 * The tree of trackers the soak works on: a root on a semaphore that every
 * descendant shares (so `active <= permits` holds everywhere), and subtrees with
 * policies of their own that live a while, get joined or cancelled (or shut down
 * by their policy), and are then replaced by fresh ones, so that the memory of
 * the old ones can return.
 */
export class Forest {
  readonly scheduler: SemaphoreScheduler;
  readonly root: TaskTracker;
  /** Every tracker, the root first. */
  nodes: TrackerNode[];
  private _subtrees: Subtree[] = [];
  private _seq = 0;

  constructor(
    readonly permits: number,
    private readonly _rng: Random,
    private readonly _ledger: Ledger,
  ) {
    this.scheduler = SemaphoreScheduler.withPermits(permits);
    // Teardown errors are expected (some tasks are buggy Observables): counted, not logged.
    this.root = new TaskTracker(this.scheduler, new LogOnlyPolicy({ logger: silent }), {
      name: 'soak',
      onPolicyError: () => _ledger.policyErrors++,
      onTeardownError: () => _ledger.teardownErrorsReported++,
    });
    this.nodes = [{ tracker: this.root, depth: 0, subtree: undefined }];
    _ledger.trackersCreated++;
    for (let i = 0; i < SUBTREES; i++) this._addSubtree(0);
  }

  /** A random open tracker (the root if the draws find none). */
  openTracker(): TaskTracker {
    for (let i = 0; i < 4; i++) {
      const { tracker } = this._rng.pick(this.nodes);
      if (!tracker.isClosed()) return tracker;
    }
    return this.root;
  }

  /** A random tracker below the root, open or not. */
  descendant(): TrackerNode {
    return this.nodes[1 + Math.floor(this._rng.next() * (this.nodes.length - 1))];
  }

  /** Adds a child to a random open tracker of a subtree that has room; `false` if none was found. */
  addChild(): boolean {
    const node = this.descendant();
    const subtree = node.subtree!;
    if (node.tracker.isClosed() || node.depth >= MAX_DEPTH || subtree.nodes.length >= SUBTREE_SIZE) return false;
    // A child inherits its parent's policy (a child of it) or brings its own; the scheduler is always the root's,
    // sometimes behind a cap of 1–3 running tasks of the child's subtree (childTrackerBuilder().concurrency(n)).
    const builder = this._rng.chance(0.5) ? undefined : node.tracker.childTrackerBuilder().name(`t${++this._seq}`).errorPolicy(this._policy());
    if (builder !== undefined && this._rng.chance(0.3)) builder.concurrency(1 + Math.floor(this._rng.next() * 3));
    const tracker = builder === undefined ? node.tracker.childTracker() : builder.build();
    const child: TrackerNode = { tracker, depth: node.depth + 1, subtree };
    subtree.nodes.push(child);
    this.nodes.push(child);
    this._ledger.trackersCreated++;
    return true;
  }

  /** Notes that the soak cancels `node` (so a cancelled subtree is not taken for a policy's shutdown). */
  cancelledBySoak(node: TrackerNode): void {
    if (node.tracker === node.subtree?.top) node.subtree.cancelledBySoak = true;
  }

  /**
   * Retires the subtrees whose time has come (a join, or a cancel), and replaces
   * those that have settled by fresh ones. Returns the operations done.
   */
  renew(step: number): number {
    let ops = 0;
    for (const subtree of this._subtrees) {
      if (subtree.retired || step < subtree.retireAt) continue;
      subtree.retired = true;
      ops++;
      if (this._rng.chance(0.7)) {
        this._ledger.joinsStarted++;
        void subtree.top.join().then(() => this._ledger.joinsResolved++);
      } else {
        subtree.cancelledBySoak = true;
        this.cancel(subtree.top, 'retired');
      }
    }
    const settled = this._subtrees.filter((subtree) => subtree.top.isClosed() && subtree.top.metrics().pending() === 0);
    if (settled.length === 0) return ops;
    for (const subtree of settled) {
      if (subtree.top.cancellationToken().isCancelled() && !subtree.cancelledBySoak) this._ledger.shutdownsByPolicy++;
    }
    this._subtrees = this._subtrees.filter((subtree) => !settled.includes(subtree));
    this.nodes = this.nodes.filter((node) => node.subtree === undefined || !settled.includes(node.subtree));
    for (let i = 0; i < settled.length; i++) this._addSubtree(step);
    this._ledger.subtreesReplaced += settled.length;
    return ops + settled.length;
  }

  /** Cancels `tracker`; `cancel()` must never throw, whatever the reason, so a throw is a problem. */
  cancel(tracker: TaskTracker, reason: unknown): void {
    try {
      tracker.cancel(reason);
    } catch (error) {
      this._ledger.problem('tracker.cancel() threw', `${tracker.path}: ${safeText(error)}`);
    }
  }

  /**
   * Checks the counters of every tracker and the semaphore's permits; returns
   * `false` if something is broken (the ledger has the details).
   */
  check(step: number): boolean {
    let ok = true;
    for (const { tracker } of this.nodes) {
      const snapshot = tracker.metrics().snapshot();
      const broken = brokenCounters(snapshot, this.permits);
      if (broken.length > 0) {
        ok = false;
        this._ledger.problem(`counters: ${broken.join(', ')}`, `step ${step}, ${tracker.path} ${JSON.stringify(snapshot)}`);
      }
      if (tracker === this.root) this._ledger.notePeaks(snapshot);
    }
    const available = this.scheduler.availablePermits();
    if (!(available >= 0 && available <= this.permits)) {
      ok = false;
      this._ledger.problem('availablePermits() out of [0, permits]', `step ${step}: ${available} of ${this.permits}`);
    }
    return ok;
  }

  /** Ends everything: each subtree joined or cancelled, then the root joined. */
  end(): Promise<void> {
    for (const subtree of this._subtrees) {
      if (this._rng.chance(0.5)) this.cancel(subtree.top, 'soak over');
    }
    return this.root.join();
  }

  /** What is still pending where, to explain a join that does not resolve. */
  describePending(): string {
    return this.nodes
      .map(({ tracker }) => ({ path: tracker.path, s: tracker.metrics().snapshot() }))
      .filter(({ s }) => s.pending > 0)
      .slice(0, 8)
      .map(({ path, s }) => `${path}: pending ${s.pending} (active ${s.active}, queued ${s.queued})`)
      .join('; ');
  }

  private _addSubtree(step: number): void {
    const builder = this.root.childTrackerBuilder().name(`s${++this._seq}`).errorPolicy(this._policy());
    // Some subtrees time every task out by default.
    if (this._rng.chance(0.2)) builder.timeout(this._rng.int(3, 20));
    const top = builder.build();
    const subtree: Subtree = { top, nodes: [], retireAt: step + this._rng.int(5000, 50000), retired: false, cancelledBySoak: false };
    const node: TrackerNode = { tracker: top, depth: 1, subtree };
    subtree.nodes.push(node);
    this._subtrees.push(subtree);
    this.nodes.push(node);
    this._ledger.trackersCreated++;
  }

  /** A random error policy, of every built-in kind, with delays of a few milliseconds. */
  private _policy(): OnErrorPolicy {
    const rng = this._rng;
    const quiet = new LogOnlyPolicy({ logger: silent });
    const retry = () =>
      new RetryPolicy({ retries: rng.int(1, 3), initialDelay: rng.int(0, 2), maxDelay: 5, jitter: rng.pick(['none', 'full', 'decorrelated'] as const), random: rng.fork().next, inner: quiet });
    const breaker = () => new CircuitBreakerPolicy({ failureThreshold: rng.int(2, 6), halfOpenAfter: rng.int(1, 10) });
    const rate = () => RateCancelPolicy.builder().rate(0.5 + rng.next() * 0.45).windowMs(10 + rng.int(0, 90)).minSamples(rng.int(3, 20)).build();
    const threshold = () => ThresholdCancelPolicy.withThreshold(rng.int(5, 50));
    switch (rng.int(0, 8)) {
      case 0:
        return quiet;
      case 1:
        return retry();
      case 2:
        return composePolicies(breaker(), quiet);
      case 3:
        return rate();
      case 4:
        return threshold();
      case 5:
        return rng.chance(0.2) ? new CancelOnError() : CancelOnError.withPatterns([FATAL]);
      case 6:
        return new TriggerCancellationTokenOnError(new CancellationToken());
      case 7:
        return composePolicies(breaker(), retry(), threshold());
      default:
        return composePolicies(retry(), rate(), CancelOnError.withPatterns([FATAL]));
    }
  }
}
