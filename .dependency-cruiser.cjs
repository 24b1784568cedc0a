// The import rules of lib/ (docs/architecture.md draws them), checked in `npm test`
// (scripts/test.js) and by `npx depcruise lib`. Layers, lowest first:
//   errors, cancellation, metrics, time → scheduling → task → protocol → tracker
//   → policies, operators → entry points (angular, devtools, node, prometheus, redis, testing, index.ts)
// A layer imports only the layers below it. Type-only imports may point up where
// a public signature names a higher type (docs/architecture.md lists them); the
// task layer may not name the tracker even so.
const BASE = '^lib/(errors|cancellation|metrics|time)/';
const ABOVE_BASE = '^lib/(scheduling|task|protocol|tracker|policies|operators|angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const ABOVE_SCHEDULING = '^lib/(task|protocol|tracker|policies|operators|angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const ABOVE_TASK = '^lib/(protocol|tracker|policies|operators|angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const ABOVE_PROTOCOL = '^lib/(tracker|policies|operators|angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const ABOVE_TRACKER = '^lib/(policies|operators|angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const ENTRY_POINTS = '^lib/(angular|devtools|node|prometheus|redis|testing|index\\.ts)';
const runtime = { dependencyTypesNot: ['type-only'] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: modules load in an order that depends on who imports first. Type-only cycles are erased at build time.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true, viaOnly: runtime },
    },
    { name: 'base-imports-nothing-above', severity: 'error', from: { path: BASE }, to: { path: ABOVE_BASE, ...runtime } },
    { name: 'scheduling-below-task', severity: 'error', from: { path: '^lib/scheduling/' }, to: { path: ABOVE_SCHEDULING, ...runtime } },
    { name: 'task-below-protocol', severity: 'error', from: { path: '^lib/task/' }, to: { path: ABOVE_TASK, ...runtime } },
    { name: 'task-never-names-tracker', severity: 'error', from: { path: '^lib/task/' }, to: { path: '^lib/tracker/' } },
    { name: 'protocol-below-tracker', severity: 'error', from: { path: '^lib/protocol/' }, to: { path: ABOVE_PROTOCOL, ...runtime } },
    { name: 'tracker-below-policies-and-operators', severity: 'error', from: { path: '^lib/tracker/' }, to: { path: ABOVE_TRACKER, ...runtime } },
    { name: 'entry-points-on-top', severity: 'error', from: { path: '^lib/(policies|operators)/' }, to: { path: ENTRY_POINTS, ...runtime } },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
