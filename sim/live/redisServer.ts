/**
 * A private redis-server for a live run that does not get --redis: on a free loopback port, with
 * AOF on (appendfsync always, so an acknowledged write survives a kill) in the run's temp dir, so
 * the Redis-restart fault can kill it and start it again on the same data.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { freePort, type Supervisor } from './processes.ts';

export interface LiveRedis {
  url: string;
  /** Kills redis-server (SIGKILL: no chance to save) and starts it again on the same port and files. */
  restart(downSeconds: number): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.end(); resolve(true); });
    s.once('error', () => { s.destroy(); resolve(false); });
  });
}

async function waitListening(port: number, crashed: Promise<never>, timeoutS = 10): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  const poll = async () => {
    while (!(await listening(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutS} s`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await Promise.race([poll(), crashed]);
}

export async function startLiveRedis(sup: Supervisor, dir: string): Promise<LiveRedis> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed: install it (apt-get install redis-server) or pass --redis URL');
  }
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no', '--loglevel', 'warning'];
  sup.start('redis-server', { bin: 'redis-server', args });
  await waitListening(port, sup.crashed);
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async (downSeconds) => {
      await sup.kill('redis-server', 'SIGKILL');
      await new Promise((r) => setTimeout(r, downSeconds * 1000));
      sup.start('redis-server', { bin: 'redis-server', args });
      await waitListening(port, sup.crashed);
    },
  };
}
