/**
 * Default time limits of the calibrate clients (seconds), kept apart from the clients so that the CLI
 * can show them without loading ioredis or building a request.
 */

/**
 * Per TF-Serving request: the Kiosk consumer's own gRPC deadline of 20 s (sim/model/REFERENCE.md, "Tiling,
 * batching and the gRPC call"); a batch the Kiosk would abandon is no useful calibration point. A
 * CPU-only server needs more for big batches (`--timeout`).
 */
export const SERVING_TIMEOUT_S = 20;

/** Redis connect and per-command limit: ioredis's own default connectTimeout (10 s), ample for SCAN COUNT 1000 and a 1000-command pipeline. */
export const REDIS_TIMEOUT_S = 10;
