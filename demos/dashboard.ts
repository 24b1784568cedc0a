// `npm run demo -- --dashboard`: after the first run, the demo's server keeps
// serving, with the devtools panel of the demo's tracker at /devtools, and the
// load runs again every few seconds (each run a child `run-N` of the tracker
// `demo`) so there is something to watch. Ctrl-C stops it.
import { firstValueFrom, race, timer } from 'rxjs';
import type { TaskTracker } from '../lib/index.js';
import { devtoolsHandler } from '../lib/devtools/server/index.js';
import { panelBundle } from './devtools/bundle.js';
import type { FakeBackend } from './server.js';

/** How the dashboard runs. */
export interface DashboardOptions {
  /** Milliseconds between the end of a run and the start of the next. */
  readonly everyMs: number;
  /** Whether the panel's cancel buttons may cancel the demo's trackers. */
  readonly allowCancel: boolean;
  /** One run of the load under `root`. */
  readonly run: (root: TaskTracker) => Promise<boolean>;
}

/** Serves the panel of `top` on `backend` and runs the load under it until `top` is cancelled; then keeps serving until Ctrl-C. */
export async function serveDashboard(backend: FakeBackend, top: TaskTracker, options: DashboardOptions): Promise<void> {
  const handler = devtoolsHandler(top, { basePath: '/devtools', allowCancel: options.allowCancel, panelScript: await panelBundle() });
  for (const route of ['/devtools', '/devtools/', '/devtools/stream', '/devtools/cancel', '/devtools/panel.js']) backend.route(route, (req, res) => handler(req, res));
  console.log(`Devtools: ${backend.url}/devtools${options.allowCancel ? ' (cancel buttons on)' : ''}\n`);
  top.events$.subscribe((event) => {
    if (event.type === 'tracker-cancelled' && event.path === top.path) console.log(`dashboard: ${top.path} cancelled (${String(event.reason)})`);
  });
  process.once('SIGINT', () => {
    top.cancel('Ctrl-C');
    void backend.close();
  });
  const cancelled = top.cancellationToken().cancelled$;
  for (let n = 1; !top.isClosed(); n++) {
    await options.run(top.childTrackerBuilder().name(`run-${n}`).build());
    const m = top.metrics().snapshot();
    console.log(
      `dashboard: run ${n} done; ${top.path} issued=${m.issued} success=${m.success} failed=${m.failed} ` +
        `cancelled=${m.cancelled} rejected=${m.rejected} pending=${m.pending}; next run in ${options.everyMs / 1000} s`,
    );
    await firstValueFrom(race(timer(options.everyMs), cancelled));
  }
  console.log(`dashboard: no more runs; still serving ${backend.url}/devtools (Ctrl-C stops)`);
}
