#!/usr/bin/env node
// `npm test`: type check, the specs in headless Chromium (Karma; the zone.js ones in a
// second run), the same specs under Node, a 20 s soak, then one summary line "N passed, N failed".
// Finds Chrome/Chromium (CHROME_BIN, chromium, google-chrome…); when there is none
// and apt-get can run, installs Debian's chromium.
'use strict';
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

function findChrome() {
  if (process.env.CHROME_BIN && fs.existsSync(process.env.CHROME_BIN)) return process.env.CHROME_BIN;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']) {
    const file = onPath(name);
    if (file) return file;
  }
  return undefined;
}

function ensureChrome() {
  let chrome = findChrome();
  if (chrome) return chrome;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (onPath('apt-get') && isRoot) {
    console.log('No Chrome or Chromium found: installing Debian\'s chromium with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
    if (install && install.status === 0) chrome = findChrome();
  }
  if (!chrome) {
    console.error('npm test needs Chrome or Chromium: install Debian\'s "chromium" package (apt-get install chromium) or set CHROME_BIN.');
    process.exit(1);
  }
  return chrome;
}

function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function step(title, command, args, env) {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`== ${title}: ${result.status === 0 ? 'ok' : `exit ${result.status ?? result.signal}`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.status === 0;
}

const chrome = ensureChrome();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-task-tracker-test-'));
const karmaSummary = path.join(scratch, 'karma.json');
const zoneSummary = path.join(scratch, 'karma-zone.json');
const nodeSummary = path.join(scratch, 'node.json');
let passed = 0;
let failed = 0;

if (!step('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) failed++;

const karmaOk = step('browser specs (Karma, headless Chromium)', bin('karma'), ['start', 'karma.conf.js', '--single-run'], {
  CHROME_BIN: chrome,
  KARMA_SUMMARY_FILE: karmaSummary,
});
// zone.js patches the page's globals: its specs get a Karma run (a bundle and a page) of their own.
const zoneOk = step('browser specs with zone.js (Karma, headless Chromium)', bin('karma'), ['start', 'karma.zone.conf.js', '--single-run'], {
  CHROME_BIN: chrome,
  KARMA_SUMMARY_FILE: zoneSummary,
});
const nodeOk = step('node specs (jasmine + tsx)', process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/node-specs.mts'], {
  NODE_SUMMARY_FILE: nodeSummary,
});

// The soak (issue 8): random operations against a tree of trackers for 20 s, checked after every step;
// it counts as one spec. SOAK_SECONDS=0 skips it.
const soakSeconds = process.env.SOAK_SECONDS ?? '20';
let soakOk;
if (soakSeconds !== '0') {
  soakOk = step(`soak (${soakSeconds} s)`, process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/soak.mts', '--seconds', soakSeconds]);
}

for (const [ok, file, name] of [[karmaOk, karmaSummary, 'browser'], [zoneOk, zoneSummary, 'browser (zone.js)'], [nodeOk, nodeSummary, 'node']]) {
  const summary = readSummary(file);
  if (!summary) {
    console.log(`${name}: no results (the run did not complete)`);
    failed++;
    continue;
  }
  console.log(`${name}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped${summary.errors ? `, ${summary.errors} load errors` : ''}`);
  passed += summary.passed;
  failed += summary.failed + summary.errors;
  if (!ok && summary.failed + summary.errors === 0) failed++;
}
if (soakOk !== undefined) {
  console.log(`soak: ${soakOk ? 'ok' : 'FAILED'}`);
  if (soakOk) passed++;
  else failed++;
}
fs.rmSync(scratch, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
