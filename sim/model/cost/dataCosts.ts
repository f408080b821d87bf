/**
 * Extra data costs of a run, exactly as the paper's cost figures compute them (REFERENCE.md "Cost
 * methodology"): bucket storage, storage operations, storage egress of the results, and the inter-zone network
 * egress of the Predict payloads (its own bar in the figures). Pure arithmetic on run totals.
 */

/** GCP prices and sizes behind the paper's data costs (REFERENCE.md "Cost methodology"). */
export interface DataCostConstants {
  /** Cloud Storage, USD per GB-month (0.026). */
  storagePerGbMonth: number;
  /** Storage egress of results, USD per GB (0.12). */
  storageEgressPerGb: number;
  /** Class A (write) operations, USD per 10,000 (0.05). */
  classAPer10k: number;
  /** Class B (read) operations, USD per 10,000 (0.004). */
  classBPer10k: number;
  /** Egress between zones of a region, USD per GB (0.01). */
  interZonePerGb: number;
  /** Storage is charged for half the run: early images leave earlier (the paper halves it). */
  storageResidencyFactor: number;
  /** How many times each image's Predict payload counts toward inter-zone egress (the paper's "3 x"). */
  interZoneCopiesPerImage: number;
  /** A month of storage, in minutes (the paper's T/60/24/30: 30 days). */
  minutesPerMonth: number;
}

export const PAPER_DATA_COSTS: DataCostConstants = {
  storagePerGbMonth: 0.026,
  storageEgressPerGb: 0.12,
  classAPer10k: 0.05,
  classBPer10k: 0.004,
  interZonePerGb: 0.01,
  storageResidencyFactor: 0.5,
  interZoneCopiesPerImage: 3,
  minutesPerMonth: 60 * 24 * 30,
};

export interface DataCostInput {
  /** Images processed (N). */
  images: number;
  /** Run length in minutes (T). */
  runMinutes: number;
  /** Zones the cluster spans; 1 zone has no inter-zone egress. */
  zones: number;
  /** Bytes of one input image (paper: 1.5 MB = 1.5e-3 GB). */
  imageBytes?: number;
  /** Bytes of one result (paper: 5.6 kB = 5.6e-6 GB). */
  resultBytes?: number;
  /** Images per zip (paper: 100). */
  imagesPerZip?: number;
  /** Bytes of one image's Predict payload (paper: 42 tiles x 256 x 256 x 4 B = 11,010,048 B). */
  requestBytesPerImage?: number;
  constants?: DataCostConstants;
}

export interface DataCosts {
  storage: number;
  operations: number;
  storageEgress: number;
  interZoneEgress: number;
  /** storage + operations + storage egress (the paper's "extra data costs"). */
  extraData: number;
  /** Everything above. */
  total: number;
}

/** Decimal gigabyte, as the paper's sizes use it (1.5 MB = 1.5e-3 GB). */
const GB = 1e9;

export function dataCosts(input: DataCostInput): DataCosts {
  const k = input.constants ?? PAPER_DATA_COSTS;
  const n = input.images;
  const imageGb = (input.imageBytes ?? 1.5e6) / GB;
  const resultGb = (input.resultBytes ?? 5.6e3) / GB;
  const perZip = input.imagesPerZip ?? 100;
  const requestGb = (input.requestBytesPerImage ?? 11_010_048) / GB;
  if (!(input.zones >= 1)) throw new RangeError(`zones must be >= 1, got ${input.zones}`);

  // storage = price x N x (image + result) GB x T / (minutes per month), halved.
  const storage = k.storagePerGbMonth * n * (imageGb + resultGb) * (input.runMinutes / k.minutesPerMonth) * k.storageResidencyFactor;
  // storage egress = price x result GB x N.
  const storageEgress = k.storageEgressPerGb * resultGb * n;
  // operations = (class A + class B per op) x (2 per image + 1 per zip) x zips.
  const operations = ((k.classAPer10k + k.classBPer10k) / 10_000) * (2 * perZip + 1) * (n / perZip);
  // inter-zone = price x share of traffic crossing zones (1 - 1/zones) x N x copies x payload GB.
  const interZoneEgress = k.interZonePerGb * (1 - 1 / input.zones) * n * k.interZoneCopiesPerImage * requestGb;

  const extraData = storage + operations + storageEgress;
  return { storage, operations, storageEgress, interZoneEgress, extraData, total: extraData + interZoneEgress };
}
