// The two devtools entry points: the browser one bundles from lib/ alone and is
// safe to import anywhere (it registers nothing); the core never pulls it in.
import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';

async function inputsOf(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, external: ['rxjs'], logLevel: 'silent' });
  return Object.keys(result.metafile.inputs);
}

describe('rx-task-tracker/devtools (lib/devtools/index.ts)', () => {
  it('bundles for the browser from lib/ alone: no Node built-in, not the server entry point', async () => {
    const inputs = await inputsOf('lib/devtools/index.ts');
    expect(inputs.filter((input) => !input.startsWith('lib/'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('lib/devtools/server/'))).toEqual([]);
  });

  it('has no side effect on import: it runs where there is no DOM and registers nothing', async () => {
    const result = await build({ entryPoints: ['lib/devtools/index.ts'], bundle: true, platform: 'browser', format: 'iife', globalName: 'devtools', write: false, logLevel: 'silent' });
    const context: Record<string, unknown> = {};
    runInNewContext(result.outputFiles[0].text, context);
    expect(Object.keys(context)).toEqual(['devtools']);
    expect(() => runInNewContext('devtools.defineTaskTrackerDevtools()', context)).toThrowError(/needs a browser/);
  });
});

describe('the core entry point and the devtools', () => {
  it('never imports the devtools', async () => {
    expect((await inputsOf('lib/index.ts')).filter((input) => input.startsWith('lib/devtools/'))).toEqual([]);
  });
});
