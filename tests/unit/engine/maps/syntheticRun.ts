/**
 * A small made-up run for rendering tests, independent of the engine's results: a 60 × 50
 * grid of 200 m cells in EPSG:4546 (CGCS2000 / 3-degree GK CM 111E), grades in rings around
 * a centre, a round county of two townships split east/west and one river. Only the sheet
 * renderer's own code decides how it looks, so the expected image changes only when the
 * renderer does.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { SheetRun } from '../../../../src-main/engine/maps/sheetData';
import { SCHEMES } from '../../../../src-shared/schemes';

export const ORIGIN_X = 464_000;
export const ORIGIN_Y = 4_030_000;
export const CELL = 200;
export const WIDTH = 60;
export const HEIGHT = 50;

const cx = ORIGIN_X + (WIDTH * CELL) / 2;
const cy = ORIGIN_Y - (HEIGHT * CELL) / 2;
const R = 4_800;

function circle(n = 64): [number, number][] {
  // Counter-clockwise (GeoJSON outer ring), closed.
  const ring = Array.from({ length: n }, (_, i) => [cx + R * Math.cos((2 * Math.PI * i) / n), cy + R * Math.sin((2 * Math.PI * i) / n)] as [number, number]);
  return [...ring, ring[0]!];
}

function half(east: boolean): Feature<Polygon> {
  const ring = circle().filter(([x]) => (east ? x >= cx : x <= cx));
  ring.sort((a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx));
  const pts = [...ring, [cx, cy] as [number, number]];
  return {
    type: 'Feature',
    properties: { XZQDM: east ? '141030101' : '141030100', XZQMC: east ? '东镇' : '西乡' },
    geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]!]] },
  };
}

/** The synthetic run. */
export function syntheticRun(): SheetRun {
  const grade = new Uint8Array(WIDTH * HEIGHT);
  const zoning = new Uint8Array(WIDTH * HEIGHT);
  for (let r = 0; r < HEIGHT; r++) {
    for (let c = 0; c < WIDTH; c++) {
      const x = ORIGIN_X + (c + 0.5) * CELL;
      const y = ORIGIN_Y - (r + 0.5) * CELL;
      const d = Math.hypot(x - cx, y - cy);
      if (d > R) continue;
      grade[r * WIDTH + c] = Math.min(5, 1 + Math.floor(d / 1000));
      zoning[r * WIDTH + c] = x > cx ? 1 : d < 2500 ? 2 : 3;
    }
  }
  const s = SCHEMES.high5!;
  const county: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { XZQDM: '141030', XZQMC: '示例县' }, geometry: { type: 'Polygon', coordinates: [circle()] } }] };
  const rivers: FeatureCollection = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: Array.from({ length: 30 }, (_, i) => [ORIGIN_X + i * 420, cy + 1500 * Math.sin(i / 4)]) } }],
  };
  return {
    outDir: '/nonexistent',
    modelPath: '/nonexistent/model.json',
    modelDir: '/nonexistent',
    model: { indicators: [], layers: {}, grid: { epsg: 4546, cellSize: CELL, studyArea: 'county' } } as unknown as SheetRun['model'],
    areaName: '示例县',
    compiler: '示例县应急管理局',
    crsNote: '坐标系：2000国家大地坐标系 3度带 高斯-克吕格投影 中央经线111°E',
    grid: { epsg: 4546, originX: ORIGIN_X, originY: ORIGIN_Y, cellSize: CELL, width: WIDTH, height: HEIGHT },
    grade,
    classes: s.names.map((name, i) => ({ grade: i + 1, name, color: s.colors[i]!, min: Number((0.8 - 0.2 * i).toFixed(1)), max: Number((1 - 0.2 * i).toFixed(1)), cells: 0, areaKm2: 0, sharePct: 0 })),
    breaks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    zoning,
    zoneNames: ['重点防治区', '次重点防治区', '一般防治区'],
    county,
    townships: { type: 'FeatureCollection', features: [half(false), half(true)] },
    rivers,
    hazards: [],
    sources: ['县界', '乡镇', '河流'],
    software: 'RiskAtlas test',
  };
}
