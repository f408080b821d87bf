import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  consumerMetric,
  zipConsumerMetric,
  tfServingMetric,
  CONSUMER_RULE,
  kioskHpaTargets,
  kioskHpaSpec,
  avgOverTime,
  dutyCycleFromIntervals,
  dutyCycleFromCounter,
  exporterKeyCount,
} from '../../../sim/model/metrics/kioskMetrics.ts';
import { recommend, emptyHpaHistory } from '../../../sim/model/autoscaling/hpa.ts';

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
rule('the constants are exactly 0.135 and 0.1125 (to float precision)', () => {
  assert.ok(Math.abs(CONSUMER_RULE['2019'].tooManyValue - 0.135) < 1e-15);
  assert.ok(Math.abs(CONSUMER_RULE['2020'].tooManyValue - 0.1125) < 1e-15);
});
rule('through the HPA: 2019 holds a too-large consumer pool, 2020 shrinks it', () => {
  const t = kioskHpaTargets('2019', 4); // consumer max 600, above the 301 used here
  const over = { ...base, consumers: 301, tfServingPods: 2 };
  const run = (era: '2019' | '2020') =>
    recommend({ spec: kioskHpaSpec(t.consumer), currentReplicas: 301, readyPods: 301, metrics: [{ source: 'object', target: { type: 'Value', value: t.consumer.target }, current: consumerMetric(over, CONSUMER_RULE[era]) }], history: { ...emptyHpaHistory(), started: true } }, 0);
  assert.is(run('2019').replicas, 301); // 135m / 150m = 0.9: inside the tolerance band
  assert.is(run('2020').replicas, 225); // 112m / 150m x 301 = 224.75 -> 225
});
rule.run();

const other = suite('zip-consumer and tf-serving metrics, HPA targets');
other('zip metric is keys per replica; target 2 in 2020 and 1 in 2019', () => {
  assert.is(zipConsumerMetric(10, 4), 2.5);
  assert.is(zipConsumerMetric(0, 0), 0);
  assert.is(zipConsumerMetric(3, 0), Number.POSITIVE_INFINITY);
  assert.is(kioskHpaTargets('2020', 8).zipConsumer.target, 2);
  assert.is(kioskHpaTargets('2019', 8).zipConsumer.target, 1);
});
other('bounds scale with GPU max: tf-serving 1..G, consumers 1..150 G, zip 1..100 G', () => {
  const t = kioskHpaTargets('2020', 8);
  assert.equal([t.tfServing.max, t.consumer.max, t.zipConsumer.max], [8, 1200, 800]);
  assert.is(t.tfServing.target, 70);
  assert.is(t.consumer.target, 0.15);
  assert.is(kioskHpaSpec(t.consumer).mode, 'legacy');
});
other('tf-serving metric is the mean duty cycle; no pods, no sample', () => {
  assert.is(tfServingMetric([60, 80]), 70);
  assert.is(tfServingMetric([]), undefined);
});
other.run();

const prom = suite('Prometheus and exporter arithmetic');
prom('avg_over_time includes both ends of the range', () => {
  const s = [{ t: 0, v: 1 }, { t: 30, v: 2 }, { t: 60, v: 3 }, { t: 61, v: 100 }];
  assert.is(avgOverTime(s, 60, 60), 2); // 0, 30, 60 (61 is in the future)
  assert.is(avgOverTime(s, 60.5, 60), 2.5); // t=0 has left the range
  assert.is(avgOverTime(s, 200, 60), undefined);
});
prom('duty cycle over busy intervals: union inside the window', () => {
  // busy 2..6 and 4..8 overlap -> 2..8 = 6 s of a 10 s window = 60 %.
  assert.is(dutyCycleFromIntervals([{ start: 2, end: 6 }, { start: 4, end: 8 }], 0, 10), 60);
  // clipped at the window edges: -5..3 and 9..20 -> 3 + 1 = 4 s of 10.
  assert.is(dutyCycleFromIntervals([{ start: 9, end: 20 }, { start: -5, end: 3 }], 0, 10), 40);
  assert.is(dutyCycleFromIntervals([], 0, 10), 0);
  assert.is(dutyCycleFromIntervals([{ start: 0, end: 100 }], 10, 25), 100);
});
prom('duty cycle from a busy-seconds counter', () => {
  assert.is(dutyCycleFromCounter(100, 107.5, 15), 50);
  assert.is(dutyCycleFromCounter(0, 20, 15), 100); // clamped
});
prom('exporter key count: LLEN + the lengths of the processing lists', () => {
  assert.is(exporterKeyCount(40, [1, 1, 1]), 43);
  assert.is(exporterKeyCount(0, []), 0);
});
prom.run();
