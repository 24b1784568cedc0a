// Server-side rendering with rx-task-tracker/angular: `npx tsx demos/angular-ssr.ts`.
//
// Starts a small data server on 127.0.0.1 (three endpoints, each answering after its own
// latency), then renders a dashboard component with @angular/platform-server, twice:
//
// 1. with provideTaskTracker() as it comes: while any task of the tracker tree is pending the
//    application holds one Angular PendingTasks entry, so the page is serialized only once the
//    three loads have arrived;
// 2. with provideTaskTracker({ pendingTasks: false }), for contrast: the page is serialized at
//    once, with "loading…" in it, and destroying the application cancels the loads.
//
// It prints both pages and how long each render took next to the slowest load, checks what it
// claims, and exits 0 (1 if a check fails). Zoneless, JIT (no Angular CLI), about a second.
import '@angular/compiler';
import { Component, inject, InjectionToken, provideZonelessChangeDetection, signal, VERSION } from '@angular/core';
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectTaskTracker, injectTrackerMetrics, provideTaskTracker } from '../lib/angular/index.js';
import type { TaskTracker } from '../lib/index.js';

/** The dashboard's panels: what each shows, and how long the server takes to answer it. */
const PANELS = {
  revenue: { title: 'Revenue today', latencyMs: 150, value: '€ 48,210' },
  orders: { title: 'Open orders', latencyMs: 250, value: '132' },
  alerts: { title: 'Stock alerts', latencyMs: 350, value: '3 items below minimum' },
} as const;
type Panel = keyof typeof PANELS;
const SLOWEST_MS = Math.max(...Object.values(PANELS).map((panel) => panel.latencyMs));

const API_URL = new InjectionToken<string>('the data server');

/** The dashboard tracker of the page rendered last, to report on after the render. */
let dashboardTracker: TaskTracker | undefined;

@Component({
  selector: 'app-dashboard',
  template: `
    <h1>Shop dashboard</h1>
    @for (panel of panels; track panel) {
      <section><h2>{{ titles[panel] }}</h2><p>{{ values()[panel] ?? 'loading…' }}</p></section>
    }
    <footer>{{ metrics().success }} of {{ metrics().issued }} loaded, {{ metrics().pending }} pending</footer>
  `,
})
class DashboardComponent {
  readonly panels = Object.keys(PANELS) as Panel[];
  readonly titles = Object.fromEntries(this.panels.map((panel) => [panel, PANELS[panel].title])) as Record<Panel, string>;
  readonly values = signal<Partial<Record<Panel, string>>>({});
  // A child of the application's root tracker, cancelled when this component is destroyed.
  private readonly tracker = injectTaskTracker({ name: 'dashboard' });
  readonly metrics = injectTrackerMetrics(this.tracker);

  constructor() {
    dashboardTracker = this.tracker;
    const api = inject(API_URL);
    for (const panel of this.panels) {
      this.tracker
        .spawn(({ signal }) => fetch(`${api}/api/${panel}`, { signal }).then((r) => r.json() as Promise<{ value: string }>))
        .then(
          ({ value }) => this.values.update((values) => ({ ...values, [panel]: value })),
          () => {}, // cancelled: the application went away first
        );
    }
  }
}

/** Starts the data server; resolves with its URL and a function that stops it. */
async function startDataServer(): Promise<{ url: string; served: () => number; stop: () => Promise<void> }> {
  let served = 0;
  const server: Server = createServer((request, response) => {
    const panel = PANELS[request.url?.replace('/api/', '') as Panel];
    if (panel === undefined) return void response.writeHead(404).end();
    const timer = setTimeout(() => {
      served++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: panel.value }));
    }, panel.latencyMs);
    response.on('close', () => clearTimeout(timer)); // the client aborted: answer nothing
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, served: () => served, stop };
}

/** Renders the dashboard on the server; resolves with the HTML and how long it took. */
async function render(apiUrl: string, pendingTasks: boolean): Promise<{ html: string; ms: number }> {
  const started = performance.now();
  const html = await renderApplication(
    (context: BootstrapContext) =>
      bootstrapApplication(
        DashboardComponent,
        {
          providers: [
            provideZonelessChangeDetection(),
            provideServerRendering(),
            provideTaskTracker({ pendingTasks }),
            { provide: API_URL, useValue: apiUrl },
          ],
        },
        context,
      ),
    { document: '<!doctype html><html><head><title>Dashboard</title></head><body><app-dashboard></app-dashboard></body></html>', url: '/' },
  );
  return { html, ms: performance.now() - started };
}

/** The rendered component, one element a line, for reading in a terminal. */
function pretty(html: string): string {
  const body = /<app-dashboard[\s\S]*<\/app-dashboard>/.exec(html)?.[0] ?? html;
  return body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s*</g, '>\n<')
    .replace(/\n(<\/?(h1|h2|p|footer)[^>]*>)/g, '$1')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

async function main(): Promise<void> {
  const checks: [string, boolean][] = [];
  const check = (what: string, ok: boolean) => checks.push([what, ok]);
  // Angular greets every bootstrap in development mode; this demo prints its own lines.
  const log = console.log;
  console.log = (...args: unknown[]) => void (String(args[0]).startsWith('Angular is running') || log(...args));

  log(`Angular ${VERSION.full}, zoneless, rendered on the server by @angular/platform-server`);
  const server = await startDataServer();
  log(`data server on ${server.url}: ${Object.entries(PANELS).map(([name, p]) => `/api/${name} answers after ${p.latencyMs} ms`).join(', ')}\n`);
  try {
    // Warm-up: the first render compiles the component (JIT); keep that out of the timings.
    await render(server.url, false);

    const waited = await render(server.url, true);
    const waitedTracker = dashboardTracker!;
    log(`1. provideTaskTracker(): rendered in ${waited.ms.toFixed(0)} ms (the slowest load takes ${SLOWEST_MS} ms)`);
    log(pretty(waited.html));
    check('rendering waited for the slowest load', waited.ms >= SLOWEST_MS);
    check('the page shows all three values', Object.values(PANELS).every((panel) => waited.html.includes(panel.value)));
    check('the dashboard tracker counted 3 successes', waitedTracker.metrics().success() === 3);

    const servedBefore = server.served();
    const early = await render(server.url, false);
    const earlyTracker = dashboardTracker!;
    log(`\n2. provideTaskTracker({ pendingTasks: false }): rendered in ${early.ms.toFixed(0)} ms`);
    log(pretty(early.html));
    await earlyTracker.join(); // the aborted fetches have settled
    check('without pendingTasks, it rendered before the first load arrived', early.html.includes('loading…') && early.ms < SLOWEST_MS);
    check('destroying the application cancelled its 3 loads', earlyTracker.metrics().cancelled() === 3);
    await new Promise((resolve) => setTimeout(resolve, SLOWEST_MS + 50));
    check('the server answered none of them', server.served() === servedBefore);
  } finally {
    await server.stop();
    console.log = log;
  }
  console.log('');
  for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  const failed = checks.filter(([, ok]) => !ok).length;
  console.log(failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
