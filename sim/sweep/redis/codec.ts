/** What a run job carries to a worker and back, as strings BullMQ stores in Redis. */
import type { KioskConfig } from '../../model/config.ts';
import type { SettleRule } from '../../model/settle.ts';
import type { ReplicationResult } from '../../results/runResult.ts';
import { reviveReplication } from '../slim.ts';
import type { Detail, RunTask } from '../task.ts';
import { fromWire, fromWireBuffer, toWire, toWireBuffer } from '../wire.ts';

/** `settle`: the planner's early-stop rule (RunTask.settle), as JSON; absent for every other run. */
export interface RunJobData { build: string; seed: number; detail: Detail; config: string; settle?: string }

export const encodeTask = (t: RunTask, build: string, wireConfig = toWire(t.config)): RunJobData => ({ build, seed: t.seed, detail: t.detail, config: wireConfig, ...(t.settle ? { settle: JSON.stringify(t.settle) } : {}) });
export const decodeTask = (d: RunJobData): RunTask => ({ config: fromWire<KioskConfig>(d.config), seed: d.seed, detail: d.detail, ...(d.settle ? { settle: JSON.parse(d.settle) as SettleRule } : {}) });

/**
 * Results are mostly per-image columns: the binary wire form (raw column bytes behind a JSON head), stored
 * in a Redis key of their own (names.ts resultKey). gzip of the earlier base64 text shrank a 10^6-image result
 * only from ~75 to ~52 MB and took 2.3 s of the worker's main thread per run.
 */
export const encodeResult = (r: ReplicationResult): Buffer => toWireBuffer(r);
export const decodeResult = (bytes: Buffer): ReplicationResult => reviveReplication(fromWireBuffer<ReplicationResult>(bytes));
