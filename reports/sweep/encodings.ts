/**
 * Which swept setting a sweep chart draws as what. Every swept setting gets an encoding of its own, so no mark ever
 * stands for more than one grid point: the first setting is the x axis, the second the colour series, the third and
 * later ones the facets (one small chart per combination of their values). A setting whose values are all numbers
 * is a numeric axis; any other is ordinal, in the grid's order.
 */
import { settingLabel, type SweepAxis } from './load-sweep.ts';

export interface SweepEncodings {
  x: { path: string; numeric: boolean; values: unknown[]; labels: string[] };
  /** The colour series (absent with one swept setting). */
  series?: { path: string; labels: string[] };
  /** The remaining settings, combined: one facet per combination, labelled "path=value, path=value". */
  facets?: { paths: string[]; labels: string[] };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** "a=1, b=x": how a facet (or a point) is named. */
export function settingsLabel(paths: readonly string[], settings: Record<string, unknown>): string {
  return paths.map((p) => `${p}=${settingLabel(settings[p])}`).join(', ');
}

/** The combinations of the facet settings, in grid order (the first varies slowest, as in the sweep). */
function facetLabels(axes: readonly SweepAxis[]): string[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => ({ ...c, [a.path]: v })));
  return combos.map((c) => settingsLabel(axes.map((a) => a.path), c));
}

export function sweepEncodings(axes: readonly SweepAxis[]): SweepEncodings {
  if (axes.length === 0) throw new Error('sweepEncodings: a sweep has at least one swept setting');
  const [first, second, ...rest] = axes as [SweepAxis, ...SweepAxis[]];
  return {
    x: { path: first.path, numeric: first.values.every(isNumber), values: first.values, labels: first.values.map(settingLabel) },
    ...(second ? { series: { path: second.path, labels: second.values.map(settingLabel) } } : {}),
    ...(rest.length ? { facets: { paths: rest.map((a) => a.path), labels: facetLabels(rest) } } : {}),
  };
}
