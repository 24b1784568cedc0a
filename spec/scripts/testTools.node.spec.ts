// scripts/testTools.js, which `npm test` runs first: on machines that lack
// redis-server, redis-cli or Chromium (a PATH that hides them), with a stand-in
// apt-get that logs its arguments and "installs" by writing the executables the
// packages provide. Last, scripts/test.js itself, run without redis-server on its PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { root } from '../../scripts/entryPoints.js';

const { ensureTools } = require('../../scripts/testTools.js') as {
  ensureTools(options: { env: NodeJS.ProcessEnv; isRoot: boolean; log: (line: string) => void; only?: string[] }): { chrome?: string; redisServer?: string; redisCli?: string; error?: string };
};

describe('scripts/testTools.js (what npm test needs from the machine)', () => {
  let bin: string;
  let aptLog: string;
  let logged: string[];
  const executable = (name: string, script = '#!/bin/sh\nexit 0\n') => {
    writeFileSync(path.join(bin, name), script);
    chmodSync(path.join(bin, name), 0o755);
  };
  /** An apt-get (a Node script) that logs its arguments; `install` writes each package's executable into `bin`, unless `failing`. */
  const aptGet = (failing = false) =>
    executable(
      'apt-get',
      `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(aptLog)}, args.join(' ') + '\\n');
if (${failing}) process.exit(100);
const provides = { chromium: 'chromium', 'redis-server': 'redis-server', 'redis-tools': 'redis-cli' };
if (args[0] === 'install') for (const name of args.filter((arg) => arg in provides)) fs.writeFileSync(${JSON.stringify(bin)} + '/' + provides[name], '#!/bin/sh\\n', { mode: 0o755 });
`,
    );
  const env = () => ({ PATH: bin });
  const aptCalls = () => (existsSync(aptLog) ? readFileSync(aptLog, 'utf8').trim().split('\n') : []);
  const run = (isRoot: boolean) => ensureTools({ env: env(), isRoot, log: (line) => logged.push(line) });

  beforeEach(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'test-tools-bin-'));
    aptLog = path.join(bin, '..', `${path.basename(bin)}.apt.log`);
    logged = [];
  });

  afterEach(() => {
    rmSync(bin, { recursive: true, force: true });
    rmSync(aptLog, { force: true });
  });

  const all = () => ({ chrome: path.join(bin, 'chromium'), redisServer: path.join(bin, 'redis-server'), redisCli: path.join(bin, 'redis-cli') });

  it('finds chromium, redis-server and redis-cli on PATH and installs nothing', () => {
    executable('chromium');
    executable('redis-server');
    executable('redis-cli');
    aptGet();
    expect(run(true)).toEqual(all());
    expect(aptCalls()).toEqual([]);
  });

  it('takes CHROME_BIN for Chrome', () => {
    executable('my-chrome');
    executable('redis-server');
    executable('redis-cli');
    expect(ensureTools({ env: { PATH: bin, CHROME_BIN: path.join(bin, 'my-chrome') }, isRoot: false, log: () => {} }).chrome).toBe(path.join(bin, 'my-chrome'));
  });

  it('as root where apt-get is, installs redis-server when it is missing, and only it', () => {
    executable('chromium');
    executable('redis-cli');
    aptGet();
    expect(run(true)).toEqual(all());
    expect(aptCalls()).toEqual(['update -qq', 'install -y -qq redis-server']);
    expect(logged).toEqual(["No redis-server found: installing Debian's redis-server with apt-get…"]);
  });

  it('installs all that is missing with one apt-get install', () => {
    aptGet();
    expect(run(true)).toEqual(all());
    expect(aptCalls()).toEqual(['update -qq', 'install -y -qq chromium redis-server redis-tools']);
    expect(logged).toEqual(["No Chrome or Chromium, no redis-server, no redis-cli found: installing Debian's chromium, redis-server, redis-tools with apt-get…"]);
  });

  it('not as root, says in one line what to install, and installs nothing', () => {
    executable('chromium');
    executable('redis-cli');
    aptGet();
    expect(run(false)).toEqual({ error: "npm test needs redis-server: install Debian's packages (apt-get install redis-server)." });
    expect(aptCalls()).toEqual([]);
  });

  it('without apt-get, says what to install (CHROME_BIN as the other way to Chrome)', () => {
    expect(run(true)).toEqual({
      error: "npm test needs Chrome or Chromium, redis-server and redis-cli: install Debian's packages (apt-get install chromium redis-server redis-tools) or set CHROME_BIN.",
    });
  });

  it('looks for the tools asked for only (the unit tier needs Chrome alone)', () => {
    executable('chromium');
    aptGet();
    expect(ensureTools({ env: env(), isRoot: true, log: () => {}, only: ['chrome'] })).toEqual({ chrome: path.join(bin, 'chromium') });
    expect(aptCalls()).toEqual([]);
  });

  it('says what to install when apt-get fails', () => {
    executable('chromium');
    executable('redis-cli');
    aptGet(true);
    expect(run(true).error).toBe("npm test needs redis-server: install Debian's packages (apt-get install redis-server).");
    expect(aptCalls()).toEqual(['update -qq']);
  });

  it('makes npm test (scripts/test.js) fail at once with that line when redis-server is not on PATH', () => {
    executable('chromium');
    executable('redis-cli');
    // Node itself, and nothing else of the machine: no apt-get, no redis-server.
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/test.js')], { cwd: root, env: { PATH: bin, HOME: process.env.HOME }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("npm test needs redis-server: install Debian's packages (apt-get install redis-server).");
    expect(result.stdout).toBe('');
  });
});
