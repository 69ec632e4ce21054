/**
 * RiskAtlas's own GeoTIFF writer — the public API the engine uses.
 *
 * Why not geotiff.js's `writeArrayBuffer`? It only writes uncompressed strips and it silently
 * corrupts signed integers (Int8/Int16/Int32 values come back wrong), and census outputs are
 * county- to province-sized grids that must be compressed, tiled and carry overviews so that
 * QGIS/ArcGIS open them fast. So this writer makes tiled, DEFLATE-compressed (TIFF
 * compression 8, zlib stream via libdeflate — see engine/codecs/deflate), optionally predicted
 * GeoTIFFs itself, with GDAL_NODATA / GDAL_METADATA tags and reduced-resolution overview IFDs,
 * switching to BigTIFF when the data could pass 4 GiB. GDAL is not needed to write (tests use
 * it as a reference).
 *
 * Design, by module:
 * - ./options: the options, sample types, checks and defaults;
 * - ./tileCodec: one tile converted, predicted and compressed ({@link encodeTileBytes}), so
 *   that worker threads can encode tiles and hand the bytes to
 *   {@link GeoTiffTileWriter.writeEncodedTile};
 * - ./overviews: overview tiles reduced from the full-resolution tiles as they arrive;
 * - ./ifd: header, IFDs and tags, classic TIFF or BigTIFF;
 * - ./assembler: places the encoded tiles and lays out the file; it only hands back "write
 *   these bytes at this offset" chunks;
 * - ./fileWriter: the streaming {@link GeoTiffTileWriter} sends them to a file (atomic rename);
 * - ./wholeBands: {@link writeGeoTiff} and {@link encodeGeoTiff} (copies them into memory) for
 *   whole bands. Both sinks share one code path and produce identical bytes.
 *
 * Determinism: same input → byte-identical output. No timestamps, no software tag, metadata
 * keys sorted, Deflate at a fixed level with a pinned libdeflate version.
 *
 * Byte order: files are little-endian ("II"); typed-array bytes are copied as they are, so
 * the host must be little-endian (every platform Node/Electron ships on is).
 */
export { GeoTiffTileWriter } from './fileWriter';
export { isGeographicEpsg } from './ifd';
export type { GeoTiffOptions, TileEncodingOptions } from './options';
export { encodeTileBytes, predictTileBytes } from './tileCodec';
export { encodeGeoTiff, writeGeoTiff } from './wholeBands';
