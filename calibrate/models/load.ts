/**
 * A user's TF.js model from a directory on disk (model.json + weight shards), without tfjs-node:
 * a small IOHandler reads and writes the files, and `loadModelDir` wraps layers and graph models alike.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../sim/cli/errors.ts';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** An IOHandler reading/writing a TF.js model directory on the local file system. */
export function directoryHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const file = path.join(dir, MODEL_JSON);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(file, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new UserError(`cannot read TF.js model ${file}: ${(e as Error).message}`);
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
      }
      return tf.io.getModelArtifactsForJSON(json, async () => [specs, toArrayBuffer(Buffer.concat(buffers))]);
    },
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array(0)
        : Array.isArray(data) ? Buffer.concat(data.map((d) => new Uint8Array(d)))
          : new Uint8Array(data);
      const json = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(path.join(dir, WEIGHTS_BIN), bytes);
      await writeFile(path.join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** What calibration needs from any model: run a batch, know the expected tile shape. */
export interface Predictor {
  /** [height, width, channels]; a null dimension means any size. */
  inputShape: (number | null)[];
  /** Output names, in the order predict returns them. */
  outputNames: string[];
  predict(batch: tf.Tensor4D): tf.Tensor[];
  dispose(): void;
}

export function layersPredictor(model: tf.LayersModel): Predictor {
  const shape = model.inputs[0]!.shape.slice(1);
  return {
    inputShape: shape,
    outputNames: model.outputNames,
    predict: (batch) => {
      const out = model.predict(batch);
      return Array.isArray(out) ? out : [out];
    },
    dispose: () => model.dispose(),
  };
}

/** Loads a TF.js layers or graph model directory (as written by tensorflowjs_converter or model.save). */
export async function loadModelDir(dir: string): Promise<Predictor> {
  const handler = directoryHandler(dir);
  const artifacts = await handler.load!();
  if (artifacts.format === 'graph-model') {
    const model = await tf.loadGraphModel(handler);
    const shape = model.inputs[0]?.shape?.slice(1) ?? [null, null, null];
    return {
      inputShape: shape.map((d) => (d === -1 ? null : d)),
      outputNames: model.outputs.map((o) => o.name),
      predict: (batch) => {
        const out = model.predict(batch) as tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
        return out instanceof tf.Tensor ? [out] : Array.isArray(out) ? out : Object.values(out);
      },
      dispose: () => model.dispose(),
    };
  }
  return layersPredictor(await tf.loadLayersModel(handler));
}
