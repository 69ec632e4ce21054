/**
 * KML/KMZ reader: placemarks of every geometry kind with Chinese names and ExtendedData, the
 * KMZ archive, and the errors for malformed files. Where GDAL is installed, the feature count
 * and a coordinate are checked against OGR's KML driver.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { readKml } from '../../../../src-main/engine/io/kml';
import { inspect } from '../../../../src-main/engine/io/inspect';
import { codeOf } from '../../../fixtures/errorCode';

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document><name>隐患点</name>
  <Placemark><name>南沟滑坡</name>
    <ExtendedData><Data name="威胁人数"><value>35</value></Data><Data name="规模"><value>中型</value></Data></ExtendedData>
    <Point><coordinates>110.7312,36.4121,0</coordinates></Point></Placemark>
  <Placemark><name>河堤</name><LineString><coordinates>110.70,36.40 110.72,36.41 110.74,36.40</coordinates></LineString></Placemark>
  <Placemark><name>安置区</name><Polygon>
    <outerBoundaryIs><LinearRing><coordinates>110.70,36.40 110.76,36.40 110.76,36.44 110.70,36.44 110.70,36.40</coordinates></LinearRing></outerBoundaryIs>
    <innerBoundaryIs><LinearRing><coordinates>110.72,36.41 110.72,36.42 110.73,36.42 110.73,36.41 110.72,36.41</coordinates></LinearRing></innerBoundaryIs>
  </Polygon></Placemark>
  <Folder><name>两处</name><Placemark><name>避难场所</name><MultiGeometry>
    <Point><coordinates>110.75,36.43</coordinates></Point><Point><coordinates>110.751,36.431</coordinates></Point>
  </MultiGeometry></Placemark></Folder>
  <Placemark><name>无几何</name></Placemark>
</Document></kml>`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-kml-'));
  writeFileSync(join(dir, 'points.kml'), KML);
  writeFileSync(join(dir, 'points.kmz'), zipSync({ 'doc.kml': new TextEncoder().encode(KML), 'files/icon.png': new Uint8Array(10) }));
});

describe('KML reader', () => {
  it('reads points, lines, polygons with holes and multi-geometries with Chinese names and ExtendedData, as lon/lat EPSG:4326', async () => {
    const l = await readKml(join(dir, 'points.kml'));
    expect(l.meta.format).toBe('KML');
    expect(l.meta.crs?.epsg).toBe(4326);
    expect(l.meta.featureCount).toBe(4);
    expect(l.meta.warnings).toEqual(['1 placemark(s) without geometry skipped']);
    const [pt, line, poly, multi] = l.features.features;
    expect(pt!.properties).toMatchObject({ name: '南沟滑坡', 威胁人数: '35', 规模: '中型' });
    expect(pt!.geometry).toEqual({ type: 'Point', coordinates: [110.7312, 36.4121, 0] });
    expect(line!.geometry.type).toBe('LineString');
    expect(poly!.geometry).toMatchObject({ type: 'Polygon' });
    expect((poly!.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(2); // outer ring + hole
    expect(multi!.geometry.type).toBe('GeometryCollection');
    expect(l.meta.geometryType).toBe('Mixed');
    expect(l.meta.extent).toEqual([110.7, 36.4, 110.76, 36.44]);
    expect(l.meta.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['name', '威胁人数']));
  });

  it('reads the doc.kml of a KMZ archive the same way', async () => {
    const k = await readKml(join(dir, 'points.kmz'));
    expect(k.features.features.map((f) => f.properties?.name)).toEqual(['南沟滑坡', '河堤', '安置区', '避难场所']);
  });

  it('is picked by inspect from the extension and from the first bytes', async () => {
    const r = await inspect(join(dir, 'points.kml'));
    expect(r.ok && r.value.format).toBe('KML');
    const noExt = join(dir, 'export_from_gps');
    writeFileSync(noExt, KML);
    const s = await inspect(noExt);
    expect(s.ok && s.value.format).toBe('KML');
  });

  it('gives E_KML_INVALID for malformed XML and for XML that is not KML, E_ZIP_CORRUPT for a broken KMZ, E_FILE_EMPTY for zero bytes', async () => {
    const bad = join(dir, 'bad.kml');
    writeFileSync(bad, '<kml><Document><Placemark></Document></kml>');
    expect(await codeOf(readKml(bad))).toBe('E_KML_INVALID');
    const gpx = join(dir, 'track.kml');
    writeFileSync(gpx, '<?xml version="1.0"?><gpx version="1.1"><trk/></gpx>');
    expect(await codeOf(readKml(gpx))).toBe('E_KML_INVALID');
    const kmz = join(dir, 'broken.kmz');
    writeFileSync(kmz, Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2, 3]));
    expect(await codeOf(readKml(kmz))).toBe('E_ZIP_CORRUPT');
    const emptyKmz = join(dir, 'nokml.kmz');
    writeFileSync(emptyKmz, zipSync({ 'readme.txt': new Uint8Array(3) }));
    expect(await codeOf(readKml(emptyKmz))).toBe('E_KML_INVALID');
    const empty = join(dir, 'empty.kml');
    writeFileSync(empty, '');
    expect(await codeOf(readKml(empty))).toBe('E_FILE_EMPTY');
  });

  it.skipIf(!existsSync('/usr/bin/ogrinfo'))('agrees with GDAL/OGR on the number of placemarks with geometry and on a point', () => {
    const out = execFileSync('ogrinfo', ['-ro', '-al', join(dir, 'points.kml')], { encoding: 'utf8' });
    const counts = [...out.matchAll(/Feature Count: (\d+)/g)].map((m) => Number(m[1]));
    // OGR counts per folder layer and includes the placemark without geometry.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(out).toMatch(/POINT Z \(110\.7312 36\.4121 0\)/);
  });
});
