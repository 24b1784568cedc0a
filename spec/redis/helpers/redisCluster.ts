// A real Redis Cluster for the specs: 3 masters (Debian's redis-server with
// --cluster-enabled, each on free ports in its own temporary directory), joined by
// `redis-cli --cluster create`. `.ci/run` installs both programs when missing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { needs, RedisServer } from './redisServer.js';

export class RedisCluster {
  private constructor(readonly servers: readonly RedisServer[]) {}

  /** Starts `masters` nodes and makes them one cluster; resolves once every node says `cluster_state:ok`. */
  static async start(masters = 3): Promise<RedisCluster> {
    needs('redis-cli');
    const servers: RedisServer[] = [];
    try {
      for (let i = 0; i < masters; i++) servers.push(await RedisServer.start(true));
      const nodes = servers.map((server) => `127.0.0.1:${server.port}`);
      await promisify(execFile)('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
      const cluster = new RedisCluster(servers);
      await cluster._settled();
      return cluster;
    } catch (error) {
      await Promise.all(servers.map((server) => server.stop()));
      throw error;
    }
  }

  /** The startup nodes for ioredis' `Cluster`. */
  get nodes(): { host: string; port: number }[] {
    return this.servers.map((server) => server.options);
  }

  /** Stops every node and removes their directories. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }

  /** Waits until every node knows the whole cluster (gossip takes a moment after `create`). */
  private async _settled(): Promise<void> {
    const clients = this.servers.map((server) => new Redis(server.options));
    try {
      for (let attempt = 0; ; attempt++) {
        const infos = await Promise.all(clients.map((client) => client.cluster('INFO') as Promise<string>));
        if (infos.every((info) => info.includes('cluster_state:ok'))) return;
        if (attempt === 200) throw new Error(`the cluster did not settle:\n${infos.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      for (const client of clients) client.disconnect();
    }
  }
}
