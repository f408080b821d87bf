/**
 * BullMQ end to end on a private redis-server: a worker of another build is refused, three workers
 * with one SIGKILLed mid-sweep give the local -j 1 sweep.csv, `run --redis --out` gives the local
 * run directory, and an unreachable Redis is exit 2 with the password masked and nothing written.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRedis, type TestRedis } from '../support/redis.ts';

const bin = path.resolve('sim/cli/bin.mjs');
const env = { ...process.env, NO_COLOR: '1' };
const root = mkdtempSync(path.join(tmpdir(), 'kiosk-sweep-redis-'));
const SWEEP = ['sweep', 'scenarios/examples/quick.yaml', '--grid', 'autoscaling.fixed.image_consumers=5,10', '--grid', 'workload.images=600,700', '-r', '2'];

let redis: TestRedis;
const workers: ChildProcess[] = [];

interface Worker { child: ChildProcess; log: () => string; ready: Promise<void> }

function startWorker(extraEnv: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [bin, 'worker', '--redis', redis.url, '--concurrency', '1', '--lock-duration', '2s', '--stalled-interval', '1s'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(child);
  let text = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => { text += d; if (text.includes('runs at a time') || text.includes('run at a time')) resolve(); });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${text}`)));
  });
  return { child, log: () => text, ready };
}

/** Runs kiosk-sim to the end without blocking this process's event loop (workers' output must keep flowing). */
function kioskSim(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const stop = (w: Worker) => new Promise<void>((resolve) => {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
  w.child.once('exit', () => resolve());
  w.child.kill('SIGTERM');
});

test.before(async () => { redis = await startRedis(); });

test('an unreachable Redis: exit 2, one clear message, the password masked, nothing written', async () => {
  const out = path.join(root, 'unreachable');
  const r = await kioskSim([...SWEEP, '--redis', 'redis://kiosk:hunter2@127.0.0.1:1', '--out', out]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot reach Redis/);
  assert.match(r.stderr, /redis:\/\/kiosk:\*\*\*@127\.0\.0\.1:1/);
  assert.not.match(r.stderr + r.stdout, /hunter2/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  assert.not.ok(existsSync(out));
});

test('workers of another kiosk-sim build: the submitter refuses with exit 2 before submitting', async () => {
  const other = startWorker({ KIOSK_SIM_BUILD_TAG: 'older' });
  await other.ready;
  const out = path.join(root, 'mismatch');
  const r = await kioskSim([...SWEEP, '--redis', redis.url, '--out', out]);
  await stop(other);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /other kiosk-sim builds/);
  assert.match(r.stderr, /\.older/);
  assert.not.ok(existsSync(out));
});

test('three workers, one killed with SIGKILL mid-run: the sweep completes with the local -j 1 sweep.csv', async () => {
  const local = path.join(root, 'local');
  const distributed = path.join(root, 'distributed');
  const [l, pool] = await Promise.all([
    kioskSim([...SWEEP, '-j', '1', '--out', local]),
    (async () => {
      const ws = [startWorker(), startWorker(), startWorker()];
      await Promise.all(ws.map((w) => w.ready));
      return ws;
    })(),
  ]);
  assert.is(l.status, 0, l.stderr);
  const victim = pool[0]!;
  let killedRun = '';
  victim.child.stderr!.on('data', () => {
    const m = /run (run-[0-9a-f]+) started/.exec(victim.log());
    if (m && !killedRun) { killedRun = m[1]!; victim.child.kill('SIGKILL'); }
  });
  const r = await kioskSim([...SWEEP, '--redis', redis.url, '--out', distributed]);
  assert.is(r.status, 0, r.stderr);
  assert.ok(killedRun, 'the victim started a run and was killed');
  assert.is(victim.child.signalCode, 'SIGKILL');
  const others = pool.slice(1).map((w) => w.log()).join('\n');
  assert.match(others, new RegExp(`run ${killedRun} done`), 'another worker took up the killed run');
  assert.is(readFileSync(path.join(distributed, 'sweep.csv'), 'utf8'), readFileSync(path.join(local, 'sweep.csv'), 'utf8'));
  // the same again answers from Redis (deterministic job ids), still the same file
  const again = await kioskSim([...SWEEP, '--redis', redis.url, '--out', distributed]);
  assert.is(again.status, 0, again.stderr);
  assert.is(readFileSync(path.join(distributed, 'sweep.csv'), 'utf8'), readFileSync(path.join(local, 'sweep.csv'), 'utf8'));
  // each run's result waits in a key of its own (the job's return value names it), kept past the job
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  try {
    const keys = (await client.keys('kiosk-sim:result:run-*')).sort();
    assert.is(keys.length, 8, '4 points x 2 replications, each result stored once');
    assert.ok((await client.pttl(keys[0]!)) > 24 * 3600 * 1000, 'kept longer than the finished job');
    // a result key that is gone: that run is simulated again, and the sweep is still the same file
    await client.del(keys[0]!);
    const rerun = await kioskSim([...SWEEP, '--redis', redis.url, '--out', distributed]);
    assert.is(rerun.status, 0, rerun.stderr);
    assert.is(readFileSync(path.join(distributed, 'sweep.csv'), 'utf8'), readFileSync(path.join(local, 'sweep.csv'), 'utf8'));
    assert.is(await client.exists(keys[0]!), 1, 'the rerun stored it again');
  } finally {
    client.disconnect();
  }
  // run --redis --out ships whole results: the same images.csv as a local run
  const runLocal = spawnSync(process.execPath, [bin, 'run', 'scenarios/examples/quick.yaml', '-r', '2', '-j', '1', '--out', path.join(root, 'run-local')], { env, encoding: 'utf8' });
  assert.is(runLocal.status, 0, runLocal.stderr);
  const runRedis = await kioskSim(['run', 'scenarios/examples/quick.yaml', '-r', '2', '--redis', redis.url, '--out', path.join(root, 'run-redis')]);
  assert.is(runRedis.status, 0, runRedis.stderr);
  for (const f of ['images.csv', 'timeseries.csv', 'events.csv', 'scenario.json']) {
    assert.is(readFileSync(path.join(root, 'run-redis', f), 'utf8'), readFileSync(path.join(root, 'run-local', f), 'utf8'), f);
  }
  await Promise.all(pool.map(stop));
});

test.after(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});
test.run();
