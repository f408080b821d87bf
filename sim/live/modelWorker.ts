/**
 * The model server's compute thread: a small convolutional network in TF.js on real float32 tiles.
 * It runs apart from the HTTP thread, as TF-Serving's batch threads run apart from its request
 * threads, so requests arriving during a batch are received and queued (and can time out) at once
 * instead of waiting for the batch to end. Messages: {warmup, maxBatch} -> {warm}; {run, id, size,
 * data} -> {id, data, seconds} (seconds: the compute alone).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

export interface ModelSpec {
  tileSize: number;
  filters: number;
  seed: number;
}

export function buildModel(tile: number, filters: number, seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [tile, tile, 1], filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.conv2d({ filters: 1, kernelSize: 1, padding: 'same', activation: 'sigmoid', kernelInitializer: init(3) }));
  return model;
}

async function main(port: NonNullable<typeof parentPort>, spec: ModelSpec): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  const t = spec.tileSize;
  const model = buildModel(t, spec.filters, spec.seed);
  const compute = async (data: Float32Array, size: number): Promise<Float32Array> => {
    const input = tf.tensor4d(data, [size, t, t, 1]);
    const output = model.predict(input) as tf.Tensor;
    const values = (await output.data()) as Float32Array;
    tf.dispose([input, output]);
    return values;
  };
  port.on('message', (m: { kind: 'warmup'; maxBatch: number } | { kind: 'run'; id: number; size: number; data: Float32Array }) => {
    if (m.kind === 'warmup') {
      // the first call of each batch size builds TF.js kernels: time it away from the run
      (async () => {
        for (let n = 1; n <= m.maxBatch; n++) await compute(new Float32Array(n * t * t), n);
        port.postMessage({ kind: 'warm' });
      })().catch((e: Error) => { throw e; });
      return;
    }
    const t0 = performance.now();
    compute(m.data, m.size).then((values) => {
      port.postMessage({ kind: 'done', id: m.id, data: values, seconds: (performance.now() - t0) / 1000 }, [values.buffer as ArrayBuffer]);
    }, (e: Error) => { throw e; });
  });
}

if (parentPort) main(parentPort, workerData as ModelSpec).catch((e: Error) => { throw e; });
