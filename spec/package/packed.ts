// The package as users get it, made once per Node spec run and shared by the specs
// that need it: built into a temporary folder (the size budgets, the API reports,
// the built code), packed by `npm pack` (the tarball's contents, publint, attw),
// then installed from the tarball into a consumer project (type-checked and run by
// consumer.node.spec.ts). The worktree's dist/ is left alone. The folders go when
// the process exits.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { root } from '../../scripts/entryPoints.js';
import { buildPackageInto } from '../../scripts/packageBuild.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A temporary folder, removed when the process exits. */
function scratch(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let built: Promise<string> | undefined;

/** The folder of the built package (scripts/packageBuild.ts: what `files` lists, dist/, a node_modules link). */
export function builtPackage(): Promise<string> {
  return (built ??= (async () => {
    const dir = scratch('rx-task-tracker-pack-');
    await buildPackageInto(dir);
    return dir;
  })());
}

/** What `npm pack` made of {@link builtPackage}. */
export interface Packed {
  /** The built package's folder. */
  readonly dir: string;
  /** The tarball's full path. */
  readonly tarball: string;
  /** The tarball's files, relative to the package root (`dist/esm/index.js`). */
  readonly files: ReadonlySet<string>;
}

let packed: Promise<Packed> | undefined;

/** {@link builtPackage}, packed by `npm pack` (its lifecycle scripts skipped: the package is built already). */
export function packedPackage(): Promise<Packed> {
  return (packed ??= (async () => {
    const dir = await builtPackage();
    const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, env: npmEnv() });
    const [report] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    return { dir, tarball: path.join(dir, report.filename), files: new Set(report.files.map((file) => file.path)) };
  })());
}

/**
 * What the consumer project installs next to the tarball, at the versions of our
 * lockfile (so `npm ci` has cached them): the peers, the optional peers, the
 * compiler and the types a TypeScript user has, and what the README's examples
 * import (Angular's common module, rxjs-marbles, Jasmine's types).
 */
export const CONSUMER_DEPENDENCIES = ['rxjs', 'typescript', '@types/node', '@angular/core', '@angular/common', 'ioredis', 'prom-client', 'rxjs-marbles', '@types/jasmine'];

let installed: Promise<string> | undefined;

/**
 * A consumer project with the tarball installed by npm, with
 * {@link CONSUMER_DEPENDENCIES}, and the three projects of ./fixtures in it
 * (`esm`, `cjs`, `bundler`), which find the packages in its node_modules.
 * Returns its folder.
 */
export function installedPackage(): Promise<string> {
  return (installed ??= (async () => {
    const { tarball } = await packedPackage();
    const dir = scratch('rx-task-tracker-consumer-');
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const dependencies: Record<string, string> = { 'rx-task-tracker': `file:${tarball}` };
    for (const name of CONSUMER_DEPENDENCIES) dependencies[name] = lock.packages[`node_modules/${name}`].version;
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, dependencies }, null, 2)}\n`);
    cpSync(path.join(import.meta.dirname ?? __dirname, 'fixtures'), dir, { recursive: true });
    // --prefer-offline: what `npm ci` cached is used without asking the registry again.
    const args = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel', 'error'];
    await run(npm, args, { cwd: dir, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`npm install in the consumer project failed: ${error.stderr || error.message}`);
    });
    return dir;
  })());
}

/**
 * The environment for npm run from a spec: `npm test` exports the worktree's
 * prefix and the package's fields (`npm_config_local_prefix`, `npm_package_*`),
 * which would point a nested npm back at the worktree. The cache, registry and
 * config files stay.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_globalconfig']);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || kept.has(key.toLowerCase())));
}
