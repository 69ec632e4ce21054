/** The open project as the renderer shows it: complete (with a model) or as a draft (catalogue only). */
import { basename } from 'node:path';
import { crsFromEpsg } from '../../engine/crs/registry';
import type { ProjectContext } from '../context';
import type { ProjectDraftView, ProjectView } from './contract';
import { PROJECT_EXT } from './paths';

/** The open project's view when it has a model, else null (see {@link draftView}). */
export function currentView(ctx: ProjectContext): ProjectView | null {
  const p = ctx.project;
  if (!p?.doc || !p.extent) return null;
  const crs = crsFromEpsg(p.doc.grid.epsg);
  return { name: p.doc.name, epsg: p.doc.grid.epsg, proj4: crs.proj4, extent: p.extent.extent, layers: p.entries, lastRun: p.lastRun, project: ctx.info()! };
}

/** The open project's catalogue, with or without a model; null when none is open. */
export function draftView(ctx: ProjectContext): ProjectDraftView | null {
  const p = ctx.project;
  if (!p) return null;
  const epsg = ctx.analysisEpsg();
  return { draft: true, name: p.file.getMeta('name') ?? basename(p.file.path, PROJECT_EXT), epsg, proj4: crsFromEpsg(epsg).proj4, layers: p.entries, project: ctx.info()! };
}

/** The view when complete, else the draft (a project must be open). */
export function projectView(ctx: ProjectContext): ProjectView | ProjectDraftView {
  return currentView(ctx) ?? draftView(ctx)!;
}
