import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  recommend,
  emptyHpaHistory,
  clampLegacy,
  DEFAULT_BEHAVIOR,
  type HpaSpec,
  type HpaHistory,
  type MetricReading,
  type Behavior,
} from '../../../sim/model/autoscaling/hpa.ts';

/** An external AverageValue metric (10 per pod) whose proposal is exactly `d` (when outside the band). */
const wants = (d: number): MetricReading => ({ source: 'external', target: { type: 'AverageValue', averageValue: 10 }, current: d * 10 });
const legacy = (over: Partial<HpaSpec> = {}): HpaSpec => ({ mode: 'legacy', minReplicas: 1, maxReplicas: 100, ...over });
const withBehavior = (behavior: Behavior, over: Partial<HpaSpec> = {}): HpaSpec => ({ mode: 'behavior', minReplicas: 1, maxReplicas: 100, behavior, ...over });

/** Runs syncs at the given times, applying each recommendation; returns the counts after each sync. */
function drive(spec: HpaSpec, start: number, steps: { t: number; desired: number }[]): { counts: number[]; reasons: string[] } {
  let current = start;
  let history: HpaHistory = emptyHpaHistory();
  const counts: number[] = [];
  const reasons: string[] = [];
  for (const s of steps) {
    const r = recommend({ spec, currentReplicas: current, readyPods: current, metrics: [wants(s.desired)], history }, s.t);
    history = r.history;
    current = r.replicas;
    counts.push(current);
    reasons.push(r.reason);
  }
  return { counts, reasons };
}
const every = (periodS: number, n: number, desired: number) => Array.from({ length: n }, (_, i) => ({ t: i * periodS, desired }));

// ---------------------------------------------------------------------------------------------------------------
const gates = suite('recommend: gates before the metrics');

gates('from zero replicas the HPA does nothing (ScalingDisabled)', () => {
  const r = recommend({ spec: legacy(), currentReplicas: 0, readyPods: 0, metrics: [wants(50)], history: emptyHpaHistory() }, 0);
  assert.is(r.replicas, 0);
  assert.is(r.reason, 'ScalingDisabled');
});
gates('with minReplicas 0, zero replicas is not disabled: scales from zero', () => {
  const r = recommend({ spec: legacy({ minReplicas: 0 }), currentReplicas: 0, readyPods: 0, metrics: [{ source: 'object', target: { type: 'Value', value: 1 }, current: 3 }], history: emptyHpaHistory() }, 0);
  assert.is(r.replicas, 3);
});
gates('above maxReplicas goes straight to max; below minReplicas to min', () => {
  assert.is(recommend({ spec: legacy({ maxReplicas: 5 }), currentReplicas: 9, readyPods: 9, metrics: [wants(9)], history: emptyHpaHistory() }, 0).reason, 'AboveMaxReplicas');
  assert.is(recommend({ spec: legacy({ minReplicas: 3 }), currentReplicas: 2, readyPods: 2, metrics: [wants(1)], history: emptyHpaHistory() }, 0).replicas, 3);
});
gates('several metrics: the largest proposal wins', () => {
  const r = recommend({ spec: legacy(), currentReplicas: 4, readyPods: 4, metrics: [wants(2), wants(7), wants(5)], history: emptyHpaHistory() }, 0);
  assert.is(r.metricReplicas, 7);
  assert.is(r.replicas, 7);
});
gates('invalid metrics are skipped; all invalid keeps the count', () => {
  const bad: MetricReading = { source: 'pods', target: { type: 'AverageValue', averageValue: 1 }, pods: [] };
  assert.is(recommend({ spec: legacy(), currentReplicas: 4, readyPods: 4, metrics: [bad, wants(6)], history: emptyHpaHistory() }, 0).replicas, 6);
  const r = recommend({ spec: legacy(), currentReplicas: 4, readyPods: 4, metrics: [bad], history: emptyHpaHistory() }, 0);
  assert.is(r.replicas, 4);
  assert.is(r.reason, 'FailedGetMetrics');
});
gates('inside the tolerance band the reason says so', () => {
  const r = recommend({ spec: legacy(), currentReplicas: 10, readyPods: 10, metrics: [wants(10.5)], history: emptyHpaHistory() }, 0);
  assert.is(r.replicas, 10);
  assert.is(r.reason, 'WithinTolerance');
});
gates.run();

// ---------------------------------------------------------------------------------------------------------------
const old = suite('legacy mode (Kubernetes <= 1.17, the kiosk\'s GKE 1.14)');

old('scale-up cap max(2 x current, 4) per sync: 1 -> 4 -> 8 -> 16 -> 20', () => {
  const { counts, reasons } = drive(legacy(), 1, every(15, 5, 20));
  assert.equal(counts, [4, 8, 16, 20, 20]);
  assert.is(reasons[0], 'ScaleUpLimit');
});
old('the cap binds at max(2 x 3, 4) = 6, not 4, for 3 replicas', () => {
  assert.equal(clampLegacy(3, 50, 1, 100).replicas, 6);
  assert.equal(clampLegacy(1, 50, 1, 100).replicas, 4);
  // maxReplicas below the cap: the reason is TooManyReplicas, not ScaleUpLimit.
  assert.equal(clampLegacy(3, 50, 1, 5), { replicas: 5, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
});
old('downscale stabilisation: the highest recommendation of the last 300 s holds; the drop comes at 315 s', () => {
  // t=0: 10 replicas recommended 10 (and the initial record); then every sync recommends 3.
  const steps = [{ t: 0, desired: 10 }, ...Array.from({ length: 21 }, (_, i) => ({ t: 15 * (i + 1), desired: 3 }))];
  const { counts, reasons } = drive(legacy(), 10, steps);
  assert.is(counts[steps.findIndex((s) => s.t === 300)], 10); // the t=0 record is exactly 300 s old: still in.
  assert.is(reasons[steps.findIndex((s) => s.t === 300)], 'ScaleDownStabilized');
  assert.is(counts[steps.findIndex((s) => s.t === 315)], 3); // counterfactual: no stabilisation drops at t=15.
});
old('the first sync records the current count, so a new HPA cannot shrink for 5 min', () => {
  const { counts } = drive(legacy(), 10, [{ t: 0, desired: 2 }, { t: 299, desired: 2 }, { t: 301, desired: 2 }]);
  assert.equal(counts, [10, 10, 2]);
});
old('a stale higher recommendation can raise the count (max over the window includes scale-ups)', () => {
  // current 4 recommends 40 at t=0 (capped to 8); at t=15 it recommends 5, but 40 is in the window -> cap 16.
  // Counterfactual: without the window the count would fall back towards 5.
  const { counts } = drive(legacy(), 4, [{ t: 0, desired: 40 }, { t: 15, desired: 5 }]);
  assert.equal(counts, [8, 16]);
});
old('a custom downscale window of 60 s drops after 60 s', () => {
  const { counts } = drive(legacy({ downscaleStabilizationS: 60 }), 10, [{ t: 0, desired: 2 }, { t: 60, desired: 2 }, { t: 75, desired: 2 }]);
  assert.equal(counts, [10, 10, 2]);
});
old.run();

// ---------------------------------------------------------------------------------------------------------------
const behave = suite('behavior mode (1.18+): windows and rate policies');

behave('defaults: scale-up max(+100 %, +4 pods) per 15 s: 1 -> 5 -> 10 -> 20', () => {
  const { counts, reasons } = drive(withBehavior(DEFAULT_BEHAVIOR), 1, every(15, 4, 20));
  assert.equal(counts, [5, 10, 20, 20]);
  assert.is(reasons[0], 'ScaleUpLimit');
});
behave('defaults: a scale-up event 15 s old no longer counts (strictly inside the period only)', () => {
  // t=0: 1 -> 5. At t=14 the event is still in the period: limit max(ceil(1 x 2), 1 + 4) = 5: no change.
  const { counts } = drive(withBehavior(DEFAULT_BEHAVIOR), 1, [{ t: 0, desired: 20 }, { t: 14, desired: 20 }, { t: 15, desired: 20 }]);
  assert.equal(counts, [5, 5, 10]);
});
behave('defaults: scale-down waits for the 300 s window, then 100 % per 15 s lets it drop at once', () => {
  const steps = [{ t: 0, desired: 10 }, { t: 15, desired: 2 }, { t: 300, desired: 2 }, { t: 301, desired: 2 }];
  const { counts, reasons } = drive(withBehavior(DEFAULT_BEHAVIOR), 10, steps);
  // t=300: the t=0 records (10) are not strictly newer than 300 - 300 = 0, so they have left the window and
  // only the t=15 record (2) remains: the drop comes at 300. Counterfactual: legacy (>= cutoff) holds until 315.
  assert.equal(counts, [10, 10, 2, 2]);
  assert.is(reasons[1], 'ScaleDownStabilized');
});
behave('docs: scale-down 10 % or 4 pods per 60 s (Max) walks 80 down to 10 in the documented steps', () => {
  const b: Behavior = {
    scaleUp: DEFAULT_BEHAVIOR.scaleUp,
    scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 10, periodSeconds: 60 }] },
  };
  const { counts, reasons } = drive(withBehavior(b), 80, every(60, 14, 10));
  // 10 % of 80 = 8 beats 4; at 72, 10 % = 7.2 removes 8 (the kept count truncates); below 40 the 4-pod policy wins.
  assert.equal(counts, [72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10]);
  assert.is(reasons[0], 'ScaleDownLimit');
});
behave('docs: within one period a second step is blocked by the earlier event', () => {
  const b: Behavior = { scaleUp: DEFAULT_BEHAVIOR.scaleUp, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } };
  const { counts } = drive(withBehavior(b), 80, every(15, 5, 10));
  assert.equal(counts, [72, 72, 72, 72, 64]); // t = 0, 15, 30, 45 (event at 0 still inside), 60 (outside)
});
behave('selectPolicy Min picks the smaller change', () => {
  const b: Behavior = { scaleUp: DEFAULT_BEHAVIOR.scaleUp, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 10, periodSeconds: 60 }] } };
  const { counts } = drive(withBehavior(b), 80, [{ t: 0, desired: 10 }]);
  assert.equal(counts, [76]); // Max would remove 8
});
behave('docs: selectPolicy Disabled stops scale-down entirely', () => {
  const b: Behavior = { scaleUp: DEFAULT_BEHAVIOR.scaleUp, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } };
  const { counts, reasons } = drive(withBehavior(b), 8, every(15, 3, 1));
  assert.equal(counts, [8, 8, 8]);
  assert.is(reasons[0], 'ScaleDownLimit');
});
behave('a scale-up stabilisation window of 60 s uses the lowest recent recommendation', () => {
  const b: Behavior = { scaleUp: { ...DEFAULT_BEHAVIOR.scaleUp, stabilizationWindowSeconds: 60 }, scaleDown: DEFAULT_BEHAVIOR.scaleDown };
  // The first sync records the current 2; a steady demand of 6 only lands once that record leaves the window.
  const { counts, reasons } = drive(withBehavior(b), 2, [{ t: 0, desired: 6 }, { t: 30, desired: 6 }, { t: 61, desired: 6 }]);
  assert.equal(counts, [2, 2, 6]);
  assert.is(reasons[0], 'ScaleUpStabilized');
});
behave('rate limits never exceed maxReplicas (TooManyReplicas)', () => {
  const { counts, reasons } = drive(withBehavior(DEFAULT_BEHAVIOR, { maxReplicas: 3 }), 1, [{ t: 0, desired: 20 }]);
  assert.equal(counts, [3]);
  assert.is(reasons[0], 'TooManyReplicas');
});
behave('a scale-down to below min is TooFewReplicas', () => {
  const b: Behavior = { scaleUp: DEFAULT_BEHAVIOR.scaleUp, scaleDown: { ...DEFAULT_BEHAVIOR.scaleDown, stabilizationWindowSeconds: 0 } };
  const { counts, reasons } = drive(withBehavior(b, { minReplicas: 2 }), 6, [{ t: 0, desired: 0 }]);
  assert.equal(counts, [2]);
  assert.is(reasons[0], 'TooFewReplicas');
});
behave('history stays bounded: old recommendations and events are pruned', () => {
  let history = emptyHpaHistory();
  let current = 5;
  for (let i = 0; i < 200; i++) {
    const r = recommend({ spec: withBehavior(DEFAULT_BEHAVIOR), currentReplicas: current, readyPods: current, metrics: [wants(i % 2 ? 9 : 3)], history }, i * 15);
    history = r.history;
    current = r.replicas;
  }
  assert.ok(history.recommendations.length <= 22, `${history.recommendations.length}`);
  assert.ok(history.scaleUpEvents.length <= 2 && history.scaleDownEvents.length <= 2);
});
behave.run();
