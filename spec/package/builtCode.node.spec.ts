// The code users install, run: the tarball installed in the consumer project
// (./packed.ts), dist/esm imported and dist/cjs required as Node loads them from
// node_modules, with the rxjs and peers installed next to it; and lib/, under tsx
// as the other specs run it, as the scenarios' control. Each scenario crosses
// modules (tracker, handle, run, scheduler, policy, error pipeline, listeners,
// entry points), so what tsc emits is exercised beyond loading it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Rx from 'rxjs';
import type * as RxTesting from 'rxjs/testing';
import type * as Core from '../../lib/index.js';
import type * as Operators from '../../lib/operators/index.js';
import type * as Testing from '../../lib/testing/index.js';
import type * as Devtools from '../../lib/devtools/index.js';
import type * as DevtoolsServer from '../../lib/devtools/server/index.js';
import type * as Prometheus from '../../lib/prometheus/index.js';
import type * as NodeEntry from '../../lib/node/index.js';
import type * as Angular from '../../lib/angular/index.js';
import { root } from '../../scripts/entryPoints.js';
import { installedPackage } from './packed.js';

interface Modules {
  core: typeof Core;
  operators: typeof Operators;
  testing: typeof Testing;
  devtools: typeof Devtools;
  devtoolsServer: typeof DevtoolsServer;
  prometheus: typeof Prometheus;
  node: typeof NodeEntry;
  rx: typeof Rx;
  rxTesting: typeof RxTesting;
  /** `require` from where the entry points were loaded (the optional peers). */
  require: NodeJS.Require;
}

const ENTRIES = { core: 'index', operators: 'operators/index', testing: 'testing/index', devtools: 'devtools/index', devtoolsServer: 'devtools/server/index', prometheus: 'prometheus/index', node: 'node/index' };

/** The installed package's folder in the consumer project. */
const installed = async () => path.join(await installedPackage(), 'node_modules', 'rx-task-tracker');

/** The package's entry points from one build of the installed package (or from lib/, the scenarios' control), and rxjs. */
async function load(format: 'esm' | 'cjs' | 'lib'): Promise<Modules> {
  const dir = format === 'lib' ? root : await installed();
  const loaded: Record<string, unknown> = {};
  const requireThere = createRequire(path.join(dir, 'package.json'));
  for (const [key, file] of Object.entries(ENTRIES)) {
    if (format === 'lib') loaded[key] = requireThere(path.join(dir, 'lib', `${file}.ts`));
    else {
      const built = path.join(dir, 'dist', format, `${file}.js`);
      loaded[key] = format === 'esm' ? await import(pathToFileURL(built).href) : requireThere(built);
    }
  }
  // The rxjs both builds get under Node (its `node` condition: the CommonJS one).
  loaded.rx = requireThere('rxjs');
  loaded.rxTesting = requireThere('rxjs/testing');
  loaded.require = requireThere;
  return loaded as unknown as Modules;
}

describe('the installed package’s code (dist/esm and dist/cjs from the tarball)', () => {
  // lib/ too: a scenario that fails there is wrong, not the build.
  for (const format of ['lib', 'esm', 'cjs'] as const) {
    describe(format === 'lib' ? 'lib/ (the same scenarios, unbuilt)' : `dist/${format}`, () => {
      let m: Modules;

      beforeAll(async () => {
        m = await load(format);
      }, 120_000);

      it('spawns, streams, cancels and joins, with metrics$, events$, taskEnds$, tree() and a capped child', async () => {
        const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy, isTaskCancelledError, isTaskFailedError } = m.core;
        const { of, Subject, asapScheduler } = m.rx;
        const tracker = TaskTracker.builder().scheduler(SemaphoreScheduler.withPermits(2)).errorPolicy(new LogOnlyPolicy({ logger: (message) => logged.push(message) })).name('app').metricsScheduler(asapScheduler).build();
        const logged: string[] = [];
        const events: string[] = [];
        const ends: string[] = [];
        const snapshots: number[] = [];
        tracker.events$.subscribe((event) => events.push(`${event.type} ${event.path}`));
        tracker.taskEnds$.subscribe((end) => ends.push(`${end.type} ${end.taskId}`));
        tracker.metrics$.subscribe((snapshot) => snapshots.push(snapshot.issued));
        const kids = tracker.childTrackerBuilder().name('kids').concurrency(1).build();

        const value = tracker.spawn(of(1, 2, 3));
        const promised = tracker.spawn(() => Promise.resolve('p'));
        const failing = tracker.spawn(() => Promise.reject(new Error('boom')));
        const never = new Subject<number>();
        const first = kids.spawn(never);
        const queued = kids.spawn(() => 'never runs');
        const streamed: number[] = [];
        tracker.spawn$(of(7, 8)).subscribe((v) => streamed.push(v));
        expect(await value).toBe(3);
        expect(await promised).toBe('p');
        const failure = await failing.then(() => undefined, (error: unknown) => error);
        expect(isTaskFailedError(failure) && (failure.cause as Error).message).toBe('boom');
        expect(streamed).toEqual([7, 8]);
        expect(queued.status).toBe('queued');
        expect(tracker.tree().children.map((child) => child.path)).toEqual(['app/kids']);
        expect(first.status).toBe('running');
        expect(kids.cancel('all')).toBeTrue();
        expect(first.cancel('again')).toBeFalse();
        const cancelled = await queued.then(() => undefined, (error: unknown) => error);
        expect(isTaskCancelledError(cancelled) && cancelled.reason).toBe('all');
        await tracker.join();
        expect(never.observed).toBeFalse();
        expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 6, success: 3, failed: 1, cancelled: 2, pending: 0 }));
        expect(events).toEqual(jasmine.arrayContaining(['child-created app', 'issued app/kids', 'failed app', 'tracker-cancelled app/kids', 'tracker-closed app']));
        expect(ends.length).toBe(6);
        expect(logged.length).toBe(1);
        await Promise.resolve();
        expect(snapshots[snapshots.length - 1]).toBe(6);
      });

      it('retries with a delay, opens a circuit breaker, times out, continues and runs custom actions, in virtual time', () => {
        const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy, RetryPolicy, CircuitBreakerPolicy, composePolicies, ErrorResponse, ActionResult, FailedWithContinuation, CancellableTaskResult } = m.core;
        const { TestScheduler } = m.rxTesting;
        const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
        const outcomes: Record<string, unknown> = {};
        const note = (name: string, handle: PromiseLike<unknown>) => handle.then((v) => (outcomes[name] = v), (e: { name: string }) => (outcomes[name] = e.name));
        let retrying!: Core.TaskTracker, breaking!: Core.TaskTracker, plain!: Core.TaskTracker, custom!: Core.TaskTracker;
        scheduler.run(({ cold, flush }) => {
          const options = { clock: scheduler };
          retrying = new TaskTracker(SemaphoreScheduler.withPermits(1), composePolicies(new RetryPolicy({ retries: 2, initialDelay: 10, jitter: 'none', scheduler })), options);
          let attempts = 0;
          note('retried', retrying.spawn(() => (++attempts < 3 ? cold('-#', undefined, new Error('flaky')) : cold('-(a|)', { a: 'ok' }))));
          breaking = new TaskTracker(SemaphoreScheduler.withPermits(1), new CircuitBreakerPolicy({ failureThreshold: 2, halfOpenAfter: 1000, scheduler }), options);
          note('broken1', breaking.spawn(cold('#')));
          note('broken2', breaking.spawn(cold('#')));
          note('refused', breaking.spawn(cold('a|')));
          plain = new TaskTracker(SemaphoreScheduler.withPermits(1), new LogOnlyPolicy({ logger: () => undefined }), options);
          note('timedOut', plain.spawn(cold('-----a|'), { timeout: 2 }));
          note('continued', plain.spawnCancellable(() => {
            throw new FailedWithContinuation(new Error('half'), { execute: () => CancellableTaskResult.ok('rest') });
          }));
          custom = new TaskTracker(SemaphoreScheduler.withPermits(1), {
            onError: () => ErrorResponse.custom({ execute: () => cold('--a|', { a: ActionResult.fail() }) }),
            createChild() {
              return this;
            },
          }, options);
          note('acted', custom.spawn(cold('#')));
          flush();
          expect(retrying.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, success: 1, retried: 2 }));
          expect(breaking.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, failed: 2, rejected: 1 }));
          expect(plain.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, failed: 1, timedOut: 1 }));
          expect(custom.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, failed: 1 }));
        });
        return new Promise((resolve) => setImmediate(resolve)).then(() => {
          expect(outcomes).toEqual({ retried: 'ok', broken1: 'TaskFailedError', broken2: 'TaskFailedError', refused: 'TaskRejectedError', timedOut: 'TaskTimeoutError', continued: 'rest', acted: 'TaskFailedError' });
        });
      });

      it('runs tasks in pipelines (operators), records their marbles (testing), and feeds the devtools model', () => {
        const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } = m.core;
        const { TestScheduler } = m.rxTesting;
        const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
        scheduler.run(({ cold, expectObservable, flush }) => {
          const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy(), { clock: scheduler });
          const record = m.testing.recordTaskMarbles(tracker);
          const model = new m.devtools.DevtoolsModel(tracker, { clock: scheduler });
          model.connect();
          const source = cold('a-b|', { a: 1, b: 2 });
          expectObservable(source.pipe(m.operators.mergeTask(tracker, (n) => cold('--x|', { x: n * 10 })))).toBe('--x-y|', { x: 10, y: 20 });
          const child = tracker.childTrackerBuilder().name('child').build();
          const waiting = child.spawn(cold('-----a|'));
          // Found by its path, through the tracker's children.
          expect(model.cancel('root/child')).toBeTrue();
          expect(waiting.status).toBe('cancelled');
          flush();
          expect(Object.values(record())).toEqual(['(^!)', '^--!', '--^--!']);
          expect(model.state().rows[0].metrics).toEqual(jasmine.objectContaining({ success: 2, cancelled: 1 }));
        });
      });

      it('cancels a child found by its path from the devtools server (devtools/server)', async () => {
        const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } = m.core;
        const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), new LogOnlyPolicy());
        const child = tracker.childTrackerBuilder().name('images').build();
        const server = createServer(m.devtoolsServer.devtoolsHandler(tracker, { allowCancel: true }));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          const answer = await new Promise<string>((resolve, reject) => {
            const post = request(`${origin}/cancel`, { method: 'POST', headers: { origin, 'content-type': 'application/json' } }, (res) => {
              let body = '';
              res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
            });
            post.on('error', reject).end(JSON.stringify({ path: 'root/images' }));
          });
          expect(JSON.parse(answer)).toEqual({ path: 'root/images', cancelled: true });
          expect(child.isClosed()).toBeTrue();
          expect(tracker.isClosed()).toBeFalse();
        } finally {
          await new Promise((resolve) => server.close(resolve));
          await tracker.join();
        }
      });

      it('exports trackers to Prometheus (prometheus) and runs tasks in their spawner’s async context (node)', async () => {
        const { SemaphoreScheduler, LogOnlyPolicy } = m.core;
        const { Registry } = m.require('prom-client') as typeof import('prom-client');
        const registry = new Registry();
        const tracker = m.prometheus.newWithPrometheus(m.node.AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(1)), new LogOnlyPolicy(), registry, 'built');
        const store = new AsyncLocalStorage<string>();
        const seen = await store.run('request-1', () => tracker.spawn(() => Promise.resolve(store.getStore())));
        expect(seen).toBe('request-1');
        await tracker.join();
        expect(await registry.metrics()).toContain('built_tasks_success_total 1');
      });
    });
  }

  it('holds Angular’s pending tasks for a tracker of the built core (angular, ESM)', async () => {
    const dir = await installed();
    const core = (await import(pathToFileURL(path.join(dir, 'dist/esm/index.js')).href)) as typeof Core;
    const angular = (await import(pathToFileURL(path.join(dir, 'dist/esm/angular/index.js')).href)) as typeof Angular;
    const tracker = new core.TaskTracker(core.SemaphoreScheduler.withPermits(1), new core.LogOnlyPolicy());
    let held = 0;
    const stop = angular.holdPendingTasks(tracker, { add: () => (held++, () => held--) });
    const handle = tracker.spawn(() => Promise.resolve(1));
    expect(held).toBe(1);
    await handle;
    await Promise.resolve();
    expect(held).toBe(0);
    stop();
  }, 30_000); // @angular/core's ES modules load in a few seconds on a busy machine
});
