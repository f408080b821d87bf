import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { initialReplicas } from '../../../sim/model/autoscaling/initialReplicas.ts';
import { configFrom } from '../../support/configFrom.ts';

test('fixed: the fixed counts; zip consumers only when the run uses zips', () => {
  const a = configFrom({ autoscaling: { policy: 'fixed', fixed: { serving: 2, image_consumers: 5, zip_consumers: 3 } } }).autoscaling;
  assert.equal(initialReplicas(a, true), [['tf-serving', 2], ['image-consumer', 5], ['zip-consumer', 3]]);
  assert.equal(initialReplicas(a, false), [['tf-serving', 2], ['image-consumer', 5]]);
});

test('kiosk: tf-serving from 0, consumers at their HPA minimum; keda: everything from 0', () => {
  const kiosk = configFrom({ autoscaling: { policy: 'kiosk', image_consumer: { min: 2 }, zip_consumer: { min: 1 } } }).autoscaling;
  assert.equal(initialReplicas(kiosk, true), [['tf-serving', 0], ['image-consumer', 2], ['zip-consumer', 1]]);
  const keda = configFrom({ autoscaling: { policy: 'keda' } }).autoscaling;
  assert.equal(initialReplicas(keda, true), [['tf-serving', 0], ['image-consumer', 0], ['zip-consumer', 0]]);
});

test.run();
