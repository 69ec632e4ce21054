/**
 * The project's catalogue as the engine's templates and newModel see it: each entry with what
 * reading its file tells (the field that names features, whether a raster holds class codes).
 * The wizard and `riskatlas new` make their models from the same layers this way.
 */
import { catalogueFacts, type CatalogueLayer } from '../../engine/catalog/catalogueLayer';
import type { LayerEntry } from '../layers/contract';

/** A catalogue entry as the engine's catalogue layer, with what reading the file tells (label field, categorical raster). */
export async function catalogueLayerOf(e: LayerEntry): Promise<CatalogueLayer> {
  const facts = await catalogueFacts(e.meta.path, e.meta, { ...(e.crs !== undefined ? { crs: e.crs } : {}), ...(e.encoding ? { encoding: e.encoding } : {}) });
  return {
    id: e.id,
    name: e.name,
    category: e.category,
    file: e.file!,
    meta: e.meta,
    ...(e.hazard ? { hazard: e.hazard } : {}),
    ...(e.units ? { units: e.units } : {}),
    ...(e.crs !== undefined ? { crs: e.crs } : {}),
    ...(e.encoding ? { encoding: e.encoding } : {}),
    ...facts,
  };
}
