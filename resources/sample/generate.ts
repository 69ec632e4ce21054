/**
 * The demo county, 黄河示范县: a deterministic (seeded) generator of a small county on the
 * Yellow River, modelled on a Shanxi loess county (docs/architecture.md "The demo county") — 6 townships,
 * about 50,000 people, 180 geo-hazard points (6 large, 10 medium, 164 small; 35 along
 * roads; 21 in the county seat including every large and medium one).
 *
 * Run: `npx tsx resources/sample/generate.ts [outDir]` (default resources/sample/county).
 * The same seed always writes byte-identical files (a test checks the committed ones).
 *
 * Analysis CRS: EPSG:4546, CGCS2000 / 3-degree Gauss-Krüger CM 111E. The PGA raster is
 * deliberately in geographic CGCS2000 (EPSG:4490) at 0.005°, as national zoning data comes,
 * so that the engine has to reproject it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import { booleanPointInPolygon, featureCollection, intersect, point, pointOnFeature, polygon, voronoi } from '@turf/turf';
import { writeGeoTiff } from '../../src-main/engine/export/geotiff';
import { writeShapefile, zipShapefile } from '../../src-main/engine/export/shapefileWriter';
import { transformer } from '../../src-main/engine/crs/registry';
import { polygonMask } from '../../src-main/engine/grid/rasterizePolygons';
import { cellCentre, type GridSpec } from '../../src-main/engine/grid/gridSpec';
import { mulberry32 } from './prng';

const SEED = 20260101;
const NODATA = -9999;
const COUNTY_CODE = '141030';
const COUNTY_NAME = '黄河示范县';

/** The 35 km × 35 km frame of the county at 100 m (350 × 350 cells). */
export const GRID: GridSpec = { epsg: 4546, originX: 462_000, originY: 4_047_000, cellSize: 100, width: 350, height: 350 };


/** Smooth 2-D value noise in [−1, 1] on a lattice of `scale` metres, summed over octaves (fBm). */
function fbm(seed: number, scale: number, octaves = 4): (x: number, y: number) => number {
  const hash = (i: number, j: number, o: number): number => {
    let h = Math.imul(i, 374761393) ^ Math.imul(j, 668265263) ^ Math.imul(o + seed, 2147483647);
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  return (x, y) => {
    let sum = 0;
    let amp = 1;
    let norm = 0;
    let s = scale;
    for (let o = 0; o < octaves; o++) {
      const fx = x / s;
      const fy = y / s;
      const i = Math.floor(fx);
      const j = Math.floor(fy);
      const tx = smooth(fx - i);
      const ty = smooth(fy - j);
      const a = hash(i, j, o) * (1 - tx) + hash(i + 1, j, o) * tx;
      const b = hash(i, j + 1, o) * (1 - tx) + hash(i + 1, j + 1, o) * tx;
      sum += amp * ((a * (1 - ty) + b * ty) * 2 - 1);
      norm += amp;
      amp *= 0.5;
      s /= 2;
    }
    return sum / norm;
  };
}

const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;

// --- Geography ------------------------------------------------------------------------

/** The Yellow River's channel: flows north → south along the western edge, meandering. */
const yellowRiverX = (y: number): number => 465_600 + 1_100 * Math.sin(y / 3_800) + 500 * Math.sin(y / 1_300);
/** The tributary (a 川 valley) enters from the east and joins the Yellow River mid-county. */
const tributaryY = (x: number): number => 4_029_500 + (x - 465_600) * 0.16 + 700 * Math.sin(x / 2_600);
const SEAT: [number, number] = [469_800, tributaryY(469_800) - 250];

/** Distance (m) to the Yellow River and to the tributary (vertical/horizontal offsets are close enough at this curvature). */
const dYellow = (x: number, y: number): number => Math.abs(x - yellowRiverX(y)) * 0.97;
const dTributary = (x: number, y: number): number => (x < yellowRiverX(y) ? Infinity : Math.abs(y - tributaryY(x)) * 0.98);

/** The county boundary: a lobed outline whose western edge follows the Yellow River. */
function countyBoundary(): Polygon {
  const n = fbm(SEED + 1, 9_000, 3);
  const cx = 480_000;
  const cy = 4_029_500;
  const ring: Position[] = [];
  for (let k = 0; k < 96; k++) {
    const a = (k / 96) * 2 * Math.PI;
    const r = 15_800 * (1 + 0.1 * n(Math.cos(a) * 20_000, Math.sin(a) * 20_000));
    let x = cx + r * Math.cos(a);
    const y = cy + r * Math.sin(a) * 0.98;
    // The river is the county line: nothing west of the channel.
    x = Math.max(x, yellowRiverX(y));
    ring.push([round(x), round(y)]);
  }
  ring.reverse(); // clockwise outer ring in GeoJSON is fine for the readers; keep it stable
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

interface Terrain {
  dem: Float32Array;
  slope: Float32Array;
  mask: Uint8Array;
}

/** Loess terrain: higher to the east (900–1800 m), ridges from fBm, valleys carved by both rivers. */
function terrain(mask: Uint8Array): Terrain {
  const ridges = fbm(SEED + 2, 6_000, 5);
  const gullies = fbm(SEED + 3, 900, 4);
  const { width, height } = GRID;
  const dem = new Float32Array(width * height).fill(NODATA);
  const raw = new Float64Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const [x, y] = cellCentre(GRID, c, r);
      const east = Math.max(0, (x - yellowRiverX(y)) / 32_000);
      // Loess country: broad ridges, and a dense net of gullies cut into them.
      let z = 620 + 900 * Math.pow(east, 0.7) + 240 * ridges(x, y) - 110 * Math.abs(gullies(x, y));
      z -= 320 * Math.exp(-dYellow(x, y) / 2_200);
      z -= 230 * Math.exp(-dTributary(x, y) / 1_300);
      raw[r * width + c] = Math.max(560, z);
    }
  const slope = new Float32Array(width * height).fill(NODATA);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (!mask[i]) continue;
      dem[i] = round(raw[i]!, 1);
      const zx = (raw[r * width + Math.min(width - 1, c + 1)]! - raw[r * width + Math.max(0, c - 1)]!) / (2 * GRID.cellSize);
      const zy = (raw[Math.min(height - 1, r + 1) * width + c]! - raw[Math.max(0, r - 1) * width + c]!) / (2 * GRID.cellSize);
      slope[i] = (Math.atan(Math.hypot(zx, zy)) * 180) / Math.PI;
    }
  return { dem, slope, mask };
}

/** Landslide susceptibility 0–1: steep loess slopes near valley edges. */
function landslideSusceptibility(t: Terrain): Float32Array {
  const noise = fbm(SEED + 4, 2_500, 3);
  const out = new Float32Array(t.dem.length).fill(NODATA);
  for (let i = 0; i < out.length; i++) {
    if (!t.mask[i]) continue;
    const [x, y] = cellCentre(GRID, i % GRID.width, Math.floor(i / GRID.width));
    const slope = Math.min(1, t.slope[i]! / 28);
    const d = Math.min(dYellow(x, y), dTributary(x, y));
    const valleyEdge = Math.exp(-(((d - 900) / 1_400) ** 2)); // slopes just above the valley floors fail most
    const loess = 0.6 + 0.4 * Math.min(1, Math.max(0, (t.dem[i]! - 700) / 500));
    out[i] = round(Math.min(1, Math.max(0, slope * (0.45 + 0.55 * valleyEdge) * loess + 0.08 * noise(x, y))), 4);
  }
  return out;
}

/** 100-year flood depth (m): the Yellow River's floodplain and the tributary's narrow valley floor. */
function floodDepth(mask: Uint8Array): Float32Array {
  const noise = fbm(SEED + 5, 800, 2);
  const out = new Float32Array(mask.length).fill(NODATA);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) continue;
    const [x, y] = cellCentre(GRID, i % GRID.width, Math.floor(i / GRID.width));
    const main = 4.2 * (1 - dYellow(x, y) / 1_300);
    const trib = 2.6 * (1 - dTributary(x, y) / 550);
    const d = Math.max(0, main, trib);
    out[i] = d > 0 ? round(Math.max(0, d + 0.3 * noise(x, y)), 2) : 0;
  }
  return out;
}

interface Settlement {
  x: number;
  y: number;
  people: number;
  radius: number;
}

/** Villages sit on valley floors and gentle loess tablelands (塬), not on steep slopes. */
function settlements(t: Terrain, rnd: () => number): Settlement[] {
  const out: Settlement[] = [{ x: SEAT[0], y: SEAT[1], people: 17_000, radius: 900 }];
  let guard = 0;
  while (out.length < 70 && guard++ < 20_000) {
    const c = Math.floor(rnd() * GRID.width);
    const r = Math.floor(rnd() * GRID.height);
    const i = r * GRID.width + c;
    if (!t.mask[i] || t.slope[i]! > 9) continue;
    const [x, y] = cellCentre(GRID, c, r);
    const nearRiver = Math.min(dYellow(x, y), dTributary(x, y)) < 2_500;
    if (!nearRiver && rnd() < 0.6) continue;
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 1_500)) continue;
    out.push({ x, y, people: 200 + Math.floor(rnd() * 600), radius: 250 + rnd() * 200 });
  }
  return out;
}

/** People per cell (~50,000 in all): the seat, the villages, and a thin rural spread. */
function populationGrid(mask: Uint8Array, towns: Settlement[]): Float32Array {
  const density = new Float64Array(mask.length);
  let total = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const [x, y] = cellCentre(GRID, i % GRID.width, Math.floor(i / GRID.width));
    let v = 0.15;
    for (const s of towns) {
      const d2 = (x - s.x) ** 2 + (y - s.y) ** 2;
      if (d2 < (4 * s.radius) ** 2) v += (s.people / (2 * Math.PI * (s.radius / GRID.cellSize) ** 2)) * Math.exp(-d2 / (2 * s.radius ** 2));
    }
    density[i] = v;
    total += v;
  }
  const scale = 50_000 / total;
  return Float32Array.from(density, (v, i) => (mask[i] ? round(v * scale, 3) : NODATA));
}

function pointFeature(x: number, y: number, props: Record<string, string | number>): Feature<Point> {
  return { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [round(x), round(y)] } };
}

const TOWNSHIPS = [
  { name: '城关镇', code: '100', seed: SEAT },
  { name: '龙门镇', code: '101', seed: [467_800, 4_041_500] },
  { name: '北坡乡', code: '200', seed: [482_000, 4_041_000] },
  { name: '东岭乡', code: '201', seed: [490_500, 4_029_000] },
  { name: '南沟乡', code: '202', seed: [481_000, 4_017_500] },
  { name: '西河乡', code: '203', seed: [468_500, 4_019_000] },
] as const;

/** Townships: Voronoi cells of the township seats, clipped to the county. */
function townshipPolygons(county: Polygon): Feature<Polygon>[] {
  const seeds = featureCollection(TOWNSHIPS.map((t) => point([t.seed[0], t.seed[1]])));
  const cells = voronoi(seeds, { bbox: [450_000, 4_000_000, 510_000, 4_060_000] });
  return TOWNSHIPS.map((t, i) => {
    const clipped = intersect(featureCollection([cells.features[i]!, polygon(county.coordinates)]));
    if (!clipped || clipped.geometry.type !== 'Polygon') throw new Error(`township ${t.name} did not clip to one polygon`);
    const ring = clipped.geometry.coordinates[0]!.map(([x, y]) => [round(x!), round(y!)]);
    return { type: 'Feature', properties: { XZQDM: `${COUNTY_CODE}${t.code}`, XZQMC: t.name, RK: 0, MJ: 0 }, geometry: { type: 'Polygon', coordinates: [ring] } };
  });
}

function polyline(points: [number, number][], props: Record<string, string | number>): Feature {
  return { type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: points.map(([x, y]) => [round(x), round(y)]) } };
}

function riverLines(county: Polygon): Feature[] {
  const ys = county.coordinates[0]!.map((p) => p[1]!);
  const [y0, y1] = [Math.min(...ys) - 1_000, Math.max(...ys) + 1_000];
  const yellow: [number, number][] = [];
  for (let y = y1; y >= y0; y -= 250) yellow.push([yellowRiverX(y), y]); // drawn in flow direction, N → S
  const trib: [number, number][] = [];
  for (let x = 496_000; x >= yellowRiverX(tributaryY(465_600)); x -= 250) trib.push([x, tributaryY(x)]);
  return [polyline(yellow, { MC: '黄河', DJ: '干流' }), polyline(trib, { MC: '清水河', DJ: '一级支流' })];
}

function roadLines(): Feature[] {
  const national: [number, number][] = [];
  for (let y = 4_048_000; y >= 4_011_000; y -= 500) national.push([yellowRiverX(y) + 700, y]);
  const county: [number, number][] = [];
  for (let x = SEAT[0]; x <= 495_000; x += 500) county.push([x, tributaryY(x) + 180]);
  const roads = [polyline(national, { MC: 'G209', DJ: '国道' }), polyline(county, { MC: '县道X301', DJ: '县道' })];
  for (const t of TOWNSHIPS.slice(1)) {
    const [x1, y1] = t.seed;
    const pts: [number, number][] = [];
    for (let k = 0; k <= 12; k++) {
      const f = k / 12;
      pts.push([SEAT[0] + (x1 - SEAT[0]) * f + 600 * Math.sin(f * Math.PI), SEAT[1] + (y1 - SEAT[1]) * f]);
    }
    roads.push(polyline(pts, { MC: `${t.name}乡道`, DJ: '乡道' }));
  }
  return roads;
}

/** Nearest point of the road network to (x, y), with its distance. */
function nearestOnLines(lines: Feature[], x: number, y: number): { d: number; p: [number, number] } {
  let best = { d: Infinity, p: [x, y] as [number, number] };
  for (const f of lines)
    for (const p of (f.geometry as { coordinates: number[][] }).coordinates) {
      const d = Math.hypot(p[0]! - x, p[1]! - y);
      if (d < best.d) best = { d, p: [p[0]!, p[1]!] };
    }
  return best;
}

/** Buildings around the settlements: cave dwellings and earth-wood houses are old, frames new. */
function buildings(towns: Settlement[], mask: Uint8Array, rnd: () => number): Feature<Point>[] {
  const out: Feature<Point>[] = [];
  const total = towns.reduce((s, t) => s + t.people, 0);
  for (const t of towns) {
    const n = Math.round((t.people / total) * 1_500);
    for (let k = 0; k < n; k++) {
      const a = rnd() * 2 * Math.PI;
      const r = t.radius * Math.sqrt(-2 * Math.log(1 - rnd() * 0.95)) * 0.8;
      const x = t.x + r * Math.cos(a);
      const y = t.y + r * Math.sin(a);
      const c = Math.floor((x - GRID.originX) / GRID.cellSize);
      const row = Math.floor((GRID.originY - y) / GRID.cellSize);
      if (c < 0 || row < 0 || c >= GRID.width || row >= GRID.height || !mask[row * GRID.width + c]) continue;
      const year = 1960 + Math.floor(rnd() ** 0.7 * 63);
      const seat = t === towns[0];
      const structure = year < 1985 ? (rnd() < 0.5 ? '窑洞' : '土木') : year < 2000 ? (rnd() < 0.6 ? '砖木' : '砖混') : seat && rnd() < 0.6 ? '框架' : '砖混';
      const storeys = structure === '框架' ? 3 + Math.floor(rnd() * 4) : structure === '砖混' ? 1 + Math.floor(rnd() * 3) : 1;
      out.push(pointFeature(x, y, { JGLX: structure, JZND: year, CS: storeys, JZMJ: round(storeys * (60 + rnd() * 140), 1) }));
    }
  }
  return out;
}

/** 180 geo-hazard points: 21 in the seat (all 6 large and 10 medium), 35 along roads, the rest on susceptible slopes. */
function hiddenDangers(susc: Float32Array, roads: Feature[], rnd: () => number): Feature<Point>[] {
  const types = ['滑坡', '滑坡', '滑坡', '崩塌', '崩塌', '泥石流', '地面塌陷'];
  const pts: { x: number; y: number; where: 'seat' | 'road' | 'slope' }[] = [];
  const pickCell = (accept: (x: number, y: number, s: number) => boolean): [number, number] => {
    for (;;) {
      const i = Math.floor(rnd() * susc.length);
      const s = susc[i]!;
      if (s === NODATA) continue;
      const [x, y] = cellCentre(GRID, i % GRID.width, Math.floor(i / GRID.width));
      if (accept(x, y, s)) return [x + (rnd() - 0.5) * 90, y + (rnd() - 0.5) * 90];
    }
  };
  while (pts.length < 21) {
    const [x, y] = pickCell((x, y, s) => Math.hypot(x - SEAT[0], y - SEAT[1]) < 2_200 && s > 0.25);
    pts.push({ x, y, where: 'seat' });
  }
  while (pts.length < 56) {
    const [x, y] = pickCell((x, y, s) => s > 0.3 && nearestOnLines(roads, x, y).d < 150);
    pts.push({ x, y, where: 'road' });
  }
  while (pts.length < 180) {
    const [x, y] = pickCell((x, y, s) => Math.hypot(x - SEAT[0], y - SEAT[1]) >= 2_200 && rnd() < s ** 3);
    pts.push({ x, y, where: 'slope' });
  }
  return pts.map((p, k) => {
    const size = k < 6 ? '大型' : k < 16 ? '中型' : '小型';
    const people = size === '大型' ? 80 + Math.floor(rnd() * 220) : size === '中型' ? 20 + Math.floor(rnd() * 80) : 2 + Math.floor(rnd() * 28);
    return pointFeature(p.x, p.y, {
      YHDBH: `${COUNTY_CODE}${String(k + 1).padStart(4, '0')}`,
      ZHLX: types[Math.floor(rnd() * types.length)]!,
      GM: size,
      WXRS: people,
      WXCC: round(people * (3 + rnd() * 9), 1),
    });
  });
}

/** PGA (g) in geographic CGCS2000 at 0.005°: a gentle rise towards the north-east (GB 18306 style, 0.10–0.20 g). */
async function writePga(out: string): Promise<void> {
  const toGeo = transformer(4546, 4490);
  const [w, s] = toGeo(GRID.originX - 3_000, GRID.originY - GRID.height * GRID.cellSize - 3_000);
  const [e, n] = toGeo(GRID.originX + GRID.width * GRID.cellSize + 3_000, GRID.originY + 3_000);
  const step = 0.005;
  const west = Math.floor(w / step) * step;
  const north = Math.ceil(n / step) * step;
  const width = Math.ceil((e - west) / step);
  const height = Math.ceil((north - s) / step);
  const noise = fbm(SEED + 6, 0.08, 2);
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const lon = west + (c + 0.5) * step;
      const lat = north - (r + 0.5) * step;
      const t = Math.min(1, Math.max(0, ((lon - west) / (e - west)) * 0.6 + ((lat - s) / (north - s)) * 0.4));
      data[r * width + c] = round(0.1 + 0.1 * t + 0.008 * noise(lon, lat), 4);
    }
  await writeGeoTiff(join(out, 'pga.tif'), data, { width, height, dtype: 'float32', epsg: 4490, geoTransform: [round(west, 6), step, 0, round(north, 6), 0, -step], metadata: { UNITS: 'g', SOURCE: '示范数据（按 GB 18306-2015 风格生成）' } });
}

/** The model document that turns the layers into the comprehensive risk grid. */
function modelDocument(): object {
  return {
    riskatlas: 'model',
    version: 2,
    name: `${COUNTY_NAME}自然灾害综合风险评估`,
    area: { name: COUNTY_NAME, code: COUNTY_CODE },
    compiler: `${COUNTY_NAME}应急管理局`,
    grid: { epsg: 4546, cellSize: 100, studyArea: 'county' },
    layers: {
      county: { path: 'county_boundary.geojson', name: '县界', category: 'admin' },
      townships: { path: 'townships.shp', name: '乡镇', category: 'admin' },
      seats: { path: 'seats.geojson', name: '政府驻地', category: 'admin' },
      dem: { path: 'dem.tif', name: '数字高程模型', category: 'basemap', units: 'm' },
      rivers: { path: 'rivers.shp', name: '河流', category: 'basemap' },
      roads: { path: 'roads.shp', name: '道路', category: 'exposure' },
      landslide: { path: 'landslide_susceptibility.tif', name: '滑坡易发性', category: 'hazard', hazard: 'landslide' },
      flood: { path: 'flood_depth_100yr.tif', name: '百年一遇洪水淹没水深', category: 'hazard', hazard: 'flood', units: 'm' },
      pga: { path: 'pga.tif', name: '地震动峰值加速度', category: 'hazard', hazard: 'earthquake', units: 'g' },
      population: { path: 'population.tif', name: '人口格网', category: 'exposure', units: '人' },
      buildings: { path: 'buildings.shp', name: '房屋建筑', category: 'exposure' },
      schools: { path: 'schools.geojson', name: '学校', category: 'exposure' },
      hospitals: { path: 'hospitals.geojson', name: '医院', category: 'exposure' },
      shelters: { path: 'shelters.shp', name: '避难场所', category: 'capacity' },
      warehouses: { path: 'warehouses.geojson', name: '物资储备库', category: 'capacity' },
      rescue_teams: { path: 'rescue_teams.geojson', name: '救援队伍', category: 'capacity' },
      fire_stations: { path: 'fire_stations.geojson', name: '消防站', category: 'capacity' },
      hidden_dangers: { path: 'hidden_dangers.shp', name: '地质灾害隐患点', category: 'hiddenDanger' },
    },
    indicators: [
      { id: 'h_landslide', layer: 'landslide', resample: 'bilinear', transform: 'minmax', direction: 'positive' },
      { id: 'h_flood', layer: 'flood', resample: 'bilinear', transform: 'minmax', direction: 'positive' },
      { id: 'h_pga', layer: 'pga', resample: 'bilinear', transform: 'minmax', direction: 'positive' },
      { id: 'h_danger', layer: 'hidden_dangers', rasterize: 'kernelDensity', radius: 1000, weightField: 'WXRS', transform: 'minmax', direction: 'positive' },
      { id: 'e_pop', layer: 'population', resample: 'nearest', transform: 'minmax', direction: 'positive' },
      { id: 'e_bldg', layer: 'buildings', rasterize: 'kernelDensity', radius: 500, transform: 'minmax', direction: 'positive' },
      { id: 'v_old', layer: 'buildings', rasterize: 'kernelDensity', radius: 500, filter: { field: 'JZND', lt: 1990 }, transform: 'minmax', direction: 'positive' },
      { id: 'c_shelter', layer: 'shelters', rasterize: 'distance', transform: 'minmax', direction: 'negative' },
      { id: 'c_fire', layer: 'fire_stations', rasterize: 'distance', transform: 'minmax', direction: 'negative' },
    ],
    components: {
      // Hazard by AHP, as the census specs do it: landslide ≈ flood > hidden dangers > PGA on this loess county.
      H: {
        method: 'ahp',
        indicators: ['h_landslide', 'h_flood', 'h_pga', 'h_danger'],
        matrix: [
          [1, 1, 3, 2],
          [1, 1, 3, 2],
          [1 / 3, 1 / 3, 1, 1 / 2],
          [1 / 2, 1 / 2, 2, 1],
        ],
      },
      E: { e_pop: 0.6, e_bldg: 0.4 },
      V: { v_old: 1.0 },
      // Capacity by the entropy method: let the data say which service gap differs most across the county.
      C: { method: 'entropy', indicators: ['c_shelter', 'c_fire'] },
    },
    risk: { operator: 'weightedSum', weights: { H: 0.4, E: 0.3, V: 0.15, C: 0.15 } },
    // Single-hazard risks, each from its share of H; the comprehensive risk is their weighted sum.
    hazards: [
      { id: 'geological', name: '地质灾害', indicators: ['h_landslide', 'h_danger'] },
      { id: 'flood', name: '洪水', indicators: ['h_flood'] },
      { id: 'earthquake', name: '地震', indicators: ['h_pga'] },
    ],
    comprehensive: { method: 'weightedSum' },
    classification: { method: 'jenks', classes: 5, scheme: 'high5' },
    statistics: { population: 'population', units: 'townships' },
    zoning: { capacity: 'C', capacityClasses: 3, majority: 5, minAreaKm2: 1 },
    outputs: { index: 'risk_index.tif', grade: 'risk_grade.tif', png: 'risk_grade.png', stats: 'risk_stats.csv' },
  };
}

/** GeoJSON with the legacy `crs` member (projected coordinates) or RFC 7946 lon/lat. */
function geojsonText(features: Feature[], lonLat: boolean): string {
  const fc: FeatureCollection & { crs?: object } = lonLat
    ? { type: 'FeatureCollection', features: features.map((f) => reprojectPoint(f)) }
    : { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4546' } }, features };
  return JSON.stringify(fc) + '\n';
}

const toLonLat = transformer(4546, 4490);
function reprojectPoint(f: Feature): Feature {
  const [x, y] = (f.geometry as Point).coordinates as [number, number];
  const [lon, lat] = toLonLat(x, y);
  return { ...f, geometry: { type: 'Point', coordinates: [round(lon, 7), round(lat, 7)] } };
}

/** Build the whole county into `out`. */
export async function generateCounty(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  const rnd = mulberry32(SEED);
  const county = countyBoundary();
  const countyFeature: Feature<Polygon> = { type: 'Feature', properties: { XZQDM: COUNTY_CODE, XZQMC: COUNTY_NAME }, geometry: county };
  const mask = polygonMask(GRID, [countyFeature]);
  const t = terrain(mask);
  const susc = landslideSusceptibility(t);
  const towns = settlements(t, rnd);
  const pop = populationGrid(mask, towns);
  const gt = [GRID.originX, GRID.cellSize, 0, GRID.originY, 0, -GRID.cellSize] as [number, number, number, number, number, number];
  const raster = (name: string, data: Float32Array, metadata: Record<string, string>): Promise<void> =>
    writeGeoTiff(join(out, name), data, { width: GRID.width, height: GRID.height, dtype: 'float32', nodata: NODATA, epsg: 4546, geoTransform: gt, metadata });
  await raster('dem.tif', t.dem, { UNITS: 'm' });
  await raster('landslide_susceptibility.tif', susc, { UNITS: '0-1' });
  await raster('flood_depth_100yr.tif', floodDepth(mask), { UNITS: 'm', RETURN_PERIOD: '100' });
  await raster('population.tif', pop, { UNITS: 'persons per cell' });
  await writePga(out);

  // Townships with population and area from the grid.
  const towns6 = townshipPolygons(county);
  const zone = new Int32Array(mask.length).fill(-1);
  towns6.forEach((f, k) => polygonMask(GRID, [f]).forEach((m, i) => m && (zone[i] = k)));
  towns6.forEach((f, k) => {
    let people = 0;
    let cells = 0;
    zone.forEach((z, i) => {
      if (z === k && mask[i]) {
        people += pop[i]!;
        cells++;
      }
    });
    f.properties!.RK = Math.round(people);
    f.properties!.MJ = round((cells * GRID.cellSize ** 2) / 1e6, 2);
  });
  const shp = async (name: string, fc: Feature[], encoding: 'utf-8' | 'gbk' = 'utf-8'): Promise<string[]> =>
    writeShapefile(join(out, name), { type: 'FeatureCollection', features: fc }, { epsg: 4546, encoding });
  const townshipFiles = await shp('townships', towns6, 'gbk');
  await zipShapefile(townshipFiles, join(out, 'townships.zip'));
  await writeFile(join(out, 'county_boundary.geojson'), geojsonText([countyFeature], false));
  // Seats of the county and township governments (map sheets mark them): the township seeds,
  // or a point inside the township where the seat town's valley strip took the seed.
  const seats = TOWNSHIPS.map((tw, k) => {
    const [x, y] = booleanPointInPolygon(point([tw.seed[0], tw.seed[1]]), towns6[k]!) ? tw.seed : pointOnFeature(towns6[k]!).geometry.coordinates;
    return pointFeature(x!, y!, k === 0 ? { MC: `${COUNTY_NAME}人民政府`, XZQDM: COUNTY_CODE, JB: '县' } : { MC: `${tw.name}人民政府`, XZQDM: `${COUNTY_CODE}${tw.code}`, JB: '乡镇' });
  });
  await writeFile(join(out, 'seats.geojson'), geojsonText(seats, false));
  await shp('rivers', riverLines(county));
  const roads = roadLines();
  await shp('roads', roads);
  await shp('buildings', buildings(towns, mask, rnd));

  // Public services and capacity: at the seat and the township seats.
  const nearTown = (k: number, dx: number, dy: number): [number, number] => [TOWNSHIPS[k]!.seed[0] + dx, TOWNSHIPS[k]!.seed[1] + dy];
  const schools = [
    pointFeature(...nearTown(0, 300, 200), { XXMC: `${COUNTY_NAME}第一中学`, XSS: 2100 }),
    pointFeature(...nearTown(0, -500, -150), { XXMC: '城关第一小学', XSS: 1350 }),
    pointFeature(...nearTown(0, 650, -400), { XXMC: '城关第二小学', XSS: 980 }),
    ...TOWNSHIPS.slice(1).map((tw, k) => pointFeature(...nearTown(k + 1, 150, -120), { XXMC: `${tw.name}中心小学`, XSS: 180 + k * 45 })),
  ];
  const hospitals = [
    pointFeature(...nearTown(0, -200, 350), { YYMC: `${COUNTY_NAME}人民医院`, CWS: 320 }),
    pointFeature(...nearTown(0, 900, 100), { YYMC: `${COUNTY_NAME}中医院`, CWS: 120 }),
    ...TOWNSHIPS.slice(1).map((tw, k) => pointFeature(...nearTown(k + 1, -180, 90), { YYMC: `${tw.name}卫生院`, CWS: 20 + k * 4 })),
  ];
  const shelters = [
    pointFeature(...nearTown(0, 0, 0), { MC: '县城中心广场避难场所', RNRS: 6000, MJ: 24000 }),
    pointFeature(...nearTown(0, 1200, 300), { MC: '滨河公园避难场所', RNRS: 4500, MJ: 18000 }),
    pointFeature(...nearTown(0, -900, -700), { MC: '第一中学操场避难场所', RNRS: 3000, MJ: 12000 }),
    ...TOWNSHIPS.slice(1).map((tw, k) => pointFeature(...nearTown(k + 1, 250, 250), { MC: `${tw.name}政府广场避难场所`, RNRS: 800 + k * 100, MJ: 3200 + k * 400 })),
  ];
  await writeFile(join(out, 'schools.geojson'), geojsonText(schools, true));
  await writeFile(join(out, 'hospitals.geojson'), geojsonText(hospitals, true));
  await shp('shelters', shelters);
  await writeFile(
    join(out, 'warehouses.geojson'),
    geojsonText([pointFeature(...nearTown(0, 1500, -600), { MC: '县级救灾物资储备库', RJ: 3000 }), pointFeature(...nearTown(3, 0, 500), { MC: '东岭乡物资储备点', RJ: 300 })], true),
  );
  await writeFile(
    join(out, 'rescue_teams.geojson'),
    geojsonText([pointFeature(...nearTown(0, 400, -900), { MC: '县综合应急救援大队', RS: 60 }), pointFeature(...nearTown(4, 200, 0), { MC: '南沟乡应急救援队', RS: 15 }), pointFeature(...nearTown(2, -300, 0), { MC: '北坡乡应急救援队', RS: 12 })], true),
  );
  await writeFile(join(out, 'fire_stations.geojson'), geojsonText([pointFeature(...nearTown(0, -300, -500), { MC: '县消防救援大队城关站' }), pointFeature(...nearTown(1, 0, -300), { MC: '龙门镇专职消防站' })], true));
  await shp('hidden_dangers', hiddenDangers(susc, roads, rnd));
  await writeFile(join(out, 'model.json'), JSON.stringify(modelDocument(), null, 2) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('generate.ts')) {
  const out = resolve(process.argv[2] ?? join(import.meta.dirname, 'county'));
  const t0 = performance.now();
  await generateCounty(out);
  console.log(`demo county written to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
