// rx-task-tracker/testing is browser-safe: it bundles from lib/ alone, with no Node built-in, no test framework and
// not even the tracker itself (it only listens to a tracker's events$).
import { build } from 'esbuild';

describe('the testing entry point (lib/testing/index.ts)', () => {
  it('bundles for the browser from lib/ alone, importing nothing outside', async () => {
    const result = await build({ entryPoints: ['lib/testing/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => !input.startsWith('lib/'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('lib/tracker/'))).toEqual([]);
    expect(Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external))).toEqual([]);
  });
});
