import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * An application importing part of the core from the built package (dist/esm, what
 * users install), as a browser app would: bundled by esbuild, minified, for the
 * browser, `rxjs` external (the app has it anyway). The code uses what it imports,
 * so nothing imported is shaken off.
 */
export interface SizedApp {
  /** Short id, e.g. `minimal`. */
  readonly id: string;
  /** What it uses, for the report. */
  readonly uses: string;
  /** The app's source; it imports from `'rx-task-tracker'`. */
  readonly source: string;
  /**
   * Gzip budget in bytes, enforced in `npm test` (`spec/bench/bundleSize.node.spec.ts`):
   * the size when it was last set plus about 1% (the target where one is met).
   */
  readonly budget: number;
  /** The size we aim for in bytes, when the budget is not there yet. */
  readonly target?: number;
  /** Modules of lib/ (path prefixes) the app does not use, and so must not ship. */
  readonly excludes: readonly string[];
}

/** What an app using no operator and no policy but LogOnlyPolicy must not ship. */
const UNUSED_BY_MINIMAL = [
  'lib/operators/',
  'lib/policies/RetryPolicy',
  'lib/policies/CircuitBreakerPolicy',
  'lib/policies/ComposedPolicy',
  'lib/policies/RateCancelPolicy',
  'lib/policies/ThresholdCancelPolicy',
  'lib/policies/CancelOnError',
  'lib/policies/TriggerCancellationTokenOnError',
  'lib/policies/backoff/',
  'lib/policies/breaker/',
  'lib/policies/rate/',
  'lib/scheduling/UnlimitedScheduler',
  // Recognised by brand (lib/task/brands.ts): shipped only by apps that make one.
  'lib/protocol/ActionResult',
  'lib/protocol/FailedWithContinuation',
  'lib/task/CancellableTaskResult',
  // An answer other than "fail" or "shutdown" brings its step (lib/protocol/PolicyAnswer.ts):
  // LogOnlyPolicy answers without ErrorResponse, so no retry, custom action or continuation code.
  'lib/protocol/ErrorResponse',
  'lib/task/pauseTask',
  'lib/task/runErrorAction',
  'lib/task/continueTask',
  // Only DeadLetterPolicy re-runs a task.
  'lib/task/TaskRecipe',
];

/** The apps whose size is budgeted (issue 10). */
export const SIZED_APPS: readonly SizedApp[] = [
  {
    id: 'minimal',
    uses: 'TaskTracker, SemaphoreScheduler, LogOnlyPolicy',
    source: `import { TaskTracker, SemaphoreScheduler, LogOnlyPolicy } from 'rx-task-tracker';
export const tracker = new TaskTracker(SemaphoreScheduler.withPermits(8), new LogOnlyPolicy());
tracker.spawn(() => fetch('/a'));`,
    budget: 12_800,
    target: 6_000,
    excludes: UNUSED_BY_MINIMAL,
  },
  {
    id: 'one-line',
    uses: 'new TaskTracker({ concurrency }) (default LogOnlyPolicy)',
    source: `import { TaskTracker } from 'rx-task-tracker';
export const tracker = new TaskTracker({ concurrency: 8 });
tracker.spawn(({ signal }) => fetch('/a', { signal }));`,
    budget: 12_810,
    excludes: UNUSED_BY_MINIMAL,
  },
  {
    id: 'resilient',
    uses: 'TaskTracker, SemaphoreScheduler, RetryPolicy, CircuitBreakerPolicy, composePolicies',
    source: `import { TaskTracker, SemaphoreScheduler, RetryPolicy, CircuitBreakerPolicy, composePolicies } from 'rx-task-tracker';
export const tracker = new TaskTracker(SemaphoreScheduler.withPermits(8), composePolicies(new RetryPolicy(), new CircuitBreakerPolicy()));
tracker.spawn(() => fetch('/a'));`,
    budget: 15_850,
    target: 8_000,
    excludes: ['lib/operators/', 'lib/policies/RateCancelPolicy', 'lib/policies/rate/', 'lib/policies/ThresholdCancelPolicy'],
  },
  {
    id: 'core',
    uses: 'everything the core entry point exports',
    source: `export * from 'rx-task-tracker';`,
    budget: 21_580,
    excludes: [],
  },
];

/** One app's size: minified bytes, gzip -9 bytes, and how many bytes each module puts in it. */
export interface AppSize {
  readonly app: SizedApp;
  readonly minified: number;
  readonly gzipped: number;
  /** Module (as its source in lib/, e.g. `lib/tracker/TaskHandle.ts`) to bytes in the minified output, largest first. */
  readonly modules: readonly [string, number][];
}

const root = path.resolve(import.meta.dirname ?? __dirname, '..', '..');

/**
 * Bundles an app's `source` against the package built in `packageDir` (see
 * scripts/packageBuild.ts) as a browser app would: esbuild, minified, ES2022,
 * `rxjs` external. Returns the code and esbuild's metafile.
 */
export async function bundleApp(source: string, packageDir: string, name = 'app'): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const entry = path.join(packageDir, 'dist', 'esm', 'index.js');
  const result = await build({
    stdin: { contents: source.replaceAll("'rx-task-tracker'", JSON.stringify(entry)), resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    external: ['rxjs'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0].contents, metafile: result.metafile as Metafile };
}

/** Bundles `app` (see {@link bundleApp}) and measures it. */
export async function measureApp(app: SizedApp, packageDir: string): Promise<AppSize> {
  const { code, metafile } = await bundleApp(app.source, packageDir, app.id);
  const output = Object.values(metafile.outputs)[0];
  const modules = Object.entries(output.inputs)
    .flatMap(([file, { bytesInOutput }]): [string, number][] => {
      const built = /(?:^|\/)dist\/esm\/(.+)\.js$/.exec(file);
      return built === null ? [] : [[`lib/${built[1]}.ts`, bytesInOutput]];
    })
    .sort((a, b) => b[1] - a[1]);
  return { app, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, modules };
}

/** `1234` → `1.23 kB` (decimal, as bundlers report). */
export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(2)} kB`;
}
