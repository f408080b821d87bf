import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  replicasForMetric,
  groupPods,
  adapterMilli,
  type MetricReading,
  type PodSample,
  type ReplicaContext,
} from '../../../sim/model/autoscaling/hpaMetricReplicas.ts';

const ctx = (over: Partial<ReplicaContext> = {}): ReplicaContext => ({
  currentReplicas: 4,
  statusReplicas: 4,
  readyPods: 4,
  matchingPods: 4,
  ...over,
});
const objectValue = (current: number, target: number): MetricReading => ({ source: 'object', target: { type: 'Value', value: target }, current });
const running = (value?: number, request?: number): PodSample => ({ phase: 'Running', ready: true, value, request });

// ---------------------------------------------------------------------------------------------------------------
const value = suite('object and external metrics with a Value target');

const valueCases: { name: string; metric: MetricReading; ctx: ReplicaContext; replicas: number; reason: string }[] = [
  // Kubernetes docs: current 200m, target 100m, 1 replica -> ratio 2 -> 2 replicas.
  { name: 'docs: 200m over a 100m target doubles one replica', metric: objectValue(0.2, 0.1), ctx: ctx({ currentReplicas: 1, statusReplicas: 1, readyPods: 1, matchingPods: 1 }), replicas: 2, reason: 'MetricRatio' },
  // Kubernetes docs: 50m over 100m halves the count.
  { name: 'docs: 50m over a 100m target halves four replicas', metric: objectValue(0.05, 0.1), ctx: ctx(), replicas: 2, reason: 'MetricRatio' },
  // ratio 1.1 lies on the band edge, but in float64 (as in Go) |1 - 110/100| = 0.10000000000000009 > 0.1, so
  // the real HPA scales: ceil(4.4) = 5. Counterfactual: exact arithmetic would hold at 4.
  { name: 'ratio 1.1 falls just outside the band in float64, as in Go', metric: objectValue(0.11, 0.1), ctx: ctx(), replicas: 5, reason: 'MetricRatio' },
  { name: 'ratio 1.09 is inside the band', metric: objectValue(0.109, 0.1), ctx: ctx(), replicas: 4, reason: 'WithinTolerance' },
  { name: 'ratio 0.9 is inside the band (edge included)', metric: objectValue(0.09, 0.1), ctx: ctx(), replicas: 4, reason: 'WithinTolerance' },
  { name: 'ratio 0.89 is just outside the band', metric: objectValue(0.089, 0.1), ctx: ctx(), replicas: 4, reason: 'MetricRatio' }, // ceil(3.56)
  // The kiosk's 2019 "too many consumers" constant: 0.135 / 0.15 = 0.9, exactly on the band, so it holds.
  { name: 'kiosk 2019: 0.135 against 0.15 holds the count', metric: objectValue(0.135, 0.15), ctx: ctx({ currentReplicas: 300, statusReplicas: 300, readyPods: 300 }), replicas: 300, reason: 'WithinTolerance' },
  // 2020: 0.1125 arrives as 112m (adapter truncation): 112/150 = 0.7467 -> ceil(0.7467 x 300) = 224.
  { name: 'kiosk 2020: 0.1125 against 0.15 shrinks 300 to 224', metric: objectValue(0.75 * 0.15, 0.15), ctx: ctx({ currentReplicas: 300, statusReplicas: 300, readyPods: 300 }), replicas: 224, reason: 'MetricRatio' },
  // Value targets multiply by READY pods: 8 desired but 2 ready at ratio 2 -> 4, a scale-down of the spec.
  // Counterfactual: multiplying by spec replicas would give 16.
  { name: 'ratio times ready pods, not spec replicas', metric: objectValue(0.2, 0.1), ctx: ctx({ currentReplicas: 8, statusReplicas: 8, readyPods: 2, matchingPods: 8 }), replicas: 4, reason: 'MetricRatio' },
  { name: 'no ready pods proposes zero (the caller clamps to min)', metric: objectValue(0.2, 0.1), ctx: ctx({ readyPods: 0 }), replicas: 0, reason: 'MetricRatio' },
  { name: 'from zero replicas (minReplicas 0) ceil(ratio)', metric: objectValue(0.25, 0.1), ctx: ctx({ currentReplicas: 0, statusReplicas: 0, readyPods: 0, matchingPods: 0 }), replicas: 3, reason: 'ScaleFromZero' },
  { name: 'external Value behaves like object Value', metric: { source: 'external', target: { type: 'Value', value: 10 }, current: 30 }, ctx: ctx(), replicas: 12, reason: 'MetricRatio' },
];
for (const c of valueCases) {
  value(c.name, () => {
    const p = replicasForMetric(c.metric, c.ctx);
    assert.ok(p.valid, p.message);
    assert.is(p.replicas, c.replicas);
    assert.is(p.reason, c.reason);
  });
}
value('a selector matching no pods makes the metric invalid', () => {
  const p = replicasForMetric(objectValue(0.2, 0.1), ctx({ matchingPods: 0, readyPods: 0 }));
  assert.not.ok(p.valid);
});
value('the adapter truncates to milli-units', () => {
  assert.is(adapterMilli(0.1125), 112);
  assert.is(adapterMilli(0.135), 135);
  assert.is(adapterMilli(70), 70000);
});
value.run();

// ---------------------------------------------------------------------------------------------------------------
const average = suite('object and external metrics with an AverageValue target');
const averageCases: { name: string; current: number; perPod: number; status: number; replicas: number; reason: string }[] = [
  // KEDA's Redis list: LLEN 250, listLength 10 -> ceil(25) = 25 whatever the current count.
  { name: 'LLEN 250 at 10 per pod asks for 25', current: 250, perPod: 10, status: 5, replicas: 25, reason: 'MetricRatio' },
  // 43 / (10 x 4) = 1.075: inside the band, holds at the status count (counterfactual: ceil(4.3) = 5).
  { name: 'total 43 at 10 per pod with 4 pods is within tolerance', current: 43, perPod: 10, status: 4, replicas: 4, reason: 'WithinTolerance' },
  { name: 'total 45 at 10 per pod with 4 pods leaves the band', current: 45, perPod: 10, status: 4, replicas: 5, reason: 'MetricRatio' },
  // 36 / 40 = 0.9: the lower edge is inside in float64 (1 - 0.9 = 0.09999999999999998).
  { name: 'total 36 at 10 per pod with 4 pods is on the lower edge, inside', current: 36, perPod: 10, status: 4, replicas: 4, reason: 'WithinTolerance' },
  { name: 'total 35 at 10 per pod with 4 pods leaves the band downwards', current: 35, perPod: 10, status: 4, replicas: 4, reason: 'MetricRatio' },
  { name: 'an empty list asks for zero', current: 0, perPod: 10, status: 3, replicas: 0, reason: 'MetricRatio' },
];
for (const c of averageCases) {
  average(c.name, () => {
    const p = replicasForMetric({ source: 'external', target: { type: 'AverageValue', averageValue: c.perPod }, current: c.current }, ctx({ statusReplicas: c.status, currentReplicas: c.status }));
    assert.is(p.replicas, c.replicas);
    assert.is(p.reason, c.reason);
  });
}
average.run();

// ---------------------------------------------------------------------------------------------------------------
const pods = suite('pods and resource metrics: pending, unready and missing pods');

pods('groupPods: skips failed and deleting pods, ignores pending, flags missing, ignores unready only for cpu', () => {
  const list: PodSample[] = [
    { phase: 'Running', ready: true, value: 1 },
    { phase: 'Running', ready: false, value: 1 },
    { phase: 'Pending', ready: false },
    { phase: 'Running', ready: true },
    { phase: 'Failed', ready: false, value: 1 },
    { phase: 'Running', ready: true, value: 1, deleting: true },
  ];
  const cpu = groupPods(list, true);
  assert.equal([cpu.counted.length, cpu.ignored.length, cpu.missing.length], [1, 2, 1]);
  const custom = groupPods(list, false);
  assert.equal([custom.counted.length, custom.ignored.length, custom.missing.length], [2, 1, 1]);
});

const podsMetric = (target: number, samples: PodSample[]): MetricReading => ({ source: 'pods', name: 'qps', target: { type: 'AverageValue', averageValue: target }, pods: samples });
const cpuMetric = (utilization: number, samples: PodSample[]): MetricReading => ({ source: 'resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization }, pods: samples });

const podCases: { name: string; metric: MetricReading; current: number; replicas: number; reason: string }[] = [
  { name: 'pods metric: mean 20 over target 10 on 3 pods -> 6', metric: podsMetric(10, [running(20), running(20), running(20)]), current: 3, replicas: 6, reason: 'MetricRatio' },
  // Scale-up with one missing pod: the missing one counts as 0. Mean (30+30+0)/3 = 20 -> ratio 2 -> ceil(2 x 3) = 6.
  // Counterfactual: ignoring the missing pod would give ceil(3 x 2) = 6 from 2 pods at ratio 3 -> 6 as well;
  // so use an uneven case below.
  { name: 'scale-up: a missing pod counts as 0 %', metric: podsMetric(10, [running(30), running(30), running(undefined)]), current: 3, replicas: 6, reason: 'MetricRatio' },
  // Scale-down with a missing pod: it counts as 100 % of target. (2 + 2 + 10)/3 = 4.66 -> trunc 4666m / 10000m
  // = 0.4666 -> ceil(1.4) = 2. Counterfactual: without the fill, ratio 0.2 x 2 pods -> 1.
  { name: 'scale-down: a missing pod counts as 100 % of target', metric: podsMetric(10, [running(2), running(2), running(undefined)]), current: 3, replicas: 2, reason: 'MetricRatio' },
  // Fill lands in the band: (9 + 12)/2... counted 12 -> ratio 1.2 > 1, missing filled with 0: (12+0)/2 = 6 -> 0.6:
  // direction flips from up to down, so the count holds.
  { name: 'a fill that reverses the direction holds the count', metric: podsMetric(10, [running(12), running(undefined)]), current: 2, replicas: 2, reason: 'DirectionFlipped' },
  // (11.5 + 10 fill)/2 on a scale-down? 0.8 counted, missing as 100 % -> (8 + 10)/2 = 9 -> 0.9: inside the band.
  { name: 'a fill that lands in the band holds the count', metric: podsMetric(10, [running(8), running(undefined)]), current: 2, replicas: 2, reason: 'WithinTolerance' },
  // A pending pod is set aside on a scale-up and rebalanced as 0 %: (30 + 0)/2 = 15 -> 1.5 x 2 = 3.
  // Counterfactual: without the rebalance, ratio 3 x 1 pod -> 3 as well; with two pending: (30+0+0)/3 = 10 -> band.
  { name: 'pending pods count as 0 % on a scale-up (and can cancel it)', metric: podsMetric(10, [running(30), { phase: 'Pending', ready: false }, { phase: 'Pending', ready: false }]), current: 3, replicas: 3, reason: 'WithinTolerance' },
  // Pending pods are ignored on a scale-down: 1 pod at 0.5 -> ceil(0.5) = 1.
  { name: 'pending pods are ignored on a scale-down', metric: podsMetric(10, [running(5), { phase: 'Pending', ready: false }]), current: 2, replicas: 1, reason: 'MetricRatio' },
  // cpu utilization: usage 0.9 core of 1 core requested on 2 pods = 90 % vs 50 % -> ratio 1.8 -> ceil(3.6) = 4.
  { name: 'cpu utilization 90 % against 50 % on 2 pods -> 4', metric: cpuMetric(50, [running(0.9, 1), running(0.9, 1)]), current: 2, replicas: 4, reason: 'MetricRatio' },
  // An unready cpu pod is ignored then rebalanced at 0 % on a scale-up: (0.9 + 0.9 + 0)/3 = 60 % -> 1.2 x 3 = 4.
  // Counterfactual: counting its own 0.9 would give 90 % x 3 -> ceil(5.4) = 6.
  { name: 'cpu: an unready pod is rebalanced as 0 % on a scale-up', metric: cpuMetric(50, [running(0.9, 1), running(0.9, 1), { phase: 'Running', ready: false, value: 0.9, request: 1 }]), current: 3, replicas: 4, reason: 'MetricRatio' },
  // Missing cpu pod on a scale-down counts as its whole request: (0.1 + 0.1 + 1)/3 = 40 % vs 50 % -> 0.8 -> ceil(2.4) = 3 = current: held? newRatio 0.8 outside band, proposal 3, not > current -> 3.
  { name: 'cpu: a missing pod counts as its full request on a scale-down', metric: cpuMetric(50, [running(0.1, 1), running(0.1, 1), running(undefined, 1)]), current: 3, replicas: 3, reason: 'MetricRatio' },
];
for (const c of podCases) {
  pods(c.name, () => {
    const p = replicasForMetric(c.metric, ctx({ currentReplicas: c.current, statusReplicas: c.current, readyPods: c.current, matchingPods: c.current }));
    assert.ok(p.valid, p.message);
    assert.is(p.replicas, c.replicas, p.message);
    assert.is(p.reason, c.reason);
  });
}
pods('no pod with a sample makes the metric invalid', () => {
  const p = replicasForMetric(podsMetric(10, [running(undefined), { phase: 'Pending', ready: false }]), ctx());
  assert.not.ok(p.valid);
});
pods('a Utilization target without pod requests is invalid', () => {
  const p = replicasForMetric(cpuMetric(50, [running(0.5)]), ctx());
  assert.not.ok(p.valid);
});
pods.run();
