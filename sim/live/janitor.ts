/**
 * The live kiosk's janitor (kiosk-redis-janitor, REFERENCE.md "Queue semantics"): every
 * `interval` it looks at each key in every processing list of the run's queues; when the list's
 * pod is not running and the key was not updated for more than `staleAfter`, it LREMs the key and
 * LPUSHes it back onto its queue, unless the job is already done or failed (then it only LREMs).
 * Whether a pod runs comes from the harness's supervisor, as the real janitor asks Kubernetes.
 */
import type { Redis } from 'ioredis';
import { moveBackOnce } from './onceCommands.ts';
import { FINISHED_STATUSES, nowSeconds, podOfProcessingList } from './protocol.ts';

export interface JanitorSettings {
  interval: number;
  staleAfter: number;
}

export class Janitor {
  requeued = 0;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly queues: readonly string[],
    private readonly settings: JanitorSettings,
    private readonly podRunning: (pod: string) => boolean,
    private readonly onError: (e: Error) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.pass = this.pass.then(async () => { await this.cleanOnce(); }).catch((e: Error) => this.onError(e));
    }, this.settings.interval * 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pass;
  }

  /** One pass over every processing list; returns the keys requeued. */
  async cleanOnce(): Promise<string[]> {
    const moved: string[] = [];
    for (const queue of this.queues) {
      let cursor = '0';
      do {
        const [next, lists] = await this.redis.scan(cursor, 'MATCH', `processing-${queue}:*`, 'COUNT', 100);
        cursor = next;
        for (const list of lists) {
          const pod = podOfProcessingList(queue, list);
          if (pod === null || this.podRunning(pod)) continue;
          for (const key of await this.redis.lrange(list, 0, -1)) {
            const [status, updated] = await this.redis.hmget(key, 'status', 'updated_at');
            if (FINISHED_STATUSES.has(status ?? '')) {
              await this.redis.lrem(list, 1, key);
              continue;
            }
            if (nowSeconds() - Number(updated ?? 0) <= this.settings.staleAfter) continue;
            if (!(await moveBackOnce(this.redis, list, queue, key))) continue; // the pod's own purge moved it first
            this.requeued++;
            moved.push(key);
          }
        }
      } while (cursor !== '0');
    }
    return moved;
  }
}
