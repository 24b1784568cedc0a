import { Observable, of, Subject, throwError, type ObservableInput } from 'rxjs';
import {
  isTaskCancelledError,
  isTaskFailedError,
  SemaphoreScheduler,
  TaskTracker,
  type CancellationToken,
  type TaskContext,
  type TaskHandle,
} from '../../lib/index.js';
import { concatTask, exhaustTask, mergeTask, switchTask } from '../../lib/operators/index.js';
import { HOSTILE_VALUES, safeText, type HostileValue } from '../helpers/hostileValues.js';
import { brokenInvariants, quietPolicy } from '../helpers/trackers.js';

// Every hostile value, on every spawn form, as what a task returns, emits,
// resolves with, throws, rejects or errors with, and as a cancellation reason;
// started at once and from the queue of a 1-permit semaphore. Whatever the value,
// the task ends once, its slot comes back, the counters balance, join()
// resolves, and no rejection goes unhandled.

/** How a task ended, as its handle or its stream told it. */
interface Ending {
  /** How many times it ended: must be 1. */
  ends: number;
  ok?: boolean;
  value?: unknown;
  error?: unknown;
}

/** A spawn form: starts `task` on `tracker`, and follows how it ends. */
interface Form {
  readonly name: string;
  /** A streaming form (spawn$, the operators): values go to a subscriber as they are. */
  readonly stream: boolean;
  start(tracker: TaskTracker, task: (token?: CancellationToken) => unknown, ending: Ending): TaskHandle<unknown> | undefined;
}

function followHandle(handle: TaskHandle<unknown>, ending: Ending): TaskHandle<unknown> {
  handle.then(
    (value) => Object.assign(ending, { ends: ending.ends + 1, ok: true, value }),
    (error: unknown) => Object.assign(ending, { ends: ending.ends + 1, ok: false, error }),
  );
  return handle;
}

function followStream(stream: Observable<unknown>, ending: Ending): void {
  let last: unknown;
  stream.subscribe({
    next: (value) => (last = value),
    error: (error: unknown) => Object.assign(ending, { ends: ending.ends + 1, ok: false, error }),
    complete: () => Object.assign(ending, { ends: ending.ends + 1, ok: true, value: last }),
  });
}

type Project = (value: number, index: number, context: TaskContext) => ObservableInput<unknown>;

function operatorForm(name: string, operator: (tracker: TaskTracker, project: Project) => (source: Observable<number>) => Observable<unknown>): Form {
  return {
    name,
    stream: true,
    start: (tracker, task, ending) => {
      followStream(of(0).pipe(operator(tracker, (_v, _i, context) => task(context.token) as ObservableInput<unknown>)), ending);
      return undefined;
    },
  };
}

const FORMS: readonly Form[] = [
  { name: 'spawn', stream: false, start: (tracker, task, ending) => followHandle(tracker.spawn(() => task()), ending) },
  { name: 'spawnCancellable', stream: false, start: (tracker, task, ending) => followHandle(tracker.spawnCancellable(task), ending) },
  {
    name: 'spawn$',
    stream: true,
    start: (tracker, task, ending) => {
      followStream(tracker.spawn$((context) => task(context.token) as ObservableInput<unknown>), ending);
      return undefined;
    },
  },
  operatorForm('mergeTask', (tracker, project) => mergeTask(tracker, project)),
  operatorForm('concatTask', (tracker, project) => concatTask(tracker, project)),
  operatorForm('switchTask', (tracker, project) => switchTask(tracker, project)),
  operatorForm('exhaustTask', (tracker, project) => exhaustTask(tracker, project)),
];

/** One Observable value then completion, without RxJS's `of`, which reads its last argument (a Proxy throws). */
function emitting(value: unknown): Observable<unknown> {
  return new Observable((subscriber) => {
    subscriber.next(value);
    subscriber.complete();
  });
}

/** What the task does with the value, and what it must end with. */
interface Role {
  readonly name: string;
  readonly kind: 'result' | 'failure' | 'cancel';
  task(value: unknown): (token?: CancellationToken) => unknown;
  /** For a cancellation: who cancels, with the value as the reason. */
  cancel?(tracker: TaskTracker, handle: TaskHandle<unknown> | undefined, value: unknown): void;
  /** For a result: whether the form takes it as its value (else the task fails with what reading it threw). */
  succeeds?(hostile: HostileValue, form: Form): boolean;
}

/**
 * A task that runs until cancelled: one given its token rejects with the token's
 * reason, as a real one does; one without (`spawn`) is an Observable torn down.
 */
const UNTIL_CANCELLED = (token?: CancellationToken): unknown =>
  token === undefined ? new Observable(() => {}) : new Promise((_resolve, reject) => token.onCancel(reject));

const ROLES: readonly Role[] = [
  { name: 'returned by the task', kind: 'result', task: (value) => () => value, succeeds: (h) => !h.unreadable },
  // A stream sends an Observable's values on as they are; a handle resolves with the last, and its promise reads `then`.
  { name: 'emitted by an Observable task', kind: 'result', task: (value) => () => emitting(value), succeeds: (h, form) => !h.unreadable || form.stream },
  { name: 'resolved by a promise task', kind: 'result', task: (value) => () => Promise.resolve().then(() => value), succeeds: (h) => !h.unreadable },
  {
    name: 'thrown by the task',
    kind: 'failure',
    task: (value) => () => {
      throw value;
    },
  },
  { name: 'rejected by a promise task', kind: 'failure', task: (value) => () => Promise.reject(value) },
  { name: 'errored by an Observable task', kind: 'failure', task: (value) => () => throwError(() => value) },
  { name: 'given to handle.cancel()', kind: 'cancel', task: () => UNTIL_CANCELLED, cancel: (_tracker, handle, value) => expect(handle!.cancel(value)).toBeTrue() },
  { name: 'given to tracker.cancel()', kind: 'cancel', task: () => UNTIL_CANCELLED, cancel: (tracker, _handle, value) => expect(tracker.cancel(value)).toBeTrue() },
];

/** Lets macrotasks run: promise jobs, and the runtime's report of unhandled rejections. */
async function macrotasks(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('hostile values', () => {
  const unhandled: unknown[] = [];
  const onNode = (reason: unknown) => unhandled.push(reason);
  const onBrowser = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
  const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
  beforeAll(() => {
    nodeProcess?.on('unhandledRejection', onNode);
    globalThis.addEventListener?.('unhandledrejection', onBrowser);
  });
  afterAll(() => {
    nodeProcess?.off('unhandledRejection', onNode);
    globalThis.removeEventListener?.('unhandledrejection', onBrowser);
  });
  beforeEach(() => (unhandled.length = 0));

  for (const hostile of HOSTILE_VALUES) {
    describe(hostile.name, () => {
      for (const form of FORMS) {
        describe(`on ${form.name}`, () => {
          for (const role of ROLES) {
            if (role.name === 'given to handle.cancel()' && form.stream) continue;
            for (const queued of [false, true]) {
              it(`${role.name}, ${queued ? 'started from the queue' : 'started at once'}: ends once, gives its slot back, balances the counters, lets join() resolve`, async () => {
                const scheduler = SemaphoreScheduler.withPermits(1);
                const tracker = new TaskTracker(scheduler, quietPolicy());
                const blocker = new Subject<void>();
                if (queued) tracker.spawn(blocker);
                const value = hostile.make();
                const ending: Ending = { ends: 0 };
                const handle = form.start(tracker, role.task(value), ending);
                // A cancellation of a queued task comes before it could start.
                if (role.cancel !== undefined && queued) role.cancel(tracker, handle, value);
                if (queued) blocker.complete();
                if (role.cancel !== undefined && !queued) role.cancel(tracker, handle, value);
                await macrotasks();

                expect(ending.ends).withContext('ends').toBe(1);
                if (role.kind === 'result') {
                  const succeeds = role.succeeds!(hostile, form);
                  expect(ending.ok).withContext(`ok (error: ${safeText(ending.error)})`).toBe(succeeds);
                  if (succeeds) expect(Object.is(ending.value, value)).withContext('the value, as it is').toBeTrue();
                  else expect(isTaskFailedError(ending.error)).withContext('a TaskFailedError').toBeTrue();
                } else if (role.kind === 'failure') {
                  expect(ending.ok).toBeFalse();
                  expect(isTaskFailedError(ending.error)).withContext('a TaskFailedError').toBeTrue();
                  expect(Object.is((ending.error as { cause?: unknown }).cause, value)).withContext('the value kept as its cause').toBeTrue();
                } else {
                  expect(ending.ok).toBeFalse();
                  expect(isTaskCancelledError(ending.error)).withContext('a TaskCancelledError').toBeTrue();
                  expect(Object.is((ending.error as { reason?: unknown }).reason, value)).withContext('the value kept as its reason').toBeTrue();
                }
                if (ending.ok === false) expect(typeof (ending.error as Error).message).toBe('string');

                expect(scheduler.availablePermits()).withContext('the slot came back').toBe(1);
                const metrics = tracker.metrics();
                expect(brokenInvariants(metrics)).toEqual([]);
                expect([metrics.pending(), metrics.active(), metrics.queued()]).withContext('pending, active, queued').toEqual([0, 0, 0]);
                let joined = false;
                void tracker.join().then(() => (joined = true));
                await macrotasks();
                expect(joined).withContext('join() resolved').toBeTrue();
                expect(unhandled.map(safeText)).withContext('unhandled rejections').toEqual([]);
              });
            }
          }
        });
      }
    });
  }
});
