/**
 * The two clocks a measurement can use. wall: elapsed real time (what a dedicated machine sees).
 * cpu: this process's CPU seconds, a proxy for uncontended time on a shared machine; valid only for
 * single-threaded work (tfjs-wasm in Node, tfjs-cpu, the TypeScript post-processing), which computes
 * on one thread and waits for nothing else.
 */
export type Clock = 'wall' | 'cpu';

export const CLOCKS: Record<Clock, () => number> = {
  wall: () => performance.now() / 1000,
  cpu: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; },
};
