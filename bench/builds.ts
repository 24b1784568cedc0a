// The builds the benchmarks load: this worktree's dist/esm (rebuilt when older than
// its sources), and a git ref's package, built once by that commit's own build
// script and cached by commit hash under bench/results/baseline/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Progress } from './rounds.js';

const root = path.resolve(path.dirname(__filename), '..');
const results = path.join(root, 'bench', 'results');

/** This worktree's published ESM build, as `npm run build` writes it. */
export const worktreeEsm = path.join(root, 'dist', 'esm');

/** What this worktree's build is made of: lib/ and the build's own scripts and configs. */
const SOURCES = ['lib', 'scripts/build.js', 'scripts/mangleProps.js', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.build.cjs.json', 'package.json'];

/** A built package: the dist/esm folder to import, and where it came from. */
export interface Build {
  /** What was asked for: a git ref, or a folder given as it is. */
  readonly ref: string;
  /** The full commit hash, or `undefined` for a folder given as it is. */
  readonly commit: string | undefined;
  /** The ESM build (dist/esm) to import. */
  readonly esm: string;
}

/**
 * This worktree's published build, dist/esm. It is rebuilt first with
 * `node scripts/build.js` (what `npm run build` runs; output to stderr) when it is
 * missing or any of its sources changed since it was built: benchmarking a stale
 * dist/ would measure yesterday's code.
 */
export function currentBuild(progress: Progress = () => {}): string {
  const esm = worktreeEsm;
  // scripts/build.js writes it once tsc succeeded, before renaming the internal members.
  const stamp = path.join(esm, 'package.json');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : -Infinity;
  const changed = SOURCES.find((source) => newestChange(path.join(root, source)) > builtAt);
  if (changed !== undefined) {
    progress(`dist/ ${builtAt === -Infinity ? 'is missing' : `is older than ${changed}`}: building it (node scripts/build.js)`);
    execFileSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: ['ignore', 2, 2] });
  }
  return esm;
}

/** The latest modification time under `file` (a file or a folder), or -Infinity if it does not exist. */
function newestChange(file: string): number {
  if (!existsSync(file)) return -Infinity;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((name) => newestChange(path.join(file, name))));
}

/**
 * The package of git `ref` (a branch, a tag, a commit), built as that commit
 * builds itself: its tree is extracted with `git archive` into
 * bench/results/baseline/<commit>/, linked to this worktree's node_modules (so it
 * compiles with our TypeScript and runs on our rxjs), and built by its own
 * `scripts/build.js` (or `npm run build` if it has none). The folder is reused for
 * as long as the commit is the same.
 *
 * @throws Error if `ref` names no commit, or the build fails.
 */
export function baselineBuild(ref: string, progress: Progress = () => {}): Build {
  const commit = resolveCommit(ref);
  const dir = path.join(results, 'baseline', commit);
  const esm = path.join(dir, 'dist', 'esm');
  const done = path.join(dir, 'bench-baseline.json');
  if (!existsSync(done)) {
    progress(`${ref} (${commit.slice(0, 7)}): not built yet, building it into ${path.relative(root, dir)} (git archive, then its own build)`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', commit], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const [command, args] = existsSync(path.join(dir, 'scripts', 'build.js')) ? [process.execPath, ['scripts/build.js']] : ['npm', ['run', 'build']];
    execFileSync(command, args, { cwd: dir, stdio: ['ignore', 2, 2] });
    if (!existsSync(path.join(esm, 'index.js'))) throw new Error(`baseline ${ref}: its build wrote no ${path.relative(root, esm)}/index.js`);
    writeFileSync(done, JSON.stringify({ ref, commit, built: new Date().toISOString(), node: process.version }, null, 2) + '\n');
  } else {
    progress(`${ref} (${commit.slice(0, 7)}): built before, in ${path.relative(root, dir)}`);
  }
  return { ref, commit, esm };
}

/** The full hash of the commit `ref` names. @throws Error if it names none. */
export function resolveCommit(ref: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`--baseline: "${ref}" names no commit of this repository (a branch, a tag or a commit hash)`);
  }
}

/**
 * A copy of the build in `esm` in a fresh folder under bench/results/ (removed
 * when the process exits): the same code as separate module instances, to run
 * beside the original as an A/A control. Under bench/results/, it finds our rxjs.
 */
export function controlCopy(esm: string): string {
  mkdirSync(results, { recursive: true });
  const dir = mkdtempSync(path.join(results, 'control-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, 'esm');
  cpSync(esm, copy, { recursive: true, filter: (file) => !file.endsWith('.map') && !file.endsWith('.d.ts') });
  return copy;
}
