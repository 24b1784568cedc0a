// `npm run test:angular-versions [-- 21.2.26 20.3.35]`: the browser specs (zoneless and
// zone.js) and the Angular Node specs (SSR) against other Angular versions than the
// devDependency's, each in a temporary copy of lib/ and spec/ whose node_modules links
// to ours but holds that version's @angular packages (fetched with `npm pack`). Not part
// of `npm test`: it downloads the packages and takes a few minutes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const PACKAGES = ['core', 'common', 'compiler', 'platform-browser', 'platform-server'];
const COPIED = ['lib', 'spec', 'demos', 'scripts', 'karma.conf.js', 'karma.zone.conf.js', 'tsconfig.json', 'package.json'];
const versions = process.argv.length > 2 ? process.argv.slice(2) : ['21.2.26', '20.3.35'];
const chrome = process.env.CHROME_BIN ?? 'chromium';

function run(title: string, cwd: string, command: string, args: string[]): boolean {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, CHROME_BIN: chrome } });
  return result.status === 0;
}

/** A copy of the project with `version`'s @angular packages, everything else linked to ours. */
function prepare(version: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `rx-task-tracker-angular-${version}-`));
  for (const entry of COPIED) cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@angular'), { recursive: true });
  for (const entry of readdirSync(path.join(root, 'node_modules'))) {
    if (entry !== '@angular') symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
  }
  const packs = path.join(dir, 'packs');
  mkdirSync(packs);
  for (const name of PACKAGES) {
    const packed = spawnSync('npm', ['pack', '--silent', `@angular/${name}@${version}`, '--pack-destination', packs], { encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack @angular/${name}@${version} failed: ${packed.stderr}`);
    const target = path.join(modules, '@angular', name);
    mkdirSync(target);
    const untar = spawnSync('tar', ['-xzf', path.join(packs, packed.stdout.trim()), '-C', target, '--strip-components=1']);
    if (untar.status !== 0) throw new Error(`could not unpack @angular/${name}@${version}`);
  }
  return dir;
}

const karma = path.join(root, 'node_modules', 'karma', 'bin', 'karma');
const results: string[] = [];
for (const version of versions) {
  const dir = prepare(version);
  try {
    const outcomes = [
      run(`Angular ${version}: browser specs, zoneless`, dir, process.execPath, [karma, 'start', 'karma.conf.js', '--single-run']),
      run(`Angular ${version}: browser specs, zone.js`, dir, process.execPath, [karma, 'start', 'karma.zone.conf.js', '--single-run']),
      run(`Angular ${version}: Angular node specs (SSR)`, dir, process.execPath, ['--import', 'tsx', 'scripts/node-specs.mts', 'angular/**/*.node.spec.ts']),
    ];
    results.push(`Angular ${version}: ${outcomes.every(Boolean) ? 'ok' : 'FAILED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`\n${results.join('\n')}`);
process.exitCode = results.every((line) => line.endsWith('ok')) ? 0 : 1;
