#!/usr/bin/env node
// ESM + CJS + .d.ts builds of lib/ into dist/, with a package.json in each half
// telling Node which module kind its .js files are.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
execFileSync(tsc, ['-p', 'tsconfig.build.cjs.json'], { cwd: root, stdio: 'inherit' });
fs.writeFileSync(path.join(root, 'dist/esm/package.json'), '{ "type": "module" }\n');
fs.writeFileSync(path.join(root, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n');
// The page that rx-task-tracker/devtools/server serves: one browser bundle, rxjs included.
require('esbuild').buildSync({
  entryPoints: [path.join(root, 'lib/devtools/page/panel.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile: path.join(root, 'dist/devtools/panel.js'),
});
console.log('built dist/esm, dist/cjs and dist/devtools/panel.js');
