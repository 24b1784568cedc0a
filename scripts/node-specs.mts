// Runs every spec under Node (jasmine + tsx), browser-only ones (*.browser.spec.ts)
// excepted, and writes a summary for scripts/test.js. Arguments narrow the run to
// those spec files (paths relative to spec/), e.g. `policies/RetryPolicy.spec.ts`;
// an argument starting with `!` leaves files out (`'!demos/**'`: the unit tier).
import { writeFileSync } from 'node:fs';
import Jasmine from 'jasmine';

const args = process.argv.slice(2).map((arg) => arg.replace(/^(!?)spec\//, '$1'));
const files = args.filter((arg) => !arg.startsWith('!'));
const runner = new Jasmine({ projectBaseDir: process.cwd() });
runner.loadConfig({
  spec_dir: 'spec',
  spec_files: [...(files.length > 0 ? files : ['**/*.spec.ts', '!**/*.browser.spec.ts']), ...args.filter((arg) => arg.startsWith('!'))],
});
runner.exitOnCompletion = false;
const counts = { passed: 0, failed: 0, skipped: 0, errors: 0 };
runner.addReporter({
  specDone(result) {
    if (result.status === 'passed') counts.passed++;
    else if (result.status === 'failed') counts.failed++;
    else counts.skipped++;
  },
  suiteDone(result) {
    if (result.status === 'failed') counts.errors++;
  },
});
const result = await runner.execute();
if (result.overallStatus === 'incomplete' && counts.failed === 0) counts.errors++;
if (process.env.NODE_SUMMARY_FILE) writeFileSync(process.env.NODE_SUMMARY_FILE, JSON.stringify(counts));
process.exitCode = result.overallStatus === 'passed' ? 0 : 1;
