// The same rules on the imports that remain after compilation (type-only ones
// erased): the exact check for runtime import cycles, which the type-aware pass
// (.dependency-cruiser.cjs) can miss when the shortest cycle it finds goes through
// a type-only import.
const rules = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = { ...rules, options: { ...rules.options, tsPreCompilationDeps: false } };
