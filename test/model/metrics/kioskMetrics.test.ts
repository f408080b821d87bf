import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  consumerMetric,
  zipConsumerMetric,
  tfServingMetric,
  CONSUMER_RULE,
  dutyCycleFromCounter,
  exporterKeyCount,
} from '../../../sim/model/metrics/kioskMetrics.ts';
import { recommend, emptyHpaHistory } from '../../../sim/model/autoscaling/hpa.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { kioskHpas } from '../../../sim/model/controllers/kioskControllers.ts';
import type { MetricsPipeline, RuleValues } from '../../../sim/model/metrics/metricsPipeline.ts';
import { KIOSK_2019 } from '../../../sim/scenario/presets.ts';
import type { PlainObject } from '../../../sim/scenario/merge.ts';
import { configFrom } from '../../support/configFrom.ts';

/** The kiosk's HPAs as the product builds them (kioskHpas), from the scenario defaults or the 2019 preset. */
function productHpas(era: '2019' | '2020', gpuMax: number) {
  const overrides: PlainObject = { ...(era === '2019' ? (KIOSK_2019 as PlainObject) : {}) };
  const cfg = configFrom({ ...overrides, cluster: { pools: { gpu: { max: gpuMax } } } });
  const ctx = new KioskContext(cfg, 1);
  // a pipeline that always reads the same values: the HPAs' metric readings then show their targets
  const values: RuleValues = { t: 0, gpuPct: 50, consumer: 0.1, zip: 3, imageKeys: 10, zipKeys: 3 };
  const metrics = { read: () => values } as unknown as MetricsPipeline;
  return kioskHpas(ctx, ctx.cluster, metrics, true);
}

const rule = suite('image-consumer recording rule');
const base = { gpuDutyCyclePct: 20, keys: 1000, consumers: 10, tfServingPods: 1 };
const cases: { name: string; input: typeof base; era: '2019' | '2020'; m: number }[] = [
  { name: 'tf down: the metric is 0 whatever the load', input: { ...base, tfServingPods: 0 }, era: '2020', m: 0 },
  // min(1 - 0.2, 1000/(100 x 10) = 1, 1) = 0.8: the GPU term binds.
  { name: 'GPU idle time binds: 1 - u/100', input: base, era: '2020', m: 0.8 },
  // min(0.8, 50/1000 = 0.05, 1): the key term binds.
  { name: 'few keys bind: K/(100 c)', input: { ...base, keys: 50 }, era: '2020', m: 0.05 },
  { name: 'never above 1', input: { ...base, gpuDutyCyclePct: -50, keys: 1e6 }, era: '2020', m: 1 },
  // c/g = 150 is still the normal branch (<=): min(0.8, 1000/15000, 1).
  { name: '150 consumers per GPU is still the normal branch', input: { ...base, consumers: 150 }, era: '2020', m: 1000 / 15000 },
  // 151 per GPU: the constant. Counterfactual: the normal branch would give 1000/15100 = 0.066.
  { name: '151 consumers per GPU reports 0.1125 (2020)', input: { ...base, consumers: 151 }, era: '2020', m: 0.75 * 0.15 },
  { name: '151 consumers per GPU reports 0.135 (2019)', input: { ...base, consumers: 151 }, era: '2019', m: 0.9 * 0.15 },
  // g counts available pods: 300 consumers on 2 pods is 150 per GPU, normal branch.
  { name: 'the ratio divides by available tf-serving pods', input: { ...base, consumers: 300, tfServingPods: 2 }, era: '2020', m: 1000 / 30000 },
  { name: 'no consumers and keys waiting: the GPU term decides', input: { ...base, consumers: 0 }, era: '2020', m: 0.8 },
  { name: 'no consumers and no keys: 0', input: { ...base, consumers: 0, keys: 0 }, era: '2020', m: 0 },
];
for (const c of cases) rule(c.name, () => assert.ok(Math.abs(consumerMetric(c.input, CONSUMER_RULE[c.era]) - c.m) < 1e-12, `${consumerMetric(c.input, CONSUMER_RULE[c.era])}`));
rule('through the HPA: 2019 holds a too-large consumer pool, 2020 shrinks it', () => {
  const consumerHpa = productHpas('2019', 4)[1]!.target; // consumer max 600, above the 301 used here
  assert.is(consumerHpa.spec.maxReplicas, 600);
  const target = consumerHpa.metric(0)!.target;
  const over = { ...base, consumers: 301, tfServingPods: 2 };
  const run = (era: '2019' | '2020') =>
    recommend({ spec: consumerHpa.spec, currentReplicas: 301, readyPods: 301, metrics: [{ source: 'object', target, current: consumerMetric(over, CONSUMER_RULE[era]) }], history: { ...emptyHpaHistory(), started: true } }, 0);
  assert.is(run('2019').replicas, 301); // 135m / 150m = 0.9: inside the tolerance band
  assert.is(run('2020').replicas, 225); // 112m / 150m x 301 = 224.75 -> 225
});
rule.run();

const other = suite('zip-consumer and tf-serving metrics, HPA targets');
other('zip metric is keys per replica; target 2 in 2020 and 1 in 2019', () => {
  assert.is(zipConsumerMetric(10, 4), 2.5);
  assert.is(zipConsumerMetric(0, 0), 0);
  assert.is(zipConsumerMetric(3, 0), Number.POSITIVE_INFINITY);
  const zipTarget = (era: '2019' | '2020') => productHpas(era, 8)[2]!.target.metric(0)!.target;
  assert.equal(zipTarget('2020'), { type: 'Value', value: 2 });
  assert.equal(zipTarget('2019'), { type: 'Value', value: 1 });
});
other('the HPAs the kiosk builds: bounds scale with GPU max (1..G, 1..150 G, 1..100 G), legacy mode, targets', () => {
  for (const g of [1, 8]) {
    const hpas = productHpas('2020', g);
    assert.equal(hpas.map((h) => h.target.kind), ['tf-serving', 'image-consumer', 'zip-consumer']);
    assert.equal(hpas.map((h) => [h.target.spec.minReplicas, h.target.spec.maxReplicas]), [[1, g], [1, 150 * g], [1, 100 * g]]);
    assert.ok(hpas.every((h) => h.target.spec.mode === 'legacy'), 'the kiosk HPAs set no behavior');
    const readings = hpas.map((h) => h.target.metric(0)!);
    assert.equal(readings.map((r) => r.target), [{ type: 'Value', value: 70 }, { type: 'Value', value: 0.15 }, { type: 'Value', value: 2 }]);
    assert.equal(readings.map((r) => (r.source === 'object' ? r.current : NaN)), [50, 0.1, 3], 'each HPA reads its own rule');
  }
});
other('tf-serving metric is the mean duty cycle; no pods, no sample', () => {
  assert.is(tfServingMetric([60, 80]), 70);
  assert.is(tfServingMetric([]), undefined);
});
other.run();

const prom = suite('Prometheus and exporter arithmetic');
prom('duty cycle from a busy-seconds counter', () => {
  assert.is(dutyCycleFromCounter(100, 107.5, 15), 50);
  assert.is(dutyCycleFromCounter(0, 20, 15), 100); // clamped
  assert.is(dutyCycleFromCounter(5, 4, 15), 0); // a counter never falls; clamped anyway
  assert.is(dutyCycleFromCounter(0, 5, 0), 0); // no window, no value
});
prom('exporter key count: LLEN + the lengths of the processing lists', () => {
  assert.is(exporterKeyCount(40, [1, 1, 1]), 43);
  assert.is(exporterKeyCount(0, []), 0);
});
prom.run();
