// The package from the user's side: its tarball installed by npm into a consumer
// project (./packed.ts) with rxjs, TypeScript, Node's types and the optional peers,
// then, in three projects that share that install (./fixtures):
//   esm      moduleResolution nodenext, an ES module project
//   cjs      moduleResolution node16, a CommonJS project
//   bundler  moduleResolution bundler, with a new Angular CLI app's options
// each type-checked by the consumer's own `tsc`, strict, with skipLibCheck false:
// every `ts` block of the READMEs and docs/*.md (../docs/codeBlocks.ts) and a file that touches
// every exported name and public member of every entry point (./publicApi.ts);
// and every entry point imported from an ES module and required from CommonJS.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeBlocks, moduleText, MARKDOWN_FILES, sourceLine, type CodeBlock } from '../docs/codeBlocks.js';
import { installedPackage } from './packed.js';
import { consumerFile, publicApi, type EntryApi } from './publicApi.js';

const run = promisify(execFile);

const PROJECTS = [
  { name: 'esm', title: 'moduleResolution nodenext (an ES module project)' },
  { name: 'cjs', title: 'moduleResolution node16 (a CommonJS project)' },
  { name: 'bundler', title: 'moduleResolution bundler (the options of a new Angular CLI app)' },
] as const;
type Project = (typeof PROJECTS)[number]['name'];

/**
 * Top-level `await` is an ES module's: in a CommonJS project the README's blocks that
 * use it get these errors (TS1309: "The current file is a CommonJS module and cannot
 * use 'await' at the top level"), which say nothing of the package. Ignored there only.
 */
const TOP_LEVEL_AWAIT_IN_COMMONJS = new Set(['TS1309', 'TS1378', 'TS1431', 'TS1432']);

/**
 * Angular publishes ES modules only, which a CommonJS module cannot import (TS1479):
 * the CommonJS project leaves out the README's Angular blocks and
 * rx-task-tracker/angular, whose declarations import @angular/core.
 */
const ESM_ONLY_IMPORT = /from '@angular\//;
const ESM_ONLY_ENTRIES = new Set(['rx-task-tracker/angular']);

const blocks = MARKDOWN_FILES.flatMap((file) => codeBlocks(file)).filter((block) => block.skip === undefined && block.markerError === undefined);
const blocksOf = (project: Project) => blocks.filter((block) => project !== 'cjs' || !ESM_ONLY_IMPORT.test(moduleText(block)));
const blockFile = (block: CodeBlock) => `readme/${block.file.replace(/[/.]/g, '_')}_${block.line}.ts`;

interface Diagnostic {
  /** Relative to the project folder, `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

/** `tsc --pretty false` output: `file(line,col): error TSxxxx: message`, continued on indented lines. */
function parseDiagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (match !== null) found.push({ file: match[1].split(path.sep).join('/'), line: Number(match[2]), code: match[3], message: match[4] });
    else if (/^\s/.test(line) && found.length > 0) {
      const last = found.pop()!;
      found.push({ ...last, message: `${last.message}\n${line}` });
    } else if (line.trim() !== '') found.push({ file: '(tsc)', line: 0, code: '', message: line });
  }
  return found;
}

const format = (diagnostic: Diagnostic) => `${diagnostic.file}:${diagnostic.line}: ${diagnostic.code}: ${diagnostic.message}`;

describe('the package installed from its tarball (npm pack, npm install)', () => {
  let consumer: string;
  let apis: EntryApi[];
  const touched = new Map<Project, (line: number) => string>();
  const diagnostics = new Map<Project, Diagnostic[]>();

  beforeAll(async () => {
    consumer = await installedPackage();
    apis = publicApi();
    writeFileSync(path.join(consumer, 'entries.json'), JSON.stringify(apis.map(({ entry }) => entry.specifier)));
    const tsc = path.join(consumer, 'node_modules/typescript/bin/tsc');
    await Promise.all(
      PROJECTS.map(async ({ name }) => {
        const project = path.join(consumer, name);
        const api = consumerFile(apis.filter(({ entry }) => name !== 'cjs' || !ESM_ONLY_ENTRIES.has(entry.specifier)));
        touched.set(name, api.what);
        mkdirSync(path.join(project, 'readme'), { recursive: true });
        writeFileSync(path.join(project, 'api.ts'), api.text);
        for (const block of blocksOf(name)) writeFileSync(path.join(project, blockFile(block)), moduleText(block));
        // tsc exits 2 when it reports errors; its output says which.
        const { stdout } = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: project, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout: string }) => error);
        diagnostics.set(name, parseDiagnostics(stdout).filter((d) => !(name === 'cjs' && d.file.startsWith('readme/') && TOP_LEVEL_AWAIT_IN_COMMONJS.has(d.code))));
      }),
    );
  }, 300_000);

  it('touches members wherever lib/ declares them: a base class, a getter, a static', () => {
    const core = apis.find(({ entry }) => entry.subpath === '.')!.touches.map((touch) => touch.what);
    expect(core).toEqual(jasmine.arrayContaining(['SemaphoreScheduler#pause', 'TaskTracker#metrics$', 'TaskTracker.builder', 'type TaskTrackerOptions', 'TaskTrackerOptions#timeout']));
    expect(apis.filter((api) => api.touches.length === 0).map(({ entry }) => entry.specifier)).toEqual([]);
  });

  for (const { name, title } of PROJECTS) {
    describe(`type-checked under ${title}, strict, skipLibCheck false`, () => {
      const errors = (where: (diagnostic: Diagnostic) => boolean) => diagnostics.get(name)!.filter(where);
      const own = (diagnostic: Diagnostic) => diagnostic.file.includes('node_modules/rx-task-tracker/');

      it("finds no error in the package's own declaration files", () => {
        expect(errors(own).map(format)).toEqual([]);
      });

      it('reaches every exported name and public member of every entry point', () => {
        const what = touched.get(name)!;
        const found = errors((diagnostic) => diagnostic.file === 'api.ts').map((diagnostic) => `${what(diagnostic.line - 1)}: ${diagnostic.code}: ${diagnostic.message}`);
        expect(found).withContext(`${name}/api.ts, written from lib/ by spec/package/publicApi.ts`).toEqual([]);
      });

      for (const block of blocksOf(name)) {
        it(`compiles the Markdown block at ${block.file}:${block.line}`, () => {
          const file = blockFile(block);
          const found = errors((diagnostic) => diagnostic.file === file).map((diagnostic) => `${sourceLine(block, diagnostic.line - 1)}: ${diagnostic.code}: ${diagnostic.message}`);
          expect(found).withContext(`the ts block at ${block.file}:${block.line} (mark a fragment with <!-- check: fragment … -->)`).toEqual([]);
        });
      }

      it("finds no error anywhere else (other packages' declarations)", () => {
        const checked = (diagnostic: Diagnostic) => own(diagnostic) || diagnostic.file === 'api.ts' || diagnostic.file.startsWith('readme/');
        expect(errors((diagnostic) => !checked(diagnostic)).map(format)).toEqual([]);
      });
    });
  }

  for (const [project, file, how] of [['esm', 'run.mjs', 'imports'], ['cjs', 'run.cjs', 'requires']] as const) {
    it(`${how} every entry point from ${project === 'esm' ? 'an ES module' : 'CommonJS'}, each with the names lib/ exports, and runs a task`, async () => {
      const { stdout, stderr } = await run(process.execPath, [file], { cwd: path.join(consumer, project) }).catch((error: { stdout: string; stderr: string }) => error);
      let result: { exported: Record<string, readonly string[]>; ran: string } | undefined;
      try {
        result = JSON.parse(stdout);
      } catch {
        fail(`node ${project}/${file} printed no result:\n${stdout}${stderr}`);
        return;
      }
      expect(result!.exported).toEqual(Object.fromEntries(apis.map(({ entry, values }) => [entry.specifier, values])));
      expect(result!.ran).toBe('ran');
    }, 60_000);
  }
});
