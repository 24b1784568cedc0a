// What a debugger and a log line show of the library's objects in Node: `util.inspect`
// (what `console.log` prints) gives each its public state; stack frames name a
// handle's methods `TaskHandle.…`. The same specs for lib/
// (spec/tracker/debugging.node.spec.ts) and for the installed package's two builds
// (spec/package/debugging.node.spec.ts).
import { inspect } from 'node:util';
import { NEVER, of } from 'rxjs';
import type * as lib from '../../lib/index.js';

export type Core = typeof lib;
const oneLine = (value: unknown) => inspect(value, { breakLength: Infinity });

/** The specs of the inspect views and stack frames, on the core entry `load` gives. */
export function describeViews(label: string, load: () => Promise<Core>): void {
  describe(`util.inspect, ${label}`, () => {
    let core: Core;
    // The installed package is built, packed and installed once per run, for every spec that needs it.
    beforeAll(async () => {
      core = await load();
    }, 120_000);

    function tracker(name?: string) {
      const builder = core.TaskTracker.builder().scheduler(core.SemaphoreScheduler.withPermits(1)).errorPolicy(new core.LogOnlyPolicy({ logger: () => {} }));
      return (name === undefined ? builder : builder.name(name)).build();
    }

    it('shows a handle as TaskHandle { id, name, status }, as it goes', async () => {
      const root = tracker();
      const running = root.spawn(NEVER, { name: 'load user' });
      const queued = root.spawn(of(1));
      expect(oneLine(running)).toBe(`TaskHandle { id: '${running.id}', name: 'load user', status: 'running' }`);
      expect(oneLine(queued)).toBe(`TaskHandle { id: '${queued.id}', name: undefined, status: 'queued' }`);
      running.cancel();
      await queued;
      expect(oneLine([running, queued])).toBe(
        `[ TaskHandle { id: '${running.id}', name: 'load user', status: 'cancelled' }, TaskHandle { id: '${queued.id}', name: undefined, status: 'success' } ]`,
      );
    });

    it('shows a tracker as TaskTracker { path, closed, metrics }', async () => {
      const root = tracker('app');
      const child = root.childTrackerBuilder().name('images').build();
      child.spawn(NEVER);
      child.spawn(of(1));
      const metrics = 'TaskMetrics { issued: 2, started: 1, success: 0, failed: 0, cancelled: 0, rejected: 0, active: 1, queued: 1, pending: 2, totalCompleted: 0, timedOut: 0, retried: 0, stopping: 0 }';
      expect(oneLine(child)).toBe(`TaskTracker { path: 'app/images', closed: false, metrics: ${metrics} }`);
      expect(oneLine(child.metrics())).toBe(metrics);
      child.cancel();
      await root.join();
      expect(oneLine(root)).toMatch(/^TaskTracker \{ path: 'app', closed: true, metrics: TaskMetrics \{ issued: 2, .*cancelled: 2, .*pending: 0, /);
      // Nested past the depth asked for, it is one word, as any object is.
      expect(inspect({ a: { b: { root } } })).toBe('{ a: { b: { root: [TaskTracker] } } }');
    });

    it('shows a token as CancellationToken { cancelled, reason }', () => {
      const token = new core.CancellationToken();
      const child = token.childToken();
      expect(oneLine(child)).toBe('CancellationToken { cancelled: false, reason: undefined }');
      token.cancel('page closed');
      expect(oneLine(child)).toBe("CancellationToken { cancelled: true, reason: 'page closed' }");
    });

    it('shows none of the internal members, whatever their names', () => {
      const root = tracker();
      const handle = root.spawn(NEVER, { name: 'x' });
      for (const value of [root, handle, handle.cancellationToken(), root.metrics()]) {
        expect(inspect(value, { depth: 5, showHidden: true })).not.toMatch(/\b_/);
      }
    });

    it('names a handle in stack frames TaskHandle, not Promise', async () => {
      const root = tracker();
      const error = await root.spawn(() => {
        throw new Error('thrown inside start');
      }).then(undefined, (failure: { cause: Error }) => failure.cause);
      expect(error.stack).toMatch(/\n {4}at TaskHandle\.start \(/);
      expect(error.stack).not.toContain('Promise.start');
    });
  });
}
