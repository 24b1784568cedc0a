#!/usr/bin/env node
// `npm test`, the full run that CI calls: type check, the import rules of lib/, the specs in headless
// Chromium (Karma; the zone.js ones in a second run), the same specs under Node, a
// 20 s soak, then one summary line "N passed, N failed". `npm run test:unit`
// (--unit), the inner loop: the unit specs only, Chromium and Node side by side, no
// type check, no soak.
// First finds Chrome/Chromium and redis-server, installing Debian's packages when
// they are missing and it runs as root (./testTools.js).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureTools } = require('./testTools.js');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const unit = process.argv.includes('--unit');
/**
 * The folders of spec/ that the unit tier leaves out: they build the package, start
 * other programs or check the project from the outside (the package as published,
 * docs and README examples, benches and bundle budgets, the demos end to end, a
 * real redis-server, what nothing may outlive, these scripts). Every other folder
 * mirrors one of lib/ and holds unit specs, which run in the test process alone.
 */
const FULL_RUN_FOLDERS = ['bench', 'demos', 'docs', 'package', 'redis', 'reliability', 'scripts'];

function readSummary(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs one step; `buffered` prints its output when it ends (steps run side by side). */
function step(title, command, args, env, { buffered = false } = {}) {
  if (!buffered) console.log(`\n== ${title}`);
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
  let output = '';
  if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      if (buffered) process.stdout.write(`\n== ${title}\n${output}`);
      console.log(`== ${title}: ${code === 0 ? 'ok' : `exit ${code ?? signal}`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      resolve(code === 0);
    });
  });
}

async function main() {
  // The unit specs start no redis-server.
  const tools = ensureTools({ only: unit ? ['chrome'] : undefined });
  if (tools.error) {
    console.error(tools.error);
    return 1;
  }
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-task-tracker-test-'));
  const karmaSummary = path.join(scratch, 'karma.json');
  const zoneSummary = path.join(scratch, 'karma-zone.json');
  const nodeSummary = path.join(scratch, 'node.json');
  let passed = 0;
  let failed = 0;

  if (!unit && !(await step('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']))) failed++;
  // lib/'s layers and import cycles (dependency-cruiser; the rules are in .dependency-cruiser.cjs, drawn in
  // docs/architecture.md): once with type-only imports seen, once as compiled (the exact runtime-cycle check).
  if (!unit) {
    for (const config of ['.dependency-cruiser.cjs', '.dependency-cruiser.runtime.cjs']) {
      if (!(await step(`imports of lib/ (depcruise, ${config})`, bin('depcruise'), ['lib', '--config', config, '--output-type', 'err']))) failed++;
    }
  }

  const browser = async () => [
    await step('browser specs (Karma, headless Chromium)', bin('karma'), ['start', 'karma.conf.js', '--single-run'], {
      CHROME_BIN: tools.chrome,
      KARMA_SUMMARY_FILE: karmaSummary,
      ...(unit ? { KARMA_SKIP_FOLDERS: FULL_RUN_FOLDERS.join(',') } : {}),
    }, { buffered: unit }),
    // zone.js patches the page's globals: its specs get a Karma run (a bundle and a page) of their own.
    await step('browser specs with zone.js (Karma, headless Chromium)', bin('karma'), ['start', 'karma.zone.conf.js', '--single-run'], {
      CHROME_BIN: tools.chrome,
      KARMA_SUMMARY_FILE: zoneSummary,
    }, { buffered: unit }),
  ];
  const node = () =>
    step(`node specs (jasmine + tsx)`, process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/node-specs.mts', ...(unit ? FULL_RUN_FOLDERS.map((folder) => `!${folder}/**`) : [])], {
      NODE_SUMMARY_FILE: nodeSummary,
    }, { buffered: unit });
  const [[karmaOk, zoneOk], nodeOk] = unit ? await Promise.all([browser(), node()]) : [await browser(), await node()];

  // The soak: random operations against a tree of trackers for 20 s, checked after every step;
  // it counts as one spec. SOAK_SECONDS=0 skips it.
  const soakSeconds = unit ? '0' : (process.env.SOAK_SECONDS ?? '20');
  let soakOk;
  if (soakSeconds !== '0') {
    soakOk = await step(`soak (${soakSeconds} s)`, process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/soak.mts', '--seconds', soakSeconds]);
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
  console.log(`\n${passed} passed, ${failed} failed${unit ? ` (unit specs, ${((Date.now() - started) / 1000).toFixed(1)} s)` : ''}`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
