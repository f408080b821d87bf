/**
 * The 2020 kiosk model: a PanopticNet-style network (DeepCell's NuclearSegmentation architecture).
 *
 * 256x256x1 tile -> 1x1 conv to 3 channels -> ResNet50 (bottleneck blocks 3,4,6,3) -> feature pyramid
 * on C3..C5 (256 features) -> one semantic head per output: from P3 (stride 8), three steps of
 * 3x3 conv + 2x upsampling back to full resolution, a 1x1 conv of 64 and the class layer.
 * Random weights: timing does not depend on weight values.
 */
import * as tf from '@tensorflow/tfjs';
import { convBnRelu, headOutput, HEADS } from './heads.ts';

/** ResNet50's stages: bottleneck width and block count (He et al. 2016, table 1). */
export const RESNET50_STAGES = [
  { filters: 64, blocks: 3, stride: 1 },
  { filters: 128, blocks: 4, stride: 2 },
  { filters: 256, blocks: 6, stride: 2 },
  { filters: 512, blocks: 3, stride: 2 },
] as const;

const FPN_FEATURES = 256;
const HEAD_FILTERS = 64;

function add(a: tf.SymbolicTensor, b: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.add({ name }).apply([a, b]) as tf.SymbolicTensor;
}

function bottleneck(x: tf.SymbolicTensor, filters: number, stride: number, project: boolean, name: string): tf.SymbolicTensor {
  const shortcut = project ? convBnRelu(x, 4 * filters, 1, `${name}_proj`, { strides: stride, relu: false }) : x;
  let y = convBnRelu(x, filters, 1, `${name}_a`, { strides: stride });
  y = convBnRelu(y, filters, 3, `${name}_b`);
  y = convBnRelu(y, 4 * filters, 1, `${name}_c`, { relu: false });
  return tf.layers.activation({ activation: 'relu', name: `${name}_out` }).apply(add(y, shortcut, `${name}_add`)) as tf.SymbolicTensor;
}

/** ResNet50 body; returns C3, C4, C5 (strides 8, 16, 32). */
function resnet50(x: tf.SymbolicTensor): tf.SymbolicTensor[] {
  let y = convBnRelu(x, 64, 7, 'stem', { strides: 2 });
  y = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'stem_pool' }).apply(y) as tf.SymbolicTensor;
  const features: tf.SymbolicTensor[] = [];
  RESNET50_STAGES.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      y = bottleneck(y, stage.filters, b === 0 ? stage.stride : 1, b === 0, `c${s + 2}_b${b + 1}`);
    }
    if (s >= 1) features.push(y);
  });
  return features;
}

function conv(x: tf.SymbolicTensor, filters: number, kernel: number, name: string, activation?: 'relu'): tf.SymbolicTensor {
  return tf.layers.conv2d({ filters, kernelSize: kernel, padding: 'same', activation, name }).apply(x) as tf.SymbolicTensor;
}

function upsample(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.upSampling2d({ size: [2, 2], name }).apply(x) as tf.SymbolicTensor;
}

/** Top-down feature pyramid; returns P3 (stride 8) after merging P5 and P4 into it. */
function featurePyramidP3([c3, c4, c5]: tf.SymbolicTensor[]): tf.SymbolicTensor {
  const p5 = conv(c5!, FPN_FEATURES, 1, 'p5_lateral');
  const p4 = add(conv(c4!, FPN_FEATURES, 1, 'p4_lateral'), upsample(p5, 'p5_up'), 'p4_merge');
  const p3 = add(conv(c3!, FPN_FEATURES, 1, 'p3_lateral'), upsample(p4, 'p4_up'), 'p3_merge');
  return conv(p3, FPN_FEATURES, 3, 'p3');
}

export interface PanopticOptions {
  height: number;
  width: number;
  channels?: number;
}

export function buildPanopticNet(opts: PanopticOptions): tf.LayersModel {
  if (opts.height % 32 || opts.width % 32) {
    throw new RangeError(`PanopticNet tiles must be multiples of 32 px (ResNet50 stride), got ${opts.height}x${opts.width}`);
  }
  const input = tf.input({ shape: [opts.height, opts.width, opts.channels ?? 1], name: 'image' });
  const rgb = conv(input, 3, 1, 'to_backbone_channels');
  const p3 = featurePyramidP3(resnet50(rgb));
  const outputs = HEADS.map((head) => {
    let y = p3;
    for (let i = 0; i < 3; i++) y = upsample(conv(y, HEAD_FILTERS, 3, `${head.name}_up${i + 1}_conv`, 'relu'), `${head.name}_up${i + 1}`);
    y = conv(y, HEAD_FILTERS, 1, `${head.name}_dense`, 'relu');
    return headOutput(y, head);
  });
  return tf.model({ inputs: input, outputs, name: 'panopticnet_resnet50_fpn' });
}
