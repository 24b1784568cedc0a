// What `npm test` needs from the machine besides Node: Chrome or Chromium (Karma,
// the devtools end-to-end spec), redis-server (the Redis specs start their own) and
// redis-cli (they join a Redis Cluster with it).
// scripts/test.js calls ensureTools() before anything runs: what is missing is
// installed from Debian's packages with apt-get when it runs as root; otherwise
// one line says what to install, and the run fails.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** The executable `name` on `env.PATH`, or undefined. */
function onPath(name, env) {
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {}
  }
  return undefined;
}

function findChrome(env) {
  if (env.CHROME_BIN && fs.existsSync(env.CHROME_BIN)) return env.CHROME_BIN;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']) {
    const file = onPath(name, env);
    if (file) return file;
  }
  return undefined;
}

const TOOLS = [
  { key: 'chrome', what: 'Chrome or Chromium', debian: 'chromium', find: findChrome, alternative: 'set CHROME_BIN' },
  { key: 'redisServer', what: 'redis-server', debian: 'redis-server', find: (env) => onPath('redis-server', env) },
  { key: 'redisCli', what: 'redis-cli', debian: 'redis-tools', find: (env) => onPath('redis-cli', env) },
];

/**
 * Finds the tools (`only`: those of these keys, e.g. `['chrome']`); when some are
 * missing, and this runs as root where apt-get is, installs their Debian packages
 * (one `apt-get install` for all) and looks again. Returns `{ chrome, redisServer,
 * redisCli }` (their paths), or `{ error }`: one line saying what to install.
 */
function ensureTools({ env = process.env, isRoot = typeof process.getuid === 'function' && process.getuid() === 0, log = console.log, only } = {}) {
  const tools = only === undefined ? TOOLS : TOOLS.filter((tool) => only.includes(tool.key));
  const missing = () => tools.filter((tool) => tool.find(env) === undefined);
  let absent = missing();
  if (absent.length > 0 && isRoot && onPath('apt-get', env)) {
    const packages = absent.map((tool) => tool.debian);
    log(`No ${absent.map((tool) => tool.what).join(', no ')} found: installing Debian's ${packages.join(', ')} with apt-get…`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: aptEnv });
    absent = missing();
  }
  if (absent.length > 0) {
    const packages = absent.map((tool) => tool.debian).join(' ');
    const alternatives = absent.filter((tool) => tool.alternative).map((tool) => ` or ${tool.alternative}`).join('');
    const what = absent.map((tool) => tool.what);
    return { error: `npm test needs ${[what.slice(0, -1).join(', '), what.at(-1)].filter(Boolean).join(' and ')}: install Debian's packages (apt-get install ${packages})${alternatives}.` };
  }
  return Object.fromEntries(tools.map((tool) => [tool.key, tool.find(env)]));
}

module.exports = { ensureTools };
