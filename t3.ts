import * as tf from '@tensorflow/tfjs';
import { useBackend } from './calibrate/backends/index.ts';
import { featureNetPlan, planReceptiveField } from './calibrate/models/featurenet.ts';
import { MODEL_BUILDERS } from './calibrate/models/index.ts';
const p = featureNetPlan(41); console.error(JSON.stringify(p), planReceptiveField(p));
const b = await useBackend((process.argv[2] ?? 'tfjs-wasm') as any);
for (const [name, hw] of [['featurenet', [64,64]], ['featurenet', [128,128]],['featurenet', [256,256]]] as const) {
  const m = MODEL_BUILDERS[name](hw[0], hw[1]);
  console.error(name, m.countParams(), m.outputs.map(o => o.shape));
  const x = tf.randomNormal([1, hw[0], hw[1], 1]);
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const out = m.predict(x) as tf.Tensor[];
    out.forEach(o => o.dataSync());
    console.error(name, hw, ((performance.now()-t0)/1000).toFixed(3), 's');
    tf.dispose(out);
  }
}
