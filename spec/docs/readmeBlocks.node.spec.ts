import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { root } from '../../scripts/entryPoints.js';
import { codeBlocks, MARKDOWN_FILES, runnableText, type CodeBlock } from './codeBlocks.js';

// The ```ts blocks of the READMEs and of the guides in docs/: the blocks marked `run` are run under Node and those marked `spec` join this spec
// run; how to mark a fragment is at the top of README.md and in ./codeBlocks.ts. Every block is type-checked against
// the package as users install it, under three module resolutions, by spec/package/consumer.node.spec.ts.
const blocks = MARKDOWN_FILES.flatMap((file) => codeBlocks(file));
const checked = blocks.filter((block) => block.skip === undefined && block.markerError === undefined);
const where = (block: CodeBlock) => `${block.file}:${block.line}`;
const dir = path.join(root, '.readme-blocks');
const fileOf = (block: CodeBlock, extension: string) => path.join(dir, `${block.file.replace(/[/.]/g, '_')}_${block.line}${extension}`);

describe('the code blocks of the READMEs and the guides', () => {
  it('include the examples of the README and of the guides (the parser found them)', () => {
    expect(blocks.filter((block) => block.file === 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(blocks.filter((block) => block.file.startsWith('docs/')).length).toBeGreaterThanOrEqual(20);
  });

  it('have well-formed <!-- check: … --> markers', () => {
    expect(blocks.filter((block) => block.markerError !== undefined).map((block) => `${where(block)}: ${block.markerError}`)).toEqual([]);
  });

  const runnable = checked.filter((each) => each.run);
  if (runnable.length > 0) describe('run under Node', () => {
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    for (const block of runnable) {
      it(`block at ${where(block)}`, () => {
        mkdirSync(dir, { recursive: true });
        const file = fileOf(block, '.mts');
        writeFileSync(file, runnableText(block));
        const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 30_000 });
        expect(run.status).withContext(`running the ts block at ${where(block)}:\n${run.stdout}${run.stderr}${run.error ?? ''}`).toBe(0);
      }, 40_000);
    }
  });

  // A spec block's its are defined while this file loads, so it is written and required now.
  for (const block of checked.filter((each) => each.spec)) {
    describe(`spec block at ${where(block)}`, () => {
      const file = fileOf(block, '.ts');
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, runnableText(block));
      try {
        require(file);
      } finally {
        rmSync(file, { force: true });
      }
    });
  }
});
