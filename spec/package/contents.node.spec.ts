// What `npm publish` would ship, checked as users' toolchains will see it: the
// tarball of ./packed.ts (shared with the other packaging specs; the worktree's
// dist/ is left alone), its contents, linted by publint and resolved by
// @arethetypeswrong/cli under node10, node16 (from CJS and from ESM) and bundler,
// for every entry point in package.json `exports` (new ones are checked as soon as
// they are added there).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { assetExports, entryPoints, packageJson, root } from '../../scripts/entryPoints.js';
import { packedPackage, type Packed } from './packed.js';

interface AttwProblem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
}

interface AttwResult {
  readonly analysis: {
    readonly entrypoints: Record<string, { readonly resolutions: Record<string, { readonly resolution?: { readonly fileName: string } }> }>;
    readonly problems?: readonly AttwProblem[];
  };
  readonly problems?: Record<string, readonly AttwProblem[]>;
}

const entries = entryPoints();
const resolutionKinds = ['node10', 'node16-cjs', 'node16-esm', 'bundler'];

describe('the published package', () => {
  let packed: Packed;
  let files: ReadonlySet<string>;
  let attw: AttwResult;

  beforeAll(async () => {
    packed = await packedPackage();
    files = packed.files;
    // attw exits 1 when it finds a problem; the JSON says which.
    // Into a file: attw exits before a pipe takes more than the first 200 kB or so of its report.
    const report = path.join(packed.dir, 'attw.json');
    const fd = openSync(report, 'w');
    spawnSync(path.join(root, 'node_modules/.bin/attw'), [packed.tarball, '--format', 'json'], { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    attw = JSON.parse(readFileSync(report, 'utf8')) as AttwResult;
  }, 120_000);

  it('ships no specs, benches, demos, scripts or build configs', () => {
    const unwanted = [...files].filter((file) => /^(spec|bench|demos|scripts|docs|node_modules|\.ci)\//.test(file) || /\.spec\.|tsconfig|karma/.test(file));
    expect(unwanted).withContext('files npm pack would publish').toEqual([]);
  });

  it('ships the README, the CHANGELOG and the module kind of each build', () => {
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'dist/esm/package.json', 'dist/cjs/package.json']) {
      expect(files.has(file)).withContext(`${file} in the tarball`).toBeTrue();
    }
  });

  it('ships every file that exports names directly (the devtools page bundle)', () => {
    const missing = assetExports().filter((asset) => !files.has(asset.file));
    expect(missing).withContext('exported files missing from the tarball').toEqual([]);
  });

  for (const entry of entries) {
    it(`ships both builds and the declarations of ${entry.specifier}`, () => {
      const missing = Object.values(entry.files).filter((file) => !files.has(file));
      expect(missing).withContext(`files of exports["${entry.subpath}"] missing from the tarball`).toEqual([]);
      // The sources the source maps point at.
      expect(files.has(entry.source)).withContext(`${entry.source} in the tarball`).toBeTrue();
    });

    it(`resolves ${entry.specifier} under ${resolutionKinds.join(', ')} (attw)`, () => {
      const analysed = attw.analysis.entrypoints[entry.subpath];
      expect(analysed).withContext(`attw saw no entry point ${entry.subpath}`).toBeDefined();
      const problems = (attw.analysis.problems ?? Object.values(attw.problems ?? {}).flat())
        .filter((problem) => problem.entrypoint === undefined || problem.entrypoint === entry.subpath)
        .map((problem) => `${problem.kind}${problem.resolutionKind ? ` under ${problem.resolutionKind}` : ''}`);
      expect(problems).withContext(`attw problems of ${entry.specifier} (run: npm pack && npx attw rx-task-tracker-*.tgz)`).toEqual([]);
      for (const kind of resolutionKinds) {
        const types = analysed.resolutions[kind]?.resolution?.fileName;
        expect(types).withContext(`types of ${entry.specifier} under ${kind}`).toMatch(/\.d\.ts$/);
      }
    });
  }

  it('has nothing publint would flag, suggestions included', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const pkg = packageJson();
    const tarball = readFileSync(packed.tarball);
    const pack = { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer };
    const { messages } = await publint({ level: 'suggestion', strict: true, pack });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`)).toEqual([]);
  });
});
