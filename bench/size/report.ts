import { withBuiltPackage } from '../../scripts/packageBuild.js';
import { kB, measureApp, SIZED_APPS, type AppSize } from './bundleSize.js';

/** Builds the package and measures every budgeted app against it; the Markdown table, and with `modules` each app's bytes by module. */
export async function sizeReport(modules: boolean): Promise<{ text: string; sizes: AppSize[] }> {
  const sizes: AppSize[] = [];
  await withBuiltPackage(async (dir) => {
    for (const app of SIZED_APPS) sizes.push(await measureApp(app, dir));
  }, { esmOnly: true });
  const lines = ['| app | uses | minified | gzip -9 | budget (npm test) | size goal |', '|---|---|--:|--:|--:|--:|'];
  for (const { app, minified, gzipped } of sizes) {
    const budget = `${kB(app.budget)}${gzipped > app.budget ? ' **OVER**' : ''}`;
    const target = app.target === undefined ? '—' : `${kB(app.target)} ${gzipped <= app.target ? 'met' : 'missed'}`;
    lines.push(`| ${app.id} | ${app.uses} | ${kB(minified)} | ${kB(gzipped)} | ${budget} | ${target} |`);
  }
  if (modules) {
    for (const { app, modules: list } of sizes) {
      lines.push('', `${app.id}, minified bytes by module:`, ...list.map(([file, bytes]) => `${String(bytes).padStart(7)}  ${file}`));
    }
  }
  return { text: lines.join('\n'), sizes };
}

/** `npm run size [-- --modules]`: prints the report; exit code 1 when an app is over its budget. */
export async function main(args: string[]): Promise<void> {
  const { text, sizes } = await sizeReport(args.includes('--modules'));
  console.log(text);
  if (sizes.some(({ app, gzipped }) => gzipped > app.budget)) process.exitCode = 1;
}
