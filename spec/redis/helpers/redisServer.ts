// A real redis-server for the specs and the bench: Debian's, on a free port of 127.0.0.1,
// in a temporary directory, without persistence. `.ci/run` installs it when missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Throws unless `command` (a program of Debian's redis-server package) can run. */
export function needs(command: string): void {
  if (spawnSync(command, ['--version']).error) {
    throw new Error(`These specs need Debian's ${command}: apt-get install redis-server (.ci/run installs it).`);
  }
}

export class RedisServer {
  private _process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly _dir: string,
    private readonly _args: readonly string[],
  ) {}

  /**
   * Starts a server on a free port; resolves once it accepts connections.
   * @param cluster Whether it is a Cluster node (its bus on another free port).
   */
  static async start(cluster = false): Promise<RedisServer> {
    needs('redis-server');
    const args = cluster ? ['--cluster-enabled', 'yes', '--cluster-port', String(await freePort()), '--cluster-config-file', 'nodes.conf'] : [];
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'rx-task-tracker-redis-')), args);
    await server.resume();
    return server;
  }

  /** The connection options for ioredis. */
  get options(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  /** Whether the server process is up. */
  get running(): boolean {
    return this._process !== undefined;
  }

  /** (Re)starts the server on its port, empty. */
  resume(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        'redis-server',
        ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this._dir, '--loglevel', 'notice', ...this._args],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      this._process = child;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  }

  /** Kills the server (its data is gone: no persistence); resolves once it has exited. */
  halt(): Promise<void> {
    const child = this._process;
    this._process = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.halt();
    rmSync(this._dir, { recursive: true, force: true });
  }
}

/** How many scripts (EVALSHA and EVAL) the server has run since its statistics were reset (`CONFIG RESETSTAT`). */
export async function scriptCalls(admin: { info(section: string): Promise<string> }): Promise<number> {
  const stats = await admin.info('commandstats');
  let calls = 0;
  for (const match of stats.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}
