import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleApp, kB, measureApp, SIZED_APPS, type AppSize, type SizedApp } from '../../bench/size/bundleSize.js';
import { builtPackage } from '../package/packed.js';

// The size budgets of issue 10, enforced on the built package (dist/esm, as
// published): `npm run size` prints the same figures.
describe('bundle size budgets (esbuild, minified, browser, rxjs external, gzip -9)', () => {
  const measured = new Map<SizedApp, Promise<AppSize>>();
  const sizeOf = (app: SizedApp) => measured.get(app) ?? measured.set(app, builtPackage().then((dir) => measureApp(app, dir))).get(app)!;

  // The first caller builds the package (about 20 s).
  beforeAll(() => builtPackage(), 120_000);

  for (const app of SIZED_APPS) {
    describe(`the ${app.id} app (${app.uses})`, () => {
      it(`is at most ${kB(app.budget)} gzipped`, async () => {
        const { gzipped, minified } = await sizeOf(app);
        expect(gzipped).withContext(`${kB(minified)} minified, ${kB(gzipped)} gzipped; run npm run size -- --modules`).toBeLessThanOrEqual(app.budget);
      });

      if (app.excludes.length > 0) {
        it('ships none of the features it does not use', async () => {
          const { modules } = await sizeOf(app);
          const shipped = modules.map(([file]) => file).filter((file) => app.excludes.some((prefix) => file.startsWith(prefix)));
          expect(shipped).toEqual([]);
        });
      }
    });
  }
});

// The minimal app leaves the retry, custom-action and continuation code out; an app
// whose own policy answers those (importing nothing else of ours to handle them)
// must get it, through the answers themselves: bundled and tree-shaken the same way, run.
describe('an app bundled like the minimal one, with its own policy answering retry and custom', () => {
  const source = `import { TaskTracker, SemaphoreScheduler, ErrorResponse, ActionResult, FailedWithContinuation } from 'rx-task-tracker';
const fromCache = { execute: () => 'from cache' };
const policy = {
  createChild: () => policy,
  onError: (error, context) =>
    error === 'flaky' ? (context.attemptCount < 3 ? ErrorResponse.retry({ delay: 1 }) : ErrorResponse.fail())
      : ErrorResponse.custom({ execute: () => Promise.resolve(ActionResult.continue(fromCache)) }),
};
const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), policy);
let runs = 0;
export const results = Promise.all([
  tracker.spawn(() => (++runs < 3 ? Promise.reject('flaky') : 'run ' + runs)),
  tracker.spawn(() => Promise.reject('down')),
  tracker.spawn(() => { throw FailedWithContinuation.fromFn('down', () => 'continued'); }),
]).then(async (values) => {
  await tracker.join();
  return { values, retried: tracker.metrics().retried(), answers: [ErrorResponse.fail(), ErrorResponse.retry({ delay: 1 }), ErrorResponse.custom(fromCache)].map((a) => a instanceof ErrorResponse) };
});`;

  beforeAll(() => builtPackage(), 120_000);

  it('retries, runs the custom action and continues, from the built, tree-shaken code', async () => {
    const dir = await builtPackage();
    const { code } = await bundleApp(source, dir, 'answers');
    const file = path.join(dir, 'answers-app.mjs');
    writeFileSync(file, code);
    const app = (await import(pathToFileURL(file).href)) as { results: Promise<unknown> };
    expect(await app.results).toEqual({ values: ['run 3', 'from cache', 'continued'], retried: 2, answers: [true, true, true] });
  });
});
