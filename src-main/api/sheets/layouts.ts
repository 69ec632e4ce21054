/**
 * The project's edited sheet layouts: kept in the project file (one per sheet of the series),
 * so an edit made in 制图 lasts when the step is left, is saved with the project, and is what
 * the package and `riskatlas export <project>` draw instead of the sheet's default.
 */
import { parseLayout, type SheetKind, type SheetLayout } from '../../engine/maps/layout';
import { sheetKey } from '../../engine/maps/render';
import type { ProjectFile } from '../../store/projectFile';
import type { ProjectContext } from '../context';
import { touched } from '../project/autosave';

/**
 * Every edited layout of a project file. A stored layout that is not a valid layout document
 * (a damaged or foreign project) is refused with E_ARG_INVALID naming the field.
 */
export function savedLayouts(file: ProjectFile): SheetLayout[] {
  return file.sheetLayouts().map((l) => parseLayout(JSON.parse(l.json) as unknown));
}

/** The edited layout of one sheet, or undefined when it has none. */
export function savedLayout(ctx: ProjectContext, s: { kind: SheetKind; layer?: string | undefined }): SheetLayout | undefined {
  const key = sheetKey(s);
  const row = ctx.open().file.sheetLayouts().find((l) => l.sheet === key);
  return row ? parseLayout(JSON.parse(row.json) as unknown) : undefined;
}

/** Keep `layout` as its sheet's edited layout (an unsaved change of the project, like a model edit). */
export function saveLayout(ctx: ProjectContext, layout: SheetLayout): SheetLayout {
  const p = ctx.editable();
  const l = parseLayout(layout);
  p.file.setSheetLayout(sheetKey(l), JSON.stringify(l));
  touched(ctx, false);
  return l;
}

/** Forget a sheet's edited layout; true when it had one. */
export function resetLayout(ctx: ProjectContext, s: { kind: SheetKind; layer?: string | undefined }): boolean {
  const p = ctx.editable();
  const had = p.file.removeSheetLayout(sheetKey(s));
  if (had) touched(ctx, false);
  return had;
}
