/**
 * How long a preemptible (or Spot) VM lives before GCE preempts it (REFERENCE.md "Preemptible and Spot VMs"):
 * exponential with a mean, or the bathtub fit of Kadupitiya et al., both stopped at the cap (24 h for
 * preemptible VMs, Infinity for Spot). Returns a sampler of seconds from VM creation to the preemption
 * notice, or null when preemption is off.
 */
import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { RandomStream } from '../../engine/rng.ts';
import type { PreemptionConfig } from '../config.ts';

export function lifetimeSampler(cfg: PreemptionConfig, stream: RandomStream): Sampler | null {
  if (cfg.model === 'none') return null;
  if (cfg.model === 'exponential') {
    const d = makeDistribution({ kind: 'exponential', mean: cfg.meanLifetime }, stream);
    return () => Math.min(d(), cfg.cap);
  }
  const cap = Number.isFinite(cfg.cap) ? cfg.cap : 24 * 3600;
  const d = makeDistribution({ kind: 'bathtub', A: cfg.A, b: cfg.b, tau1: cfg.tau1, tau2: cfg.tau2, cap }, stream);
  return () => Math.min(d(), cfg.cap);
}
