// `npm run api`: builds the package's declarations (in a temporary folder) and
// rewrites the API reports in api-report/ from them; git shows what changed.
import * as path from 'node:path';
import { root } from './entryPoints.js';
import { apiReports, REPORT_FOLDER, reportFileName } from './apiReport.js';
import { withBuiltPackage } from './packageBuild.js';

const reports = await withBuiltPackage(async (dir) => apiReports(dir, 'update'), { esmOnly: true });
const failed = reports.some((report) => report.problems.length > 0);
for (const { entry, changed, problems } of reports) {
  console.log(`${failed ? '' : changed ? 'updated   ' : 'unchanged '}${path.relative(root, path.join(REPORT_FOLDER, reportFileName(entry)))} (${entry.specifier})`);
  for (const problem of problems) console.log(`  ${problem}`);
}
if (failed) {
  console.log('No report written: API Extractor could not read every entry point (above).');
  process.exitCode = 1;
}
