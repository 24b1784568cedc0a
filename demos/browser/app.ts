// The page of `npm run demo:browser`: the data-loading pipeline of `npm run demo`,
// running in the browser, with the devtools panel docked beside it. Bundled by
// esbuild when the demo starts (demos/browser/serve.ts).
import { LogOnlyPolicy, TaskTracker } from '../../lib/index.js';
import { defineTaskTrackerDevtools, type TaskTrackerDevtoolsElement } from '../../lib/devtools/index.js';

const GROUPS: Record<string, number> = { users: 40, images: 60, reports: 30, comments: 30 };
const CANCELLED_GROUP = 'images';

// Six slots: what a browser opens per host anyway.
const root = new TaskTracker({ name: 'page', concurrency: 6, errorPolicy: new LogOnlyPolicy({ logger: () => {} }) });
defineTaskTrackerDevtools();
(document.querySelector('task-tracker-devtools') as TaskTrackerDevtoolsElement).tracker = root;

let runs = 0;
let current: Map<string, TaskTracker> = new Map();
const log = document.getElementById('log')!;
const say = (line: string) => log.prepend(Object.assign(document.createElement('li'), { textContent: line }));

/** One load of every group: a child tracker per run, one per group under it. */
function load(): void {
  const run = root.childTrackerBuilder().name(`run-${++runs}`).build();
  current = new Map(Object.keys(GROUPS).map((name) => [name, run.childTrackerBuilder().name(name).build()]));
  for (let i = 0; i < Math.max(...Object.values(GROUPS)); i++) {
    for (const [name, tracker] of current) {
      if (i >= GROUPS[name]) continue;
      tracker.spawn(async ({ signal }) => {
        const response = await fetch(`/api/${name}/${i}`, { signal });
        if (!response.ok) throw new Error(`HTTP ${response.status} for /api/${name}/${i}`);
        return response.json();
      });
    }
  }
  const started = performance.now();
  run.join().then(() => {
    const m = run.metrics().snapshot();
    say(`${run.path}: ${m.success} loaded, ${m.failed} failed, ${m.cancelled} cancelled in ${Math.round(performance.now() - started)} ms`);
  });
}

document.getElementById('load')!.addEventListener('click', load);
document.getElementById('navigate')!.addEventListener('click', () => {
  const group = current.get(CANCELLED_GROUP);
  if (group?.cancel('user navigated away')) say(`${group.path}: cancelled (user navigated away)`);
});
load();
