import { kB, measureApp, SIZED_APPS, type AppSize, type SizedApp } from '../../bench/size/bundleSize.js';
import { builtPackage } from '../helpers/builtPackage.js';

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
