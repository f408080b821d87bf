/** Which executor a command uses: -j 1 in this thread, -j N on N worker threads, --redis on BullMQ workers. */
import { availableParallelism } from 'node:os';
import { UserError } from '../scenario/userError.ts';
import { RunPool } from './pool.ts';
import { InlineExecutor, type Executor } from './task.ts';

export interface ExecutorOptions { jobs?: number; redis?: string; log: (line: string) => void }

export const defaultJobs = () => availableParallelism();

export function checkJobs(jobs: number | undefined): number {
  const j = jobs ?? defaultJobs();
  if (!Number.isInteger(j) || j < 1) throw new UserError(`-j/--jobs expects a positive whole number of worker threads, found ${jobs}`);
  return j;
}

/** Threads beyond the number of runs would only idle: the pool starts at most `runs` of them. */
export async function makeExecutor(o: ExecutorOptions, runs: number): Promise<Executor> {
  if (o.redis) {
    const { RedisExecutor } = await import('./redis/submitter.ts');
    return RedisExecutor.connect(o.redis, o.log);
  }
  const jobs = Math.min(checkJobs(o.jobs), Math.max(1, runs));
  return jobs === 1 ? new InlineExecutor() : new RunPool(jobs);
}
