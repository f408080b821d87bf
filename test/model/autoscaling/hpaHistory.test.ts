import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyHpaHistory, appendRecommendation, appendScaleEvent, changeInPeriod } from '../../../sim/model/autoscaling/hpaHistory.ts';

test('appendRecommendation keeps records up to keepS old (edge included) and marks the history started', () => {
  let h = emptyHpaHistory();
  h = appendRecommendation(h, { t: 0, replicas: 3 }, 300);
  h = appendRecommendation(h, { t: 300, replicas: 4 }, 300);
  assert.is(h.recommendations.length, 2);
  h = appendRecommendation(h, { t: 301, replicas: 5 }, 300);
  assert.equal(h.recommendations.map((r) => r.t), [300, 301]);
  assert.ok(h.started);
});
test('appendScaleEvent files ups and downs separately; no change records nothing', () => {
  let h = emptyHpaHistory();
  h = appendScaleEvent(h, 2, 5, 0, 15);
  h = appendScaleEvent(h, 5, 1, 10, 15);
  h = appendScaleEvent(h, 1, 1, 12, 15);
  assert.equal(h.scaleUpEvents, [{ t: 0, change: 3 }]);
  assert.equal(h.scaleDownEvents, [{ t: 10, change: 4 }]);
  h = appendScaleEvent(h, 1, 2, 40, 15); // the t=0 up event is older than 15 s: pruned
  assert.equal(h.scaleUpEvents, [{ t: 40, change: 1 }]);
});
test('changeInPeriod counts events strictly inside the period', () => {
  const events = [{ t: 0, change: 3 }, { t: 10, change: 1 }];
  assert.is(changeInPeriod(events, 15, 14), 4);
  assert.is(changeInPeriod(events, 15, 15), 1); // t=0 is exactly 15 s old: out
});
test.run();
