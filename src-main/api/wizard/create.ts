/**
 * The wizard's last step: the open draft project gets its model from the choices — the
 * engine's newModel (study area, grid in the checked analysis CRS, the area's name, 行政区划代码
 * and compiler, the census templates' slots bound to the catalogue where it is sure) — as
 * an undoable model edit, and is saved, so the project opens complete in the workflow.
 */
import { RiskAtlasError } from '../../../src-shared/errors';
import { newModel } from '../../engine/model/newModel';
import { loadTemplates } from '../../engine/templates/load';
import type { ProjectContext } from '../context';
import { updateModel } from '../model/edit';
import { currentView } from '../project/views';
import { save } from '../project/save';
import { catalogueLayerOf } from './catalogue';
import type { SlotPlan, WizardChoices } from './contract';
import { slotPlanOf, studyLayerEntry } from './plan';

/** Give the open draft its model from `c` and save it (E_MODEL_INVALID when it has a model already). */
export async function createFromWizard(ctx: ProjectContext, c: WizardChoices): Promise<{ view: NonNullable<ReturnType<typeof currentView>>; slots: SlotPlan[] }> {
  const p = ctx.editable();
  if (p.doc) throw new RiskAtlasError('E_MODEL_INVALID', 'the project has a model already: the wizard makes the model of a new project only', { file: p.file.path });
  studyLayerEntry(ctx, c.studyArea.layer);
  const layers = await Promise.all(p.entries.filter((e) => e.file).map(catalogueLayerOf));
  const made = newModel({
    name: c.name,
    ...(c.code !== undefined ? { code: c.code } : {}),
    ...(c.compiler !== undefined ? { compiler: c.compiler } : {}),
    studyArea: c.studyArea,
    epsg: c.epsg,
    cellSize: c.cellSize,
    hazards: c.hazards,
    layers,
    templates: loadTemplates(),
  });
  await updateModel(ctx, made.doc);
  await save(ctx);
  return { view: currentView(ctx)!, slots: made.slots.map(slotPlanOf) };
}
