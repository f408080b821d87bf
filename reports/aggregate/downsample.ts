/** How a column is reduced inside a time bucket: a level (mean) or a running total (last = max). */
export type Reduction = 'mean' | 'last';

/**
 * Reduces rows sorted by `t` to at most `maxBuckets` equal-width time buckets. Each output row has the bucket's
 * mid time as `t`; level columns are averaged, cumulative columns keep their last value. Rows are returned as is
 * when there are no more than `maxBuckets` of them.
 */
export function downsampleByTime(
  rows: readonly Record<string, number>[],
  columns: readonly string[],
  reductionOf: (column: string) => Reduction,
  maxBuckets: number,
): Record<string, number>[] {
  if (rows.length <= maxBuckets) return rows.map((r) => ({ ...r }));
  const t0 = rows[0]!.t!;
  const t1 = rows[rows.length - 1]!.t!;
  const width = (t1 - t0) / maxBuckets || 1;
  const out: Record<string, number>[] = [];
  let bucket = -1;
  let acc: Record<string, number> = {};
  let count = 0;
  const flush = () => {
    if (count === 0) return;
    const row: Record<string, number> = { t: t0 + (bucket + 0.5) * width };
    for (const c of columns) row[c] = reductionOf(c) === 'mean' ? acc[c]! / count : acc[c]!;
    out.push(row);
  };
  for (const r of rows) {
    const b = Math.min(maxBuckets - 1, Math.floor((r.t! - t0) / width));
    if (b !== bucket) {
      flush();
      bucket = b;
      acc = {};
      count = 0;
      for (const c of columns) acc[c] = 0;
    }
    count++;
    for (const c of columns) {
      const v = r[c] ?? NaN;
      acc[c] = reductionOf(c) === 'mean' ? acc[c]! + v : v;
    }
  }
  flush();
  return out;
}
