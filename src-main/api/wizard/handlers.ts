/** Handlers of the new-project wizard (`wizard.*`). */
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import type { wizardArgs } from './contract';
import { createFromWizard } from './create';
import { wizardPlan } from './plan';

export function createWizardHandlers(ctx: ProjectContext): Handlers<typeof wizardArgs> {
  return {
    'wizard.plan': async (a) => wizardPlan(ctx, a),
    'wizard.create': async (a) => createFromWizard(ctx, a),
  };
}
