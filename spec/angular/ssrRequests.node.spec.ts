// Concurrent server renders (@angular/platform-server, zoneless, JIT, under Node): one pool of
// slots per request by default, and a development-mode warning when an instance given in a
// config is shared by the requests.
import '@angular/compiler';
import { Component, inject, InjectionToken, provideZonelessChangeDetection, signal, type Provider, type Type } from '@angular/core';
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { injectTaskTracker, provideChildTaskTracker, provideTaskTracker, type TaskTrackerConfig } from '../../lib/angular/index.js';
import { CircuitBreakerPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

const API = new InjectionToken<string>('the base URL of the data server');

/** The trackers of the pages being rendered, in the order their components were made. */
let pages: TaskTracker[] = [];
let pageMade: () => void = () => {};

/** Loads one value from the data server, which answers when the spec says so. */
@Component({ selector: 'app-root', template: '<p>{{ value() }}</p>' })
class PageComponent {
  readonly tracker = injectTaskTracker({ name: 'page' });
  readonly value = signal('loading');

  constructor() {
    pages.push(this.tracker);
    pageMade();
    const api = inject(API);
    this.tracker
      .spawnCancellable((token) => fetch(`${api}/value`, { signal: token.signal }).then((response) => response.text()))
      .then((value) => this.value.set(value), () => {});
  }
}

/** The same with a child tracker of its own, from a component's providers. */
@Component({
  selector: 'app-root',
  providers: [provideChildTaskTracker({ name: 'page', scheduler: SemaphoreScheduler.withPermits(1) })],
  template: '<p>{{ value() }}</p>',
})
class ChildPageComponent {
  readonly tracker = inject(TaskTracker);
  readonly value = signal('loading');

  constructor() {
    pages.push(this.tracker);
    pageMade();
    const api = inject(API);
    this.tracker
      .spawnCancellable((token) => fetch(`${api}/value`, { signal: token.signal }).then((response) => response.text()))
      .then((value) => this.value.set(value), () => {});
  }
}

describe('concurrent server renders (Angular platform-server, zoneless, under Node)', () => {
  let server: Server;
  let api: string;
  /** Requests the data server holds, in the order they arrived. */
  let held: ServerResponse[];
  let arrived: () => void;
  let warn: jasmine.Spy;

  beforeAll(async () => {
    server = createServer((_request: IncomingMessage, response: ServerResponse) => {
      held.push(response);
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
    held = [];
    arrived = () => {};
    pages = [];
    pageMade = () => {};
    spyOn(console, 'log'); // "Angular is running in development mode."
    warn = spyOn(console, 'warn');
  });

  /** Resolves once `n` requests have reached the data server. */
  function requestsArrived(n: number): Promise<void> {
    return new Promise((resolve) => {
      arrived = () => held.length >= n && resolve();
      arrived();
    });
  }

  /** Resolves once `n` pages have made their component (and so spawned their load). */
  function pagesMade(n: number): Promise<void> {
    return new Promise((resolve) => {
      pageMade = () => pages.length >= n && resolve();
      pageMade();
    });
  }

  function answer(response: ServerResponse, value: string): void {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(value);
  }

  function render(root: Type<unknown>, config: TaskTrackerConfig, providers: Provider[] = []): Promise<string> {
    return renderApplication(
      (context: BootstrapContext) =>
        bootstrapApplication(
          root,
          { providers: [provideZonelessChangeDetection(), provideServerRendering(), provideTaskTracker(config), { provide: API, useValue: api }, ...providers] },
          context,
        ),
      { document: '<!doctype html><html><head><title>page</title></head><body><app-root></app-root></body></html>', url: '/' },
    );
  }

  it('a scheduler factory (and the default) gives each request its own pool: two 1-slot renders load side by side, silently', async () => {
    for (const config of [{ scheduler: () => SemaphoreScheduler.withPermits(1) }, {}] satisfies TaskTrackerConfig[]) {
      held = [];
      const renders = [render(PageComponent, config), render(PageComponent, config)];
      await requestsArrived(2); // with one shared slot, the second would wait for the first
      held.forEach((response, i) => answer(response, `value ${i}`));
      const html = await Promise.all(renders);
      expect(html.map((page) => /<p>(.*?)<\/p>/.exec(page)![1]).sort()).toEqual(['value 0', 'value 1']);
    }
    expect(warn).not.toHaveBeenCalled();
  });

  it('an instance is shared by the requests, and says so once in development mode; a factory returning it shares it silently', async () => {
    const shared = SemaphoreScheduler.withPermits(1);
    for (const config of [{ scheduler: shared }, { scheduler: () => shared }] satisfies TaskTrackerConfig[]) {
      pages = [];
      held = [];
      const renders = [render(PageComponent, config), render(PageComponent, config), render(PageComponent, config)];
      await pagesMade(3);
      await requestsArrived(1);
      // One slot for the three requests: one load runs, two wait for it.
      expect(pages.map((tracker) => tracker.metrics().active()).reduce((a, b) => a + b)).toBe(1);
      expect(pages.map((tracker) => tracker.metrics().queued()).reduce((a, b) => a + b)).toBe(2);
      expect(held.length).toBe(1);
      for (let i = 0; i < 3; i++) {
        await requestsArrived(i + 1);
        answer(held[i], 'ok');
      }
      for (const page of await Promise.all(renders)) expect(page).toContain('<p>ok</p>');
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.calls.argsFor(0)[0]).toMatch(
      /^rx-task-tracker\/angular: the instance given to provideTaskTracker\(\{ scheduler \}\) is used by a second application on this server, so every request rendered here shares it .*pass a factory: \(\) => SemaphoreScheduler\.withPermits\(6\).*\(\) => shared\. \(Shown in development mode only\.\)$/,
    );
  });

  it("warns for an error policy instance, and for an instance in a component's provideChildTaskTracker", async () => {
    const policy = new CircuitBreakerPolicy({ failureThreshold: 3, halfOpenAfter: 1000 });
    const renders = [render(ChildPageComponent, { errorPolicy: policy }), render(ChildPageComponent, { errorPolicy: policy })];
    await requestsArrived(1); // the component's one slot is shared too
    answer(held[0], 'ok');
    await requestsArrived(2);
    answer(held[1], 'ok');
    await Promise.all(renders);
    expect(warn.calls.allArgs().map(([message]) => /given to (\S+)/.exec(message as string)![1]).sort()).toEqual([
      'provideChildTaskTracker({',
      'provideTaskTracker({',
    ]);
    expect(warn.calls.allArgs().map(([message]) => /\{ (\w+) \}/.exec(message as string)![1]).sort()).toEqual(['errorPolicy', 'scheduler']);
  });
});
