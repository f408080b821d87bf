/** The kiosk's two model architectures by name, plus loading a user's TF.js model directory. */
import type * as tf from '@tensorflow/tfjs';
import { buildFeatureNet } from './featurenet.ts';
import { buildPanopticNet } from './panoptic.ts';

export const MODEL_NAMES = ['featurenet', 'panoptic'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export const isModelName = (s: string): s is ModelName => (MODEL_NAMES as readonly string[]).includes(s);

export const MODEL_DESCRIPTIONS: Record<ModelName, string> = {
  featurenet: '2019 feature-net, 41 px receptive field, fully convolutional, deep-watershed heads',
  panoptic: '2020 PanopticNet-style network: ResNet50 + FPN + semantic heads (inner/outer distance, fgbg)',
};

export const MODEL_BUILDERS = {
  featurenet: (height: number, width: number) => buildFeatureNet({ height, width }),
  panoptic: (height: number, width: number) => buildPanopticNet({ height, width }),
} satisfies Record<ModelName, (height: number, width: number) => tf.LayersModel>;
