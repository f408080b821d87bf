/**
 * The 2019 kiosk model: DeepCell's feature-net with a 41 px receptive field, run fully convolutionally.
 *
 * The layer recipe follows DeepCell's feature-net construction for a given receptive field: starting
 * from rf = 41, add a conv with kernel 4 when rf is odd and 3 when even (rf -= kernel - 1), and after
 * every second conv a 2x2 max pool (rf = floor(rf / 2)), until rf <= 4; then a "dense" conv of kernel
 * rf with 200 filters and 1x1 layers. For whole images ("dilated" mode) each pool keeps resolution
 * (stride 1) and doubles the dilation of everything after it, so the output has the input's size.
 * For 41 px this gives: conv4, conv3, pool, conv3 (d2), conv3 (d2), pool, conv4 (d4), dense conv4 (d4),
 * 1x1 (200), then the deep-watershed heads. 64 conv / 200 dense filters are DeepCell's defaults.
 * Random weights: timing does not depend on weight values.
 */
import * as tf from '@tensorflow/tfjs';
import { convBnRelu, headOutput, HEADS } from './heads.ts';

export const FEATURENET_RECEPTIVE_FIELD = 41;

export type FeatureNetLayer = { kind: 'conv'; kernel: number; dilation: number } | { kind: 'pool'; dilation: number };

/** DeepCell's recipe: the conv/pool sequence (dilated mode) for a receptive field; ends with the dense conv. */
export function featureNetPlan(receptiveField: number): FeatureNetLayer[] {
  const plan: FeatureNetLayer[] = [];
  let rf = receptiveField;
  let d = 1;
  let convs = 0;
  while (rf > 4) {
    const kernel = rf % 2 === 0 ? 3 : 4;
    plan.push({ kind: 'conv', kernel, dilation: d });
    rf -= kernel - 1;
    convs++;
    if (convs % 2 === 0) {
      plan.push({ kind: 'pool', dilation: d });
      d *= 2;
      rf = Math.floor(rf / 2);
    }
  }
  plan.push({ kind: 'conv', kernel: rf, dilation: d });
  return plan;
}

/** Receptive field of a dilated plan: each layer widens it by (window - 1) x dilation. */
export function planReceptiveField(plan: readonly FeatureNetLayer[]): number {
  return 1 + plan.reduce((sum, l) => sum + ((l.kind === 'conv' ? l.kernel : 2) - 1) * l.dilation, 0);
}

/** 2x2 max pool with stride 1 and a dilation, keeping the image size (DeepCell's DilatedMaxPool2D). */
export class DilatedMaxPool2D extends tf.layers.Layer {
  static readonly className = 'DilatedMaxPool2D';
  readonly dilation: number;
  constructor(config: { dilation: number; name?: string }) {
    super(config);
    this.dilation = config.dilation;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.pool(x, [2, 2], 'max', 'same', this.dilation, 1) as tf.Tensor4D;
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dilation: this.dilation };
  }
}
tf.serialization.registerClass(DilatedMaxPool2D);

export interface FeatureNetOptions {
  height: number;
  width: number;
  channels?: number;
  receptiveField?: number;
  convFilters?: number;
  denseFilters?: number;
}

export function buildFeatureNet(opts: FeatureNetOptions): tf.LayersModel {
  const convFilters = opts.convFilters ?? 64;
  const denseFilters = opts.denseFilters ?? 200;
  const plan = featureNetPlan(opts.receptiveField ?? FEATURENET_RECEPTIVE_FIELD);
  const input = tf.input({ shape: [opts.height, opts.width, opts.channels ?? 1], name: 'image' });
  let x: tf.SymbolicTensor = input;
  plan.forEach((layer, i) => {
    const last = i === plan.length - 1;
    if (layer.kind === 'pool') {
      x = new DilatedMaxPool2D({ dilation: layer.dilation, name: `pool${i + 1}` }).apply(x) as tf.SymbolicTensor;
    } else {
      x = convBnRelu(x, last ? denseFilters : convFilters, layer.kernel, last ? 'dense' : `conv${i + 1}`, { dilation: layer.dilation });
    }
  });
  x = convBnRelu(x, denseFilters, 1, 'tensorproduct');
  const outputs = HEADS.map((h) => headOutput(x, h));
  return tf.model({ inputs: input, outputs, name: 'featurenet41' });
}
