// The package as `npm pack` would ship it, built into a folder of its own: the
// size budgets, the API reports and the packaging specs measure and check this,
// never the worktree's dist/.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageJson, root } from './entryPoints.js';

/**
 * Writes into `dir` the package.json, what `files` lists (lib/, the README, the
 * CHANGELOG) and dist/ as scripts/build.js builds it, and a `node_modules` link to
 * the worktree's, so that its code and declarations find rxjs and the optional
 * peers as an installed package would. `esmOnly` builds dist/esm alone (what the
 * size budgets and the API reports read).
 */
export async function buildPackageInto(dir: string, { esmOnly = false } = {}): Promise<void> {
  for (const file of packageJson().files as string[]) {
    if (file !== 'dist' && existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
  }
  cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  const args = [path.join(root, 'scripts/build.js'), path.join(dir, 'dist'), ...(esmOnly ? ['--esm'] : [])];
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root }, (error, _stdout, stderr) => (error ? reject(new Error(`scripts/build.js failed: ${stderr}`)) : resolve()));
  });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Builds the package into a temporary folder (see {@link buildPackageInto}), runs `use` with it, then removes it. */
export async function withBuiltPackage<T>(use: (packageDir: string) => Promise<T>, options?: { esmOnly?: boolean }): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rx-task-tracker-build-'));
  try {
    await buildPackageInto(dir, options);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
