/** Handlers of the model methods (`model.*`, `weights.*`, `classes.*`, `zoning.defaults`). */
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../../../src-shared/zoneMatrix';
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import { breaksPreview, lastIndexValues, setThresholds } from './classes';
import type { modelArgs } from './contract';
import { modelState, stepModel, updateModel, validateModel } from './edit';
import { projectScaffold } from './scaffold';
import { ahpView, entropyOf } from './weights';
import { checkModel } from './check';

export function createModelHandlers(ctx: ProjectContext): Handlers<typeof modelArgs> {
  return {
    'model.get': async () => modelState(ctx),
    'model.update': async ({ doc }) => updateModel(ctx, doc),
    'model.undo': async () => stepModel(ctx, 'undo'),
    'model.redo': async () => stepModel(ctx, 'redo'),
    'model.scaffold': async () => validateModel(ctx, projectScaffold(ctx)),
    'weights.ahp': async ({ matrix }) => ahpView(matrix),
    'weights.entropy': async ({ indicators }) => entropyOf(ctx.loadedModel(), indicators),
    'classes.preview': async ({ method, classes, thresholds, bins }) => breaksPreview(await lastIndexValues(ctx), method, classes, thresholds, bins),
    'classes.setThresholds': async ({ thresholds }) => setThresholds(ctx, thresholds),
    'zoning.defaults': async () => ({ matrix: DEFAULT_ZONE_MATRIX.map((row) => [...row]), names: [...ZONE_NAMES] }),
    'model.check': async ({ doc }) => checkModel(ctx, doc),
  };
}
