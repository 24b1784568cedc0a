// The zone.js specs (*.zone.browser.spec.ts): Karma + esbuild + headless Chromium, as
// karma.conf.js, in a bundle and a page of their own. zone.js patches the browser's
// globals when it loads, so it must never be in the page of the zoneless specs.
const base = require('./karma.conf.js');

module.exports = (config) => {
  base(config);
  config.set({
    files: [{ pattern: 'spec/**/*.zone.browser.spec.ts', watched: false }],
    exclude: [],
    preprocessors: { 'spec/**/*.zone.browser.spec.ts': ['esbuild'] },
    // As the Angular CLI builds a zone.js application: zone.js cannot see native
    // async/await, so it is compiled to generators (the library's code included).
    esbuild: { ...config.esbuild, supported: { 'async-await': false, 'async-generator': false, 'for-await': false } },
  });
};
