/** Handlers of the quality-control methods (`qc.*`). */
import type { ProjectContext } from '../context';
import type { Handlers } from '../handlers';
import type { qcArgs } from './contract';
import { qcView, runProjectQc } from './qc';

export function createQcHandlers(ctx: ProjectContext): Handlers<typeof qcArgs> {
  return {
    'qc.run': async ({ surveyYear }) => runProjectQc(ctx, surveyYear),
    'qc.findings': async () => qcView(ctx),
  };
}
