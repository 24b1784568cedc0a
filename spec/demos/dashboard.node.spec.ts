// End to end: `npm run demo -- --dashboard` in a child process, its panel page in
// the machine's Chromium driven by playwright-core (no browser download: the
// executable scripts/test.js found, as Karma uses it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { Subject } from 'rxjs';
import { devtoolsHandler } from '../../lib/devtools/server/index.js';
import { panelBundle } from '../../demos/devtools/bundle.js';
import { semaphoreTracker } from '../helpers/trackers.js';

const TIMEOUT_MS = 60_000;
/** Git-ignored: where the spec leaves its screenshot. */
const ARTIFACTS = path.resolve('.artifacts');

function chromiumPath(): string {
  for (const candidate of [process.env.CHROME_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate !== undefined && existsSync(candidate)) return candidate;
  }
  throw new Error('no Chromium: set CHROME_BIN or apt-get install chromium');
}

const DASHBOARD = ['demos/data-loading.ts', '--fast', '--dashboard', '--allow-cancel', '--every', '600'];

/** Starts a demo; resolves with the process and a way to wait for output lines. */
function startDemo(args: readonly string[]): { child: ChildProcess; output: () => string; waitFor: (pattern: RegExp) => Promise<RegExpMatchArray> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  const waiting: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const wake of waiting.splice(0)) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match !== null) resolve(match);
        else if (child.exitCode !== null) reject(new Error(`the demo exited (${child.exitCode}) before ${pattern}:\n${output}`));
        else waiting.push(check);
      };
      check();
    });
  return { child, output: () => output, waitFor };
}

describe('devtools dashboard (end to end, Chromium)', () => {
  let demo: ReturnType<typeof startDemo> | undefined;
  let browser: Browser | undefined;

  afterEach(async () => {
    await browser?.close();
    if (demo !== undefined && demo.child.exitCode === null) {
      const exited = new Promise((resolve) => demo!.child.once('exit', resolve));
      demo.child.kill('SIGINT');
      await exited;
    }
  });

  it(
    'shows the server tracker’s totals, and its cancel button cancels the server’s tracker',
    async () => {
      demo = startDemo(DASHBOARD);
      const [, url] = await demo.waitFor(/Devtools: (http:\/\/127\.0\.0\.1:\d+\/devtools)/);
      const [, issued, success, failed, cancelled] = await demo.waitFor(
        /run 1 done; demo issued=(\d+) success=(\d+) failed=(\d+) cancelled=(\d+) rejected=0 pending=0/,
      );
      browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
      await page.goto(url);
      const metric = (name: string) => page.locator(`tr[data-path="demo"] [data-metric="${name}"]`);
      await expectText(metric('issued'), issued);
      expect(await metric('success').textContent()).toBe(success);
      expect(await metric('failed').textContent()).toBe(failed);
      expect(await metric('cancelled').textContent()).toBe(cancelled);
      expect(await metric('pending').textContent()).toBe('0');

      await page.locator('tr[data-path="demo"] button[data-action="cancel"]').click();
      await demo.waitFor(/dashboard: demo cancelled \(cancelled from the devtools\)/);
      await page.locator('tr[data-path="demo"] [data-state="cancelled"]').waitFor({ timeout: 15_000 });
      expect(await page.locator('tr[data-path="demo"] button[data-action="cancel"]').count()).toBe(0);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('.rxtt').screenshot({ path: path.join(ARTIFACTS, 'devtools-dashboard.png') });
      expect(demo.output()).not.toMatch(/Error/);
    },
    TIMEOUT_MS,
  );

  it(
    'follows a server tracker through <task-tracker-devtools source>, without cancel buttons unless allowCancel',
    async () => {
      const root = semaphoreTracker(2);
      const images = root.childTrackerBuilder().name('images').build();
      images.spawn(new Subject<never>());
      const handler = devtoolsHandler(root, { basePath: '/devtools', panelScript: await panelBundle(), intervalMs: 50 });
      const server = createServer((req, res) => handler(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/devtools`);
        await expectText(page.locator('tr[data-path="root/images"] [data-metric="active"]'), '1');
        await root.spawn(() => Promise.reject(new Error('<img src=x onerror=alert(1)>'))).catch(() => {});
        await page.locator('.rxtt-failures li', { hasText: '<img src=x onerror=alert(1)>' }).waitFor({ timeout: 15_000 });
        expect(await page.locator('.rxtt img').count()).toBe(0);
        expect(await page.locator('button[data-action="cancel"]').count()).toBe(0);
      } finally {
        root.cancel();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    TIMEOUT_MS,
  );

  it(
    'npm run demo:browser runs the pipeline in the page, the panel beside it; "navigate away" cancels one group',
    async () => {
      demo = startDemo(['demos/browser/serve.ts', '--fast']);
      const [, url] = await demo.waitFor(/in the browser: (http:\/\/127\.0\.0\.1:\d+\/)/);
      browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      const line = await page.locator('#log li', { hasText: 'page/run-1:' }).textContent({ timeout: 15_000 });
      const [, loaded, failed] = /(\d+) loaded, (\d+) failed, 0 cancelled/.exec(line!)!;
      const run1 = (name: string) => page.locator(`tr[data-path="page/run-1"] [data-metric="${name}"]`);
      await expectText(run1('success'), loaded);
      expect(await run1('failed').textContent()).toBe(failed);
      expect(await run1('issued').textContent()).toBe('160');

      await page.evaluate(() => {
        document.getElementById('load')!.click();
        document.getElementById('navigate')!.click();
      });
      await page.locator('#log li', { hasText: 'page/run-2:' }).waitFor({ timeout: 15_000 });
      await expectText(page.locator('tr[data-path="page/run-2/images"] [data-metric="cancelled"]'), '60');
      expect(await page.locator('tr[data-path="page/run-2/images"] [data-state]').getAttribute('data-state')).toBe('cancelled');
      expect(await page.locator('tr[data-path="page/run-2/users"] [data-metric="cancelled"]').textContent()).toBe('0');
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );
});

/** Waits (up to 15 s) until `locator`'s text is `expected`, then checks it. */
async function expectText(locator: import('playwright-core').Locator, expected: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout: 15_000 });
  expect(await locator.textContent()).toBe(expected);
}
