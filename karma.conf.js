// Karma + esbuild + headless Chromium. Runs every spec except *.node.spec.ts and the
// zone.js ones (*.zone.browser.spec.ts), which karma.zone.conf.js runs in a page of their own.
// scripts/test.js finds (or installs) Chromium and sets CHROME_BIN before this runs.
const fs = require('fs');
const os = require('os');
const path = require('path');

// karma-esbuild writes its bundle entry into os.tmpdir() and imports the specs by a
// path relative to it without "./": a checkout directly under the temp dir would
// turn into a bare package name. A fresh sub-folder is never an ancestor of it.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'karma-esbuild-'));
process.env.TMPDIR = tmp;
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const summaryFile = process.env.KARMA_SUMMARY_FILE;

/** Writes `{ passed, failed, skipped, errors }` for scripts/test.js. */
function SummaryReporter(baseReporterDecorator) {
  baseReporterDecorator(this);
  const counts = { passed: 0, failed: 0, skipped: 0, errors: 0 };
  this.onSpecComplete = (browser, result) => {
    if (result.skipped || result.pending) counts.skipped++;
    else if (result.success) counts.passed++;
    else counts.failed++;
  };
  this.onBrowserError = () => counts.errors++;
  this.onRunComplete = (browsers, results) => {
    if (results.error) counts.errors++;
    if (summaryFile) fs.writeFileSync(summaryFile, JSON.stringify(counts));
  };
}
SummaryReporter.$inject = ['baseReporterDecorator'];

module.exports = (config) => {
  config.set({
    frameworks: ['jasmine'],
    plugins: ['karma-jasmine', 'karma-esbuild', 'karma-chrome-launcher', { 'reporter:summary': ['type', SummaryReporter] }],
    files: [{ pattern: 'spec/**/*.spec.ts', watched: false }],
    exclude: ['spec/**/*.node.spec.ts', 'spec/**/*.zone.browser.spec.ts'],
    preprocessors: { 'spec/**/*.spec.ts': ['esbuild'] },
    esbuild: { target: 'es2022', sourcemap: true, define: { 'process.env.NODE_ENV': '"test"' } },
    client: { jasmine: { random: true, timeoutInterval: 10000 } },
    reporters: ['dots', 'summary'],
    browsers: ['ChromeHeadlessNoSandbox'],
    customLaunchers: {
      ChromeHeadlessNoSandbox: {
        base: 'ChromeHeadless',
        flags: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--js-flags=--expose-gc', // spec/devtools/history.browser.spec.ts forces collections
        ],
      },
    },
    singleRun: true,
    browserNoActivityTimeout: 120000,
    captureTimeout: 120000,
  });
};
