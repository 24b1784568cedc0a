// Takes docs/devtools.png: `npm run demo:browser` in the machine's Chromium
// (playwright-core, no browser download), a run under way, one group cancelled.
//   npx tsx demos/devtools/screenshot.ts [out.png]
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs/devtools.png';
  const demo = spawn(process.execPath, ['--import', 'tsx', 'demos/browser/serve.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let text = '';
    demo.stdout.on('data', (chunk: Buffer) => {
      text += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (match) resolve(match[1]);
    });
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.locator('#log li').first().waitFor(); // run 1 done
    await page.click('#load');
    await page.waitForTimeout(1200);
    await page.click('#navigate');
    await page.waitForTimeout(600);
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    demo.kill('SIGINT');
  }
}

void main();
