/**
 * The 2020 consumer's tiling (REFERENCE.md "Tiling"): tiles of `tile` px with stride
 * ceil(strideFraction x tile); per axis n = ceil((size - tile) / stride + 1), the last tile aligned
 * to the edge. 1280 x 1080 with 256 px tiles and stride 192 -> 7 x 6 = 42 tiles.
 */
export function tilesPerAxis(size: number, tile: number, strideFraction: number): number {
  if (size <= tile) return 1;
  const stride = Math.ceil(strideFraction * tile);
  return Math.ceil((size - tile) / stride + 1);
}

export function tileCount(width: number, height: number, tile: number, strideFraction: number): number {
  return tilesPerAxis(width, tile, strideFraction) * tilesPerAxis(height, tile, strideFraction);
}

/** Sizes of the sequential Predict calls: tiles sent `perRequest` at a time (42 -> 16, 16, 10). */
export function requestSizes(tiles: number, perRequest: number): number[] {
  const sizes: number[] = [];
  for (let left = tiles; left > 0; left -= perRequest) sizes.push(Math.min(perRequest, left));
  return sizes;
}
