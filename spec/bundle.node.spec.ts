import { build, type BuildOptions, type Metafile } from 'esbuild';
import { builtinModules } from 'node:module';
import { runInNewContext } from 'node:vm';

/** Bundles `entry` for the browser, rxjs left out; esbuild fails on anything it cannot resolve there. */
async function browserBundle(entry: string, options?: BuildOptions): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    external: ['rxjs'],
    logLevel: 'silent',
    ...options,
  });
  return result.metafile!;
}

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('the core entry point (lib/index.ts)', () => {
  it('bundles for the browser from lib/ alone: no prom-client, no Node built-in', async () => {
    const metafile = await browserBundle('lib/index.ts');
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => !input.startsWith('lib/'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('lib/prometheus/'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('lib/node/'))).toEqual([]);
    const external = inputs.flatMap((input) => metafile.inputs[input].imports.filter((i) => i.external).map((i) => i.path));
    expect(external.filter((path) => path !== 'rxjs' && !path.startsWith('rxjs/'))).toEqual([]);
  });

  it('runs where no Node global exists', async () => {
    // rxjs bundled in too: the context has the language's globals only (no process, require, Buffer, timers).
    const result = await build({
      entryPoints: ['lib/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'rxTaskTracker',
      write: false,
      logLevel: 'silent',
    });
    const code = `${result.outputFiles[0].text}
      const { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } = rxTaskTracker;
      const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy());
      tracker.spawn(() => 1);
      tracker.spawn(() => 2);
      tracker.metrics().snapshot();`;
    const context: Record<string, unknown> = {};
    expect(runInNewContext(code, context)).toEqual(jasmine.objectContaining({ issued: 2, started: 2 }));
    expect(Object.keys(context)).toEqual(['rxTaskTracker']);
  });
});

describe('tree-shaking the flow-control additions', () => {
  /** The lib/ files that put bytes into a minified bundle of `contents`, and the bundle's size. */
  async function shaken(contents: string): Promise<{ files: string[]; bytes: number }> {
    const result = await build({
      stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      metafile: true,
      external: ['rxjs'],
      logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs);
    return { files: Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file), bytes: output.bytes };
  }
  const flowFiles = ['PriorityScheduler', 'RateLimitScheduler', 'StartLog', 'FallbackPolicy', 'DeadLetterPolicy'];
  const minimal = "import { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } from './lib/index.ts'; new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy()).spawn(() => 1);";

  it('leaves the new schedulers and policies out of an app that does not use them', async () => {
    const { files } = await shaken(minimal);
    expect(files.filter((file) => flowFiles.some((name) => file.endsWith(`/${name}.ts`)))).toEqual([]);
  });

  it('the control: an app that uses them bundles them', async () => {
    const { files } = await shaken(
      "import { TaskTracker, PriorityScheduler, RateLimitScheduler, FallbackPolicy, DeadLetterPolicy, composePolicies } from './lib/index.ts'; " +
        'new TaskTracker(PriorityScheduler.withPermits(2), composePolicies(new FallbackPolicy(1), new DeadLetterPolicy(console.log))).spawn(() => 1); RateLimitScheduler.perInterval(1, 1);',
    );
    expect(flowFiles.filter((name) => !files.some((file) => file.endsWith(`/${name}.ts`)))).toEqual([]);
  });
});

describe('the node entry point (lib/node/index.ts)', () => {
  it('does not bundle for the browser: it needs node:async_hooks', async () => {
    const failure = await browserBundle('lib/node/index.ts').then(
      () => [],
      (error: { errors: { text: string }[] }) => error.errors.map((e) => e.text),
    );
    expect(failure).toContain(jasmine.stringMatching(/node:async_hooks/));
  });
});

describe('the prometheus entry point (lib/prometheus/index.ts)', () => {
  // The control: the check above would catch a core module importing prom-client.
  it('does not bundle for the browser: prom-client needs Node built-ins', async () => {
    const failure = await browserBundle('lib/prometheus/index.ts').then(
      (metafile) => Object.keys(metafile.inputs),
      (error: { errors: { text: string; location: { file: string } | null }[] }) => error.errors,
    );
    expect(failure).toContain(jasmine.objectContaining({ location: jasmine.objectContaining({ file: jasmine.stringMatching(/node_modules\/prom-client\//) }) }));
    const unresolved = (failure as { text: string }[]).map((error) => /^Could not resolve "([^"]+)"/.exec(error.text)?.[1]);
    expect(unresolved.some((name) => name !== undefined && nodeBuiltins.has(name))).toBeTrue();
  });
});
