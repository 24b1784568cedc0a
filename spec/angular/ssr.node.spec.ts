// Server-side rendering with real Angular (@angular/platform-server, zoneless, JIT) under Node:
// rendering waits for the tracker's loads, through the PendingTasks entry provideTaskTracker holds.
import '@angular/compiler';
import { Component, inject, InjectionToken, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectTaskTracker, injectTrackerMetrics, provideTaskTracker, type TaskTrackerConfig } from '../../lib/angular/index.js';
import type { TaskTracker } from '../../lib/index.js';

const API = new InjectionToken<string>('the base URL of the data server');
const RESOURCES = ['users', 'orders', 'stock'] as const;
type Resource = (typeof RESOURCES)[number];

/** The tracker of the dashboard rendered last, to look at after the render. */
let lastTracker: TaskTracker | undefined;

@Component({
  selector: 'app-root',
  template: `<ul>
    @for (name of names; track name) {
      <li>{{ name }}: {{ loaded()[name] ?? 'loading' }}</li>
    }
  </ul>
  <p>{{ m().success }} of {{ m().issued }} loaded</p>`,
})
class DashboardComponent {
  readonly names = RESOURCES;
  readonly loaded = signal<Partial<Record<Resource, string>>>({});
  private readonly tracker = injectTaskTracker({ name: 'dashboard' });
  readonly m = injectTrackerMetrics(this.tracker);

  constructor() {
    lastTracker = this.tracker;
    const api = inject(API);
    for (const name of this.names) {
      // Plain fetch, not HttpClient: HttpClient holds its own PendingTasks entry, and the
      // control below must show that it is the tracker that makes rendering wait.
      this.tracker
        .spawnCancellable((token) => fetch(`${api}/${name}`, { signal: token.signal }).then((response) => response.json() as Promise<{ value: string }>))
        .then(
          ({ value }) => this.loaded.update((loaded) => ({ ...loaded, [name]: value })),
          () => {}, // cancelled when the application is destroyed
        );
    }
  }
}

function render(api: string, config: TaskTrackerConfig): Promise<string> {
  return renderApplication(
    (context: BootstrapContext) =>
      bootstrapApplication(
        DashboardComponent,
        { providers: [provideZonelessChangeDetection(), provideServerRendering(), provideTaskTracker(config), { provide: API, useValue: api }] },
        context,
      ),
    { document: '<!doctype html><html><head><title>dashboard</title></head><body><app-root></app-root></body></html>', url: '/' },
  );
}

describe('server-side rendering (Angular platform-server, zoneless, under Node)', () => {
  let server: Server;
  let api: string;
  let answered: string[];
  // The data server answers only when a spec says so: no race between a render and a timer.
  let held: Map<Resource, ServerResponse[]>;
  let autoAnswer: boolean;
  let arrived: () => void;

  function answer(name: Resource, response: ServerResponse): void {
    answered.push(name);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: `${name} ok` }));
  }

  function release(): void {
    for (const [name, responses] of held) for (const response of responses.splice(0)) answer(name, response);
  }

  function heldCount(): number {
    let count = 0;
    for (const responses of held.values()) count += responses.length;
    return count;
  }

  /** Resolves once the number of requests held (arrived, neither answered nor aborted) is `test`-ed true. */
  function whenHeld(test: (count: number) => boolean): Promise<void> {
    return new Promise((resolve) => {
      arrived = () => {
        if (test(heldCount())) resolve();
      };
      arrived();
    });
  }

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const name = request.url!.slice(1) as Resource;
      if (autoAnswer) return answer(name, response);
      const responses = held.get(name) ?? [];
      held.set(name, responses);
      responses.push(response);
      // Aborted: never answered.
      response.on('close', () => {
        const at = responses.indexOf(response);
        if (at >= 0) responses.splice(at, 1);
        arrived();
      });
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    answered = [];
    held = new Map();
    autoAnswer = false;
    arrived = () => {};
    lastTracker = undefined;
    spyOn(console, 'log'); // "Angular is running in development mode."
  });

  it('serializes the page only after the three loads have arrived', async () => {
    let rendered = false;
    const rendering = render(api, {}).then((html) => {
      rendered = true;
      return html;
    });
    await whenHeld((count) => count === 3);
    // Every request is in and held: the render waits for them, however long they take.
    await new Promise((resolve) => setImmediate(resolve));
    expect(rendered).toBeFalse();
    release();
    const html = await rendering;
    expect(html).toContain('<li>users: users ok</li>');
    expect(html).toContain('<li>orders: orders ok</li>');
    expect(html).toContain('<li>stock: stock ok</li>');
    expect(html).toContain('<p>3 of 3 loaded</p>');
    expect(answered.sort()).toEqual(['orders', 'stock', 'users']);
    expect(lastTracker!.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, success: 3 }));
  });

  it('control: with pendingTasks: false it renders before they arrive, and the application going away cancels them', async () => {
    const html = await render(api, { pendingTasks: false });
    expect(html).toContain('<li>users: loading</li>');
    expect(html).toContain('<li>orders: loading</li>');
    expect(html).toContain('<li>stock: loading</li>');
    expect(html).toContain('<p>0 of 3 loaded</p>');
    // renderApplication destroyed the application: its root tracker was cancelled, the fetches aborted.
    const tracker = lastTracker!;
    expect(tracker.isClosed()).toBeTrue();
    await tracker.join(); // the aborted fetches have settled
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, success: 0, cancelled: 3 }));
    // Nothing can be answered later either: each request was aborted, on the wire or before it got there.
    await whenHeld((count) => count === 0);
    release();
    expect(answered).toEqual([]);
  });

  it('renders requests side by side, each application with its own root tracker and slots', async () => {
    autoAnswer = true;
    const pages = await Promise.all([render(api, { scheduler: undefined }), render(api, {})]);
    for (const html of pages) expect(html).toContain('<p>3 of 3 loaded</p>');
    expect(answered.length).toBe(6);
  });
});
