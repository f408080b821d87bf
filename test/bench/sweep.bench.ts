// Sweeps on every core and on BullMQ (issue 13). The 2020 paper grid (scenarios/paper/2020-*.yaml,
// 18 cells) x 3 replications, each as a batch of runs:
//   "sweep-j1"     one after another in this thread (-j 1);
//   "sweep-j2"     on a pool of 2 worker threads (-j 2): speed-up = j1 / j2 (target >= 1.8 on 2 free cores);
//   "sweep-cli-j2" the same runs as a user starts them: `kiosk-sim run <the 18 files> -r 3 -j 2 -q --json`
//                  through the bin (compiled JavaScript once `npm run build` has run), process start and
//                  summaries included: what issue 12's "<= 60 s" is about;
//   "sweep-bullmq" through 2 local `kiosk-sim worker --concurrency 1` processes on a private
//                  redis-server: overhead = bullmq / j2 - 1 (target <= 10%).
// Runs ship back only what the summary needs, as in a sweep. One JSON line per variant, then one
// with the ratios. Subsets for a quick check: BENCH_SWEEP_CELLS=10k (a regex on the file names),
// BENCH_SWEEP_REPLICATIONS=1, BENCH_SWEEP_VARIANTS=j1,j2,cli-j2. `npm run bench -- sweep`.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runBatch } from '../../sim/sweep/batch.ts';
import { RunPool } from '../../sim/sweep/pool.ts';
import { RedisExecutor } from '../../sim/sweep/redis/submitter.ts';
import { replicationTasks } from '../../sim/sweep/replications.ts';
import { InlineExecutor, type Executor } from '../../sim/sweep/task.ts';
import { startRedis } from '../support/redis.ts';

const load0 = loadavg()[0]!;
const cells = new RegExp(process.env.BENCH_SWEEP_CELLS ?? '.');
const replications = Number(process.env.BENCH_SWEEP_REPLICATIONS ?? 3);
const variants = (process.env.BENCH_SWEEP_VARIANTS ?? 'j1,j2,cli-j2,bullmq').split(',');
const files = readdirSync('scenarios/paper').filter((f) => /^2020-.*\.yaml$/.test(f) && cells.test(f)).sort().map((f) => path.join('scenarios/paper', f));
const scenarios = files.map((f) => loadScenario(f, [`replications=${replications}`]));
const tasks = replicationTasks(scenarios, 'summary');
console.error(`sweep bench: ${files.length} cells x ${replications} replications = ${tasks.length} runs`);

async function timed(name: string, make: () => Promise<Executor>): Promise<number> {
  const executor = await make();
  const t0 = performance.now();
  try {
    const results = await runBatch(tasks, executor);
    const wall = (performance.now() - t0) / 1000;
    const events = results.reduce((s, r) => s + r.engine.events, 0);
    console.log(JSON.stringify({ name: `sweep-${name}`, cells: files.length, replications, runs: tasks.length, events, wall_s: +wall.toFixed(2) }));
    return wall;
  } finally {
    await executor.close();
  }
}

const wall: Record<string, number> = {};
if (variants.includes('j1')) wall.j1 = await timed('j1', async () => new InlineExecutor());
if (variants.includes('j2')) wall.j2 = await timed('j2', async () => new RunPool(2));
if (variants.includes('cli-j2')) {
  const bin = path.resolve('sim/cli/bin.mjs');
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn(process.execPath, [bin, 'run', ...files, '-r', String(replications), '-j', '2', '-q', '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`kiosk-sim run exited ${code}`);
  wall['cli-j2'] = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ name: 'sweep-cli-j2', cells: files.length, replications, runs: tasks.length, wall_s: +wall['cli-j2']!.toFixed(2) }));
}
if (variants.includes('bullmq')) {
  const redis = await startRedis();
  const bin = path.resolve('sim/cli/bin.mjs');
  const workers: ChildProcess[] = [];
  try {
    await Promise.all([0, 1].map(() => new Promise<void>((resolve, reject) => {
      const w = spawn(process.execPath, [bin, 'worker', '--redis', redis.url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      workers.push(w);
      let text = '';
      w.stderr!.on('data', (d) => { text += d; if (/runs? at a time/.test(text)) resolve(); });
      w.once('exit', (code) => reject(new Error(`worker exited (${code}): ${text}`)));
    })));
    wall.bullmq = await timed('bullmq', () => RedisExecutor.connect(redis.url, (l) => console.error(l)));
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    await redis.stop();
  }
}
const ratio = (a?: number, b?: number) => (a && b ? +(a / b).toFixed(3) : null);
// the targets of issue 13 beside the figures, and the host's state: a loaded host makes -j 2 look worse than it is
console.log(JSON.stringify({
  name: 'sweep-ratios', speedup_j2: ratio(wall.j1, wall.j2), bullmq_overhead: wall.bullmq && wall.j2 ? +(wall.bullmq / wall.j2 - 1).toFixed(3) : null,
  targets: { speedup_j2: '>= 1.8', bullmq_overhead: '<= 0.10' }, cores: availableParallelism(), loadavg_1m: { start: +load0.toFixed(2), end: +loadavg()[0]!.toFixed(2) },
}));
