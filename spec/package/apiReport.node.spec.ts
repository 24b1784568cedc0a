// The API reports in api-report/ (scripts/apiReport.ts) against the declarations
// of the package built for this run (./packed.ts): a change of the published API
// fails here until `npm run api` rewrites the report, so that it shows in review.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { entryPoints, root } from '../../scripts/entryPoints.js';
import { apiReports, REPORT_FOLDER, reportFileName, staleReports, type EntryReport } from '../../scripts/apiReport.js';
import { builtPackage } from './packed.js';

/** `diff -u` of the committed report and today's, or why there is none. */
function difference(committed: string, today: string): string {
  if (!existsSync(committed)) return `${path.relative(root, committed)} is missing`;
  const { stdout } = spawnSync('diff', ['-u', committed, today], { encoding: 'utf8' });
  const lines = stdout.split('\n');
  return lines.length > 80 ? `${lines.slice(0, 80).join('\n')}\n… ${lines.length - 80} more lines` : stdout;
}

describe('the API reports (api-report/, written by API Extractor from the built declarations)', () => {
  let reports: EntryReport[];

  beforeAll(async () => {
    reports = apiReports(await builtPackage(), 'check');
  }, 120_000);

  it('include no report of an entry point that is gone (npm run api removes it)', () => {
    expect(staleReports()).toEqual([]);
  });

  for (const entry of entryPoints()) {
    it(`match the API of ${entry.specifier}`, () => {
      const report = reports.find((each) => each.entry.subpath === entry.subpath)!;
      expect(report.problems).withContext(`API Extractor on ${entry.files.esmTypes}`).toEqual([]);
      const committed = path.join(REPORT_FOLDER, reportFileName(entry));
      expect(report.changed)
        .withContext(`the API of ${entry.specifier} changed: if that is meant, run \`npm run api\` and commit the report\n${difference(committed, report.file)}`)
        .toBeFalse();
    });
  }
});
