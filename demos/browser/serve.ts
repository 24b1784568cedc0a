// `npm run demo:browser`: the demo's fake backend, plus a page on which the
// data-loading pipeline runs in the browser (bundled by esbuild now, at start-up)
// with the devtools panel beside it. Prints the URL; Ctrl-C stops it.
//
//   npm run demo:browser                 latencies of 20–250 ms, 5% HTTP 500s
//   npm run demo:browser -- --fast       latencies of 1–8 ms (the end-to-end spec uses it)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundle } from '../devtools/bundle.js';
import { FakeBackend } from '../server.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rx-task-tracker in the browser</title>
<style>
  body { margin: 0; display: flex; gap: 16px; padding: 16px; font: 14px system-ui, sans-serif; background: #eef1f6; }
  main { flex: 0 0 300px; }
  task-tracker-devtools { flex: 1; }
  button { margin: 4px 4px 4px 0; }
  #log { padding-left: 18px; font-size: 12px; }
</style>
</head>
<body>
<main>
  <h2>Data loading</h2>
  <p>160 resources in four groups through one root tracker with 6 slots: one child tracker per run, one per group
  under it, each request a task whose <code>fetch</code> is given the task's <code>signal</code> and aborts with it.</p>
  <button id="load" type="button">load again</button>
  <button id="navigate" type="button">navigate away (cancel images)</button>
  <ol id="log"></ol>
</main>
<task-tracker-devtools></task-tracker-devtools>
<script src="/app.js"></script>
</body>
</html>
`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fast: { type: 'boolean', default: false } } });
  const [script, backend] = await Promise.all([
    bundle('demos/browser/app.ts', 'browser-demo'),
    FakeBackend.start(values.fast ? { minLatencyMs: 1, maxLatencyMs: 8 } : {}),
  ]);
  const code = readFileSync(script);
  backend.route('/', (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  backend.route('/app.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(code));
  console.log(`rx-task-tracker in the browser: ${backend.url}/ (Ctrl-C stops)`);
  process.once('SIGINT', () => void backend.close());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
