// `npm run api`: builds the package's declarations (in a temporary folder) and
// rewrites the API reports in api-report/ from them; git shows what changed.
import * as path from 'node:path';
import { root } from './entryPoints.js';
import { apiReports } from './apiReport.js';
import { withBuiltPackage } from './packageBuild.js';

const reports = await withBuiltPackage(async (dir) => apiReports(dir, 'update'), { esmOnly: true });
for (const { entry, file, changed, problems } of reports) {
  console.log(`${changed ? 'updated  ' : 'unchanged'} ${path.relative(root, file)} (${entry.specifier})`);
  for (const problem of problems) console.log(`  ${problem}`);
}
if (reports.some((report) => report.problems.length > 0)) process.exitCode = 1;
