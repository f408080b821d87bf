import type { KioskState } from '../state.ts';

/**
 * Starts a periodic control loop at a random phase in [0, interval): real controllers are not aligned
 * with the start of a run or with each other. The phase comes from the loop's own RNG stream.
 */
export function everyWithPhase(ctx: KioskState, name: string, interval: number, action: (now: number) => void): void {
  const phase = ctx.streams.stream(`controllers.${name}.phase`).next() * interval;
  ctx.sim.every(interval, action, phase);
}
