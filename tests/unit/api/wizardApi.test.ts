/**
 * The new-project wizard through the API, as the app calls it, with a county's own files made
 * by GDAL/OGR (tests/fixtures/gdal/ownCounty.py): the plan while choices are made (where the
 * study area lies, the CRS suggested for it and the refusal of a typed geographic CRS, the
 * grid a cell size gives, the hazards' slots bound and open), then `wizard.create` giving the
 * draft its model — a project that opens complete and whose model runs.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { harness, type Harness } from './apiHarness';
import { hasReference, PYTHON } from '../../fixtures/referenceTools';
import { useTempDir } from '../../fixtures/tempDir';
import { codeOf } from '../../fixtures/errorCode';
import { estimateRun } from '../../../src-main/engine/pipeline/estimate';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'gdal');
const tools = hasReference('osgeo') && hasReference('numpy');

let h: Harness;
afterEach(async () => {
  await h?.session.close();
});

describe.skipIf(!tools)('wizard.* with GDAL-made files', () => {
  const tmp = useTempDir('ra-wiz-');
  let data = '';
  beforeAll(() => {
    data = join(tmp(), 'data');
    execFileSync(PYTHON, [join(fixtures, 'ownCounty.py'), data], { timeout: 120_000 });
  }, 180_000);

  async function draftWith(...files: string[]): Promise<void> {
    h = harness();
    await h.call('project.new', { name: '丘陵县' });
    for (const f of files) await h.call('layer.import', { path: join(data, f) });
  }

  it('plans the study area, suggests CGCS2000 CM 111E with its reason, sizes the grid and binds the flood slots it is sure of', async () => {
    await draftWith('boundary.shp', 'dem.tif', 'townships.gpkg');
    const plan = await h.call('wizard.plan', { studyArea: { layer: 'boundary' }, cellSize: 100, hazards: ['flood'] });
    expect(plan.templates.map((t) => t.id)).toEqual(expect.arrayContaining(['earthquake', 'geological', 'flood', 'forestFire', 'meteorological', 'drought']));
    expect(plan.studyArea?.features).toBe(1);
    expect(plan.studyArea?.lonLatExtent[0]).toBeCloseTo(110.6, 3);
    expect(plan.suggestion?.epsg).toBe(4546);
    expect(plan.suggestion?.reason.zh).toMatch(/111/);
    expect(plan.crs).toMatchObject({ epsg: 4546 });
    expect(plan.grid).toMatchObject({ width: 271, height: 268, cells: 271 * 268, cellSize: 100 });
    expect(plan.grid!.studyCells).toBeGreaterThan(0.8 * 271 * 268);
    expect(plan.grid!.studyCells).toBeLessThan(271 * 268);
    // The memory and temporary disk are the engine's estimate of a run of the two bound indicators on this grid.
    expect(plan.grid).toMatchObject({ indicators: 2, memoryBytes: estimateRun({ width: 271, height: 268 }, 2).memoryBytes, tempDiskBytes: estimateRun({ width: 271, height: 268 }, 2).tempDiskBytes });
    expect(plan.grid!.memoryBytes).toBeGreaterThan(100 * 1024 * 1024);
    const bound = Object.fromEntries(plan.slots.filter((s) => s.layer).map((s) => [s.id, s.layer]));
    expect(bound).toEqual({ low_ground: 'dem', population_density: 'townships' });
    expect(plan.slots.filter((s) => !s.layer).length).toBeGreaterThan(0);
  });

  it('refuses a typed geographic CRS beside the field, naming it and the suggestion, and plans chosen features only', async () => {
    await draftWith('boundary.shp', 'townships.gpkg');
    const refused = await h.call('wizard.plan', { studyArea: { layer: 'townships' }, epsg: 4490, cellSize: 100 });
    expect(refused.crs).toBeNull();
    expect(refused.crsError?.code).toBe('E_CRS_GEOGRAPHIC');
    expect(refused.grid).toBeNull();
    const some = await h.call('wizard.plan', { studyArea: { layer: 'townships', features: { field: 'NAME', values: ['North-West', 'South-West'] } }, cellSize: 100 });
    expect(some.studyArea?.features).toBe(2);
    expect(some.studyArea!.lonLatExtent[2]).toBeCloseTo(110.74, 3);
    const whole = await h.call('wizard.plan', { studyArea: { layer: 'townships' }, cellSize: 100 });
    expect(some.grid!.width).toBeLessThan(whole.grid!.width);
  });

  it('suggests the zone-prefixed CGCS2000 zone 39 (EPSG:4527) for a township layer in it', async () => {
    await draftWith(join('gk39', 'towns.shp'));
    const plan = await h.call('wizard.plan', { studyArea: { layer: 'towns' }, cellSize: 100 });
    expect(plan.studyArea?.layerEpsg).toBe(4527);
    expect(plan.suggestion?.epsg).toBe(4527);
    expect(plan.studyArea!.lonLatExtent[0]).toBeGreaterThan(116);
    expect(plan.studyArea!.lonLatExtent[2]).toBeLessThan(118.5);
  });

  it('creates the model: the draft opens complete in the chosen CRS, saved, named and coded, its study area the chosen features', async () => {
    await draftWith('boundary.shp', 'dem.tif', 'townships.gpkg');
    const r = await h.call('wizard.create', { name: '丘陵县', code: '141031', compiler: '丘陵县应急管理局', studyArea: { layer: 'townships', features: { field: 'NAME', values: ['North-West'] } }, epsg: 4546, cellSize: 200, hazards: ['flood'] });
    expect(r.view.epsg).toBe(4546);
    expect(r.view.extent[0]).toBeGreaterThan(400_000);
    expect(r.view.project?.dirty).toBe(false);
    expect(r.slots.find((s) => s.id === 'low_ground')?.layer).toBe('dem');
    const { doc } = await h.call('model.get');
    expect(doc).toMatchObject({ grid: { epsg: 4546, cellSize: 200, studyArea: 'townships', studyFeatures: { field: 'NAME', values: ['North-West'] } } });
    expect(JSON.stringify(doc)).toContain('141031');
    expect((await h.call('project.current'))?.epsg).toBe(4546);
    expect(await codeOf(h.call('wizard.create', { name: 'x', studyArea: { layer: 'boundary' }, epsg: 4546, cellSize: 200, hazards: [] }))).toBe('E_MODEL_INVALID');
  });

  it('a wizard.create without hazards makes a draft model with the study area and grid only, which the indicator builder fills', async () => {
    await draftWith('boundary.shp', 'dem.tif');
    const r = await h.call('wizard.create', { name: 'Hill', studyArea: { layer: 'boundary' }, epsg: 4546, cellSize: 100, hazards: [] });
    expect(r.slots).toEqual([]);
    const { doc } = await h.call('model.get');
    expect(doc!.indicators).toEqual([]);
  });
});
