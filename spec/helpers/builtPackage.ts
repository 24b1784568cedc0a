// The package as `npm publish` would ship it, built once per Node spec run (about
// 20 s) into a temporary folder and shared by the specs that need it: packaging
// (package.node.spec.ts), the size budgets and the built code itself (spec/dist/).
// The worktree's dist/ is left alone. The folder goes when the process exits.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageJson, root } from '../../scripts/entryPoints.js';

let built: Promise<string> | undefined;

/**
 * The folder of the built package: package.json, the README, lib/ and dist/ (what
 * `files` lists), and a `node_modules` link to the worktree's, so that its code
 * finds rxjs and the optional peers as an installed package would.
 */
export function builtPackage(): Promise<string> {
  return (built ??= build());
}

async function build(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rx-task-tracker-pack-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const file of packageJson().files as string[]) {
    if (file !== 'dist' && existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(dir, file), { recursive: true });
  }
  cpSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(root, 'scripts/build.js'), path.join(dir, 'dist')], { cwd: root }, (error, _stdout, stderr) =>
      error ? reject(new Error(`scripts/build.js failed: ${stderr}`)) : resolve(),
    );
  });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
