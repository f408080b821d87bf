import type { TopLevelSpec } from 'vega-lite';
import { pooledCost, pooledMakespan, type Configuration } from '../configs/group.ts';
import { COST_COMPONENTS, costComponentsOf } from '../run-dir/derived.ts';
import { COST_COLORS } from './fig2c-cost-vs-cluster.ts';
import { THEME } from './theme.ts';

export interface ConfigurationRow {
  configuration: string;
  /** Position from the top, so bars keep the runs table's order. */
  rank: number;
  hours: number;
  sd_hours: number;
  replications: number;
  component: string;
  order: number;
  usd: number;
  total_usd: number;
  total_sd: number;
}

/** One row per configuration and cost component (the makespan repeats on each; the chart filters). */
export function configurationsData(configs: readonly Configuration[]): ConfigurationRow[] {
  return configs.flatMap((c, rank) => {
    const mk = pooledMakespan(c);
    const cost = pooledCost(c);
    const weights = c.runs.map((r) => Math.max(1, r.summary.replications || 1));
    const wsum = weights.reduce((a, b) => a + b, 0);
    return COST_COMPONENTS.map((component, order) => ({
      configuration: c.label, rank, hours: mk.mean / 3600, sd_hours: mk.sd / 3600, replications: mk.n, component, order,
      usd: c.runs.reduce((s, r, k) => s + costComponentsOf(r)[component] * weights[k]!, 0) / wsum,
      total_usd: cost.mean, total_sd: cost.sd,
    }));
  });
}

/**
 * Makespan bars are grey: blue, green, red and brown mean cost components on this page.
 *
 * The configurations side by side: makespan (h, ± 1 sd over replications) and cost stacked by component, one bar
 * per configuration, so runs that differ in policy, zones or GPU type read apart at a glance.
 */
export function configurationsSpec(rows: readonly ConfigurationRow[]): TopLevelSpec {
  const order = [...new Map(rows.map((r) => [r.configuration, r.rank])).entries()].sort((a, b) => a[1] - b[1]).map(([c]) => c);
  const y = { field: 'configuration', type: 'nominal' as const, title: null, sort: order, axis: { labelLimit: 420 } };
  const firsts = { filter: 'datum.order === 0' };
  const step = 28;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: { text: 'Configurations compared', subtitle: 'Each bar pools the replications of one configuration; black whiskers: ± 1 standard deviation' },
    data: { values: rows },
    hconcat: [
      {
        width: 300,
        height: { step },
        layer: [
          { transform: [firsts], mark: { type: 'bar', color: '#8c8c8c' }, encoding: { y, x: { field: 'hours', type: 'quantitative', title: 'Makespan (h)', scale: { zero: true } }, tooltip: [{ field: 'configuration' }, { field: 'hours', format: '.2f' }, { field: 'sd_hours', format: '.2f', title: 'sd (h)' }, { field: 'replications' }] } },
          { transform: [firsts, { filter: 'datum.sd_hours > 0' }, { calculate: 'max(0, datum.hours - datum.sd_hours)', as: 'lo' }, { calculate: 'datum.hours + datum.sd_hours', as: 'hi' }], mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
          // The label sits past the whisker, so neither hides the other.
          { transform: [firsts, { calculate: "format(datum.hours, '.2f') + ' h'", as: 'label' }, { calculate: 'datum.hours + datum.sd_hours', as: 'end' }], mark: { type: 'text', align: 'left', dx: 5, fontSize: 10 }, encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
      {
        width: 300,
        height: { step },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              y: { ...y, axis: null },
              x: { field: 'usd', type: 'quantitative', aggregate: 'sum', stack: 'zero', title: 'Cost (USD)' },
              color: { field: 'component', type: 'nominal', title: 'Cost component', scale: { domain: [...COST_COMPONENTS], range: COST_COLORS }, sort: [...COST_COMPONENTS], legend: { orient: 'bottom' } },
              order: { field: 'order', type: 'quantitative' },
              tooltip: [{ field: 'configuration' }, { field: 'component' }, { field: 'usd', format: '$.2f', title: 'USD' }],
            },
          },
          { transform: [firsts, { calculate: "'$' + format(datum.total_usd, datum.total_usd < 10 ? '.2f' : '.0f')", as: 'label' }], mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { y: { ...y, axis: null }, x: { field: 'total_usd', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}
