/**
 * The planner's chart: makespan vs cost of the Pareto front, each point with its 95% CI bars, the
 * deadline and budget as lines, the recommendation marked. Takes the `plan --json` answer's shape
 * (only the fields it draws), so reports/ needs nothing from sim/plan.
 */
import type { TopLevelSpec } from 'vega-lite';
import { THEME } from './theme.ts';

interface StatLike { mean: number; ci95: [number | null, number | null] }
interface PointLike { settings: Record<string, unknown>; makespan_s: StatLike; cost_usd: StatLike }
export interface ParetoInput {
  plan: string;
  goal: { deadline_s: number; budget_usd: number };
  pareto: PointLike[];
  recommendation: PointLike | null;
}

/** An interval end; one replication has none (NaN, null in JSON): the mean stands in. */
const fin = (x: number | null, mean: number) => (typeof x === 'number' && Number.isFinite(x) ? x : mean);

const label = (p: PointLike) => Object.entries(p.settings).map(([k, v]) => `${k.split('.').pop()}=${String(v)}`).join(' ');

export function paretoRows(a: ParetoInput) {
  const rec = a.recommendation ? label(a.recommendation) : undefined;
  const rows = a.pareto.map((p) => ({
    label: label(p),
    makespan_h: p.makespan_s.mean / 3600,
    makespan_lo: fin(p.makespan_s.ci95[0], p.makespan_s.mean) / 3600,
    makespan_hi: fin(p.makespan_s.ci95[1], p.makespan_s.mean) / 3600,
    cost: p.cost_usd.mean,
    cost_lo: fin(p.cost_usd.ci95[0], p.cost_usd.mean),
    cost_hi: fin(p.cost_usd.ci95[1], p.cost_usd.mean),
    recommended: label(p) === rec,
  }));
  if (a.recommendation && !rows.some((r) => r.recommended)) rows.push({ ...paretoRows({ ...a, pareto: [a.recommendation] })[0]!, recommended: true });
  return rows;
}

export function paretoSpec(a: ParetoInput): TopLevelSpec {
  const rows = paretoRows(a);
  const x = { field: 'makespan_h', type: 'quantitative', title: 'makespan (h)' } as const;
  const y = { field: 'cost', type: 'quantitative', title: 'cost (USD)' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `plan ${a.plan}: Pareto front of makespan vs cost`, subtitle: 'bars: 95% CIs; dashed: deadline and budget; red: the recommendation' },
    config: THEME,
    width: 520,
    height: 340,
    layer: [
      { data: { values: rows }, mark: { type: 'rule' }, encoding: { x: { field: 'makespan_lo', type: 'quantitative' }, x2: { field: 'makespan_hi' }, y } },
      { data: { values: rows }, mark: { type: 'rule' }, encoding: { y: { field: 'cost_lo', type: 'quantitative' }, y2: { field: 'cost_hi' }, x } },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: { x, y, color: { field: 'recommended', type: 'nominal', scale: { domain: [false, true], range: ['#4e79a7', '#e15759'] }, legend: null }, tooltip: [{ field: 'label' }] },
      },
      { data: { values: [{ deadline_h: a.goal.deadline_s / 3600 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#e15759' }, encoding: { x: { field: 'deadline_h', type: 'quantitative' } } },
      { data: { values: [{ budget: a.goal.budget_usd }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#59a14f' }, encoding: { y: { field: 'budget', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}
