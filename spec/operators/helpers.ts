import type * as FastCheck from 'fast-check';
import { catchError, throwError, type MonoTypeOperatorFunction, type Observable, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Context } from 'rxjs-marbles/jasmine';
import { isTaskFailedError, type CancellationToken, type MetricsSnapshot, type TaskTracker } from '../../lib/index.js';
import { unlimitedTracker } from '../helpers/trackers.js';

/** Replaces an error by its name, so that a marble's `#` says which TaskError it was. */
export function errorName<T>(): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => throwError(() => (error as Error).name));
}

/**
 * The tracker's counters at each `x` of `frames`; read them after `m.flush()`.
 * The sampler is subscribed before `m.expect` subscribes anything, so at a
 * frame where the pipeline also acts it reads the counters before it does.
 */
export function countersAt(m: Context, frames: string, tracker: TaskTracker): MetricsSnapshot[] {
  const snapshots: MetricsSnapshot[] = [];
  m.cold(frames).subscribe(() => snapshots.push(tracker.metrics().snapshot()));
  return snapshots;
}

/** Listeners on a token (private state: the operators must remove theirs on teardown). */
export function listenerCount(token: CancellationToken): number {
  return (token as unknown as { _listeners?: unknown[] })._listeners?.length ?? 0;
}

/** A source and the inner Observable of each of its values, as marbles. */
export interface Scenario {
  readonly source: string;
  readonly inners: Readonly<Record<string, string>>;
  /** Unsubscribe the output at this frame. */
  readonly unsubscribeAt?: number;
}

/** What one pipeline did: its output, and the subscription frames of its source and of each inner, in projection order. */
export interface Trace {
  readonly output: string[];
  readonly source: string[];
  readonly inners: string[][];
}

/** An operator under comparison, built from the `project` of a scenario. */
export type Pipe = (project: (value: string) => Observable<string>) => OperatorFunction<string, string>;

/**
 * Runs the same scenario through our operator (on a fresh tracker, with free
 * slots unless `tracker` says otherwise) and through RxJS's, each on cold
 * Observables of its own, in one virtual time, and returns both traces. A
 * TaskFailedError is logged as its cause, which is what RxJS's operator sees.
 */
export function sideBySide(scenario: Scenario, ours: (tracker: TaskTracker) => Pipe, theirs: Pipe, tracker: () => TaskTracker = unlimitedTracker): { ours: Trace; theirs: Trace } {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  return scheduler.run(({ cold, flush }) => {
    const run = (pipe: Pipe, unwrap: boolean): (() => Trace) => {
      const source = cold(scenario.source);
      const inners: ReturnType<typeof cold>[] = [];
      const project = (value: string) => {
        const inner = cold(scenario.inners[value] ?? '|');
        inners.push(inner);
        return inner;
      };
      const output: string[] = [];
      const at = () => scheduler.now();
      const subscription = source.pipe(pipe(project)).subscribe({
        next: (value) => output.push(`${at()} next ${value}`),
        error: (error: unknown) => output.push(`${at()} error ${String(unwrap && isTaskFailedError(error) ? error.cause : error)}`),
        complete: () => output.push(`${at()} complete`),
      });
      if (scenario.unsubscribeAt !== undefined) scheduler.schedule(() => subscription.unsubscribe(), scenario.unsubscribeAt);
      const frames = (logs: { subscribedFrame: number; unsubscribedFrame: number }[]) =>
        logs.map((log) => `${log.subscribedFrame}-${log.unsubscribedFrame === Infinity ? '∞' : log.unsubscribedFrame}`);
      return () => ({ output, source: frames(source.subscriptions), inners: inners.map((inner) => frames(inner.subscriptions)) });
    };
    const oursTrace = run(ours(tracker()), true);
    const theirsTrace = run(theirs, false);
    flush();
    return { ours: oursTrace(), theirs: theirsTrace() };
  });
}

/** Marbles for property tests: frames are '-' or a value (a–d), then an end ('|', '#' or none). */
export const VALUES = ['a', 'b', 'c', 'd'];

/** Random scenarios: a source of up to 8 frames and an inner per value, each ending in '|', '#' or never; sometimes an unsubscription. */
export function scenarios(fc: typeof FastCheck): FastCheck.Arbitrary<Scenario> {
  const frame = (values: string[]) => fc.constantFrom('-', '-', ...values);
  const marble = (values: string[], maxLength: number) =>
    fc
      .tuple(fc.array(frame(values), { maxLength }), fc.constantFrom('|', '|', '|', '#', ''))
      .map(([frames, end]) => frames.join('') + end);
  return fc.record({
    source: marble(VALUES, 8),
    inners: fc.record({ a: marble(['x', 'y'], 5), b: marble(['x', 'y'], 5), c: marble(['x', 'y'], 5), d: marble(['x', 'y'], 5) }),
    unsubscribeAt: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
  });
}
