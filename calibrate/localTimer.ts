/**
 * Timing a TF.js model in this process: one model per tile size (the built-in architectures are built
 * for a fixed input size; a loaded model must accept the tile), random input, and the clock stopped
 * only after every output has been read back, so asynchronous backends are timed in full.
 */
import * as tf from '@tensorflow/tfjs';
import { CLOCKS, type Clock } from './clock.ts';
import type { BatchTimer } from './measure.ts';
import type { Predictor } from './models/load.ts';

export function localTimer(predictorFor: (tileHeight: number, tileWidth: number) => Predictor, channels: number, clock: Clock = 'wall'): {
  time: BatchTimer;
  dispose(): void;
} {
  const predictors = new Map<string, Predictor>();
  const get = (h: number, w: number) => {
    const key = `${h}x${w}`;
    let p = predictors.get(key);
    if (!p) predictors.set(key, (p = predictorFor(h, w)));
    return p;
  };
  const time: BatchTimer = async (batchSize, tileHeight, tileWidth) => {
    const predictor = get(tileHeight, tileWidth);
    const input = tf.randomUniform([batchSize, tileHeight, tileWidth, channels]) as tf.Tensor4D;
    await input.data();
    const start = CLOCKS[clock]();
    const outputs = predictor.predict(input);
    await Promise.all(outputs.map((o) => o.data()));
    const seconds = CLOCKS[clock]() - start;
    tf.dispose([input, ...outputs]);
    return seconds;
  };
  return { time, dispose: () => predictors.forEach((p) => p.dispose()) };
}
