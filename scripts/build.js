#!/usr/bin/env node
// ESM + CJS + .d.ts builds of lib/ into dist/, with a package.json in each half
// telling Node which module kind its .js files are. `node scripts/build.js DIR`
// builds into DIR instead (the packaging spec builds into a temporary folder).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
fs.rmSync(dist, { recursive: true, force: true });
// The two builds side by side: tsc uses one core each.
const tscBuild = (config, out) =>
  new Promise((resolve) => {
    spawn(tsc, ['-p', config, '--outDir', path.join(dist, out)], { cwd: root, stdio: 'inherit' }).on('exit', (code) => resolve(code === 0));
  });
Promise.all([tscBuild('tsconfig.build.json', 'esm'), tscBuild('tsconfig.build.cjs.json', 'cjs')]).then((ok) => {
  if (!ok.every(Boolean)) {
    console.error('build failed (tsc errors above)');
    process.exit(1);
  }
  fs.writeFileSync(path.join(dist, 'esm/package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(path.join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
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
