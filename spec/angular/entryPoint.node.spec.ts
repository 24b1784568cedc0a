// The packaging of rx-task-tracker/angular: its own entry point, the only one that imports Angular.
import { build, type Metafile } from 'esbuild';
import { readFileSync } from 'node:fs';

/** Bundles `entry` for the browser with `external` left out; esbuild fails on anything it cannot resolve. */
async function browserBundle(entry: string, external: string[]): Promise<Metafile> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, external, logLevel: 'silent' });
  return result.metafile!;
}

function externalImports(metafile: Metafile): string[] {
  return [...new Set(Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path)))].sort();
}

describe('the angular entry point (lib/angular/index.ts)', () => {
  it('keeps the core entry point free of Angular', async () => {
    // Angular not external: an import of it from the core would be bundled in and show among the inputs.
    const core = await browserBundle('lib/index.ts', ['rxjs']);
    const inputs = Object.keys(core.inputs);
    expect(inputs.filter((input) => input.includes('@angular') || input.startsWith('lib/angular/'))).toEqual([]);
    expect(externalImports(core)).toEqual(['rxjs']);
  });

  it('bundles for the browser from lib/ alone, importing only @angular/core and rxjs', async () => {
    const angular = await browserBundle('lib/angular/index.ts', ['rxjs', '@angular/*']);
    const inputs = Object.keys(angular.inputs);
    expect(inputs.filter((input) => !input.startsWith('lib/'))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('lib/prometheus/'))).toEqual([]);
    expect(externalImports(angular)).toEqual(['@angular/core', '@angular/core/rxjs-interop', 'rxjs']);
  });

  it('is exported as rx-task-tracker/angular (ESM, CJS, types), with @angular/core an optional peer', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.exports['./angular']).toEqual({
      import: { types: './dist/esm/angular/index.d.ts', default: './dist/esm/angular/index.js' },
      require: { types: './dist/cjs/angular/index.d.ts', default: './dist/cjs/angular/index.js' },
    });
    expect(pkg.peerDependenciesMeta['@angular/core']).toEqual({ optional: true });
    // The tested version is inside the supported range.
    const major = Number(/^\d+/.exec(pkg.devDependencies['@angular/core'])![0]);
    expect(pkg.peerDependencies['@angular/core'].split('||').map((range) => range.trim())).toContain(`^${major}.0.0`);
  });
});
