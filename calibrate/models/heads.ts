/**
 * The deep-watershed output heads shared by both kiosk models, and small layer helpers.
 *
 * Names and channel counts follow DeepCell's nuclear segmentation outputs: inner distance (1 channel,
 * peaks at nucleus centres), outer distance (1 channel, distance to the nucleus edge) and
 * foreground/background (2 classes, softmax).
 */
import * as tf from '@tensorflow/tfjs';

export const HEADS = [
  { name: 'inner_distance', channels: 1, activation: 'relu' },
  { name: 'outer_distance', channels: 1, activation: 'relu' },
  { name: 'fgbg', channels: 2, activation: 'softmax' },
] as const;

export type HeadName = (typeof HEADS)[number]['name'];

/** Conv -> batch norm -> ReLU, the unit both networks are built from. */
export function convBnRelu(
  x: tf.SymbolicTensor,
  filters: number,
  kernel: number,
  name: string,
  opts: { strides?: number; dilation?: number; relu?: boolean } = {},
): tf.SymbolicTensor {
  let y = tf.layers
    .conv2d({
      filters,
      kernelSize: kernel,
      strides: opts.strides ?? 1,
      dilationRate: opts.dilation ?? 1,
      padding: 'same',
      useBias: false,
      name: `${name}_conv`,
    })
    .apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(y) as tf.SymbolicTensor;
  if (opts.relu ?? true) y = tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(y) as tf.SymbolicTensor;
  return y;
}

/** A 1x1 convolution classifier head with the head's activation. */
export function headOutput(x: tf.SymbolicTensor, head: (typeof HEADS)[number]): tf.SymbolicTensor {
  return tf.layers
    .conv2d({ filters: head.channels, kernelSize: 1, activation: head.activation, name: head.name })
    .apply(x) as tf.SymbolicTensor;
}
