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

export class RedisServer {
  private _process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly _dir: string,
  ) {}

  /** Starts a server on a free port; resolves once it accepts connections. */
  static async start(): Promise<RedisServer> {
    if (spawnSync('redis-server', ['--version']).error) {
      throw new Error('These specs need Debian\'s redis-server: apt-get install redis-server (npm test installs it when it runs as root).');
    }
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'rx-task-tracker-redis-')));
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
        ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this._dir, '--loglevel', 'notice'],
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
