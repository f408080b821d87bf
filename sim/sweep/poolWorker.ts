/** A worker thread of the RunPool: runs the tasks it is sent, one at a time, and sends back the results. */
import { parentPort } from 'node:worker_threads';
import { executeTask, type RunTask } from './task.ts';
import { transferables } from './slim.ts';
import { throttledProgress } from './runProgress.ts';

export interface TaskMessage { id: number; task: RunTask }
export type ReplyMessage =
  | { id: number; kind: 'progress'; fraction: number; simulated_s: number }
  | { id: number; kind: 'done'; result: ReturnType<typeof executeTask> }
  | { id: number; kind: 'error'; message: string; stack?: string; name: string };

const port = parentPort!;
port.on('message', ({ id, task }: TaskMessage) => {
  try {
    // a few progress messages a second, not one per model callback
    const result = executeTask(task, throttledProgress(({ fraction, simulated_s }) => port.postMessage({ id, kind: 'progress', fraction, simulated_s } satisfies ReplyMessage)));
    port.postMessage({ id, kind: 'done', result } satisfies ReplyMessage, transferables(result));
  } catch (e) {
    const err = e as Error;
    port.postMessage({ id, kind: 'error', message: err?.message ?? String(e), stack: err?.stack, name: err?.name ?? 'Error' } satisfies ReplyMessage);
  }
});
