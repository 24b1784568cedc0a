#!/usr/bin/env node
// ESM + CJS + .d.ts builds of lib/ into dist/, with a package.json in each half
// telling Node which module kind its .js files are. `node scripts/build.js DIR`
// builds into DIR instead (scripts/packageBuild.ts, for the specs, the size and
// API reports); `--esm` builds dist/esm alone (what the size budgets and the API
// reports read).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const args = process.argv.slice(2);
const esmOnly = args.includes('--esm');
const target = args.find((arg) => !arg.startsWith('--'));
const dist = path.resolve(target ?? path.join(root, 'dist'));
fs.rmSync(dist, { recursive: true, force: true });
// The two builds side by side: tsc uses one core each.
const tscBuild = (config, out) =>
  new Promise((resolve) => {
    spawn(tsc, ['-p', config, '--outDir', path.join(dist, out)], { cwd: root, stdio: 'inherit' }).on('exit', (code) => resolve(code === 0));
  });
const builds = [tscBuild('tsconfig.build.json', 'esm')];
if (!esmOnly) builds.push(tscBuild('tsconfig.build.cjs.json', 'cjs'));
Promise.all(builds).then((ok) => {
  if (!ok.every(Boolean)) {
    console.error('build failed (tsc errors above)');
    process.exit(1);
  }
  // Bundlers read `sideEffects` from the nearest package.json, which is this one, not
  // the package's: without it here an app that imports one class ships every module.
  fs.writeFileSync(path.join(dist, 'esm/package.json'), '{ "type": "module", "sideEffects": false }\n');
  if (esmOnly) {
    console.log(`built ${path.relative(root, dist) || dist}/esm`);
    return;
  }
  fs.writeFileSync(path.join(dist, 'cjs/package.json'), '{ "type": "commonjs", "sideEffects": false }\n');
  // The page that rx-task-tracker/devtools/server serves: one browser bundle, rxjs included.
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'lib/devtools/page/panel.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    outfile: path.join(dist, 'devtools/panel.js'),
  });
  console.log(`built ${path.relative(root, dist) || dist}/esm, cjs and devtools/panel.js`);
});
