/**
 * `kiosk-sim worker --redis URL [--concurrency N]`: serve runs submitted by `run`/`sweep --redis`
 * from BullMQ until SIGTERM or SIGINT (then the runs under way finish first). Start any number, on
 * any machines, all of the same kiosk-sim version as the submitters.
 */
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { parseQuantity } from '../scenario/units.ts';
import { UserError } from './errors.ts';

interface WorkerArgs { redis: string; concurrency?: number; 'lock-duration': string; 'stalled-interval': string }

function durationMs(text: string, option: string): number {
  const r = parseQuantity(text, 'duration');
  const s = r.ok ? r.value : NaN;
  if (!(s > 0)) throw new UserError(`--${option} expects a positive duration like 30s or 500ms, found "${text}"`);
  return Math.round(s * 1000);
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Serve runs from BullMQ on Redis (for run/sweep --redis)',
  builder: (y: Argv) =>
    y
      .option('redis', { type: 'string', demandOption: true, describe: 'Redis URL: redis://[user:password@]host:port[/db]' })
      .option('concurrency', { type: 'number', describe: 'runs at a time, each on its own thread (default: the available cores)' })
      .option('lock-duration', { type: 'string', default: '30s', describe: 'BullMQ job lock: a killed worker\'s run is taken up again this long after it died' })
      .option('stalled-interval', { type: 'string', default: '15s', describe: 'how often this worker looks for runs whose worker died' }) as unknown as Argv<WorkerArgs>,
  handler: async (a) => {
    const concurrency = a.concurrency ?? availableParallelism();
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(`--concurrency expects a positive whole number, found ${a.concurrency}`);
    const lockMs = durationMs(a['lock-duration'], 'lock-duration');
    const stalledMs = durationMs(a['stalled-interval'], 'stalled-interval');
    const { serveRuns } = await import('../sweep/redis/worker.ts');
    const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
    const w = await serveRuns({ url: a.redis, concurrency, lockMs, stalledMs, log });
    const stop = (signal: string) => {
      log(`${signal}: finishing the runs under way, then exiting`);
      void w.close();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    await w.closed;
  },
};
