// `npm run docs`: the API reference (TypeDoc) of every entry point in package.json
// `exports`, into docs/api/ (git-ignored): README.md as the front page, the guides of
// docs/ as documents in the navigation, the core entry point first, each entry point's
// exports grouped by their `@category`, search over comments and guides. Any warning
// fails the build: a broken {@link} or relative link, an undocumented export, a type
// the docs reference but nobody exports.
// `--out DIR` writes elsewhere (the spec builds into a temporary folder).
import * as path from 'node:path';
import { Application, LogLevel } from 'typedoc';
import { entryPoints, root } from './entryPoints.js';
import { CATEGORIES, guides } from './docsSite.js';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(root, 'docs', 'api');


const app = await Application.bootstrapWithPlugins({
  name: 'rx-task-tracker',
  entryPoints: entryPoints().map((entry) => path.join(root, entry.source)),
  tsconfig: path.join(root, 'tsconfig.build.json'),
  readme: path.join(root, 'README.md'),
  projectDocuments: guides(),
  // Entry points in the order of `exports`: the core first.
  sortEntryPoints: false,
  categorizeByGroup: false,
  categoryOrder: [...CATEGORIES, '*'],
  navigation: { includeCategories: true, includeGroups: false, includeFolders: false },
  searchInComments: true,
  // docs/architecture.md draws with Mermaid (GitHub renders it); TypeDoc shows the source as is.
  ignoredHighlightLanguages: ['mermaid'],
  searchInDocuments: true,
  out,
  excludeInternal: true,
  excludePrivate: true,
  excludeProtected: true,
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  alwaysCreateEntryPointModule: true,
  logLevel: LogLevel.Warn,
  githubPages: false,
  // No repository URL to link sources to (a clone's remote is a path, which TypeDoc warns about).
  disableSources: true,
  hideGenerator: true,
});
const project = await app.convert();
if (project === undefined || app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('docs: TypeDoc failed (warnings count as errors), see above');
  process.exit(1);
}
// Modules are named after what users import (rx-task-tracker/prometheus), not the folder.
// Without sources, TypeDoc names each module after its folder under lib/ (`index` for lib/index.ts).
const byName = new Map(entryPoints().map((entry) => [path.relative('lib', path.dirname(entry.source)) || 'index', entry.specifier]));
for (const module of project.children ?? []) {
  const specifier = byName.get(module.name);
  if (specifier === undefined) throw new Error(`docs: no entry point for the module ${module.name}`);
  module.name = specifier;
}
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error('docs: TypeDoc validation failed (warnings count as errors), see above');
  process.exit(1);
}
await app.generateDocs(project, out);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log(`docs: API reference of ${entryPoints().map((e) => e.specifier).join(', ')} in ${path.relative(process.cwd(), out) || '.'}/index.html`);
