/** Mean, standard deviation and count of one group of replications. */
export interface MeanSd {
  n: number;
  mean: number;
  sd: number;
}

/**
 * Pools groups of replications into one: the exact mean and sample standard deviation of the union, given each
 * group's count, mean and sample sd (sd of a single replication counts as 0).
 */
export function poolMeanSd(groups: readonly MeanSd[]): MeanSd {
  const live = groups.filter((g) => g.n > 0 && Number.isFinite(g.mean));
  const n = live.reduce((s, g) => s + g.n, 0);
  if (n === 0) return { n: 0, mean: NaN, sd: NaN };
  const mean = live.reduce((s, g) => s + g.n * g.mean, 0) / n;
  if (n === 1) return { n, mean, sd: 0 };
  const within = live.reduce((s, g) => s + (g.n - 1) * (Number.isFinite(g.sd) ? g.sd : 0) ** 2, 0);
  const between = live.reduce((s, g) => s + g.n * (g.mean - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt((within + between) / (n - 1)) };
}
