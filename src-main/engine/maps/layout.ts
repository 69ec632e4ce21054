/**
 * The map-sheet layout document (制图版式): a versioned JSON document saying what a sheet
 * shows and where, in millimetres on the paper (origin top-left, y down). The same layout
 * renders to vector PDF and to PNG/JPG (see `render.ts`), in the app's layout designer and
 * from the CLI. Validated with zod; the designer edits it and sends it back through
 * `sheet.preview` / `sheet.export`.
 */
import { z } from 'zod';
import { RiskAtlasError } from '../../../src-shared/errors';
import { joinTitle } from '../model/labels';

export { joinTitle } from '../model/labels';

/** ISO 216 A-series paper, portrait, in mm (width, height). */
export const PAPER_MM = {
  A4: [210, 297],
  A3: [297, 420],
  A2: [420, 594],
  A1: [594, 841],
  A0: [841, 1189],
} as const;
export type Paper = keyof typeof PAPER_MM;

/** Map series a default layout exists for. */
export const SHEET_KINDS = ['riskGrade', 'zoning', 'hazard', 'exposure', 'hazardRisk'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

/**
 * Map series a deliverable package can hold: `hazardRisk` gives one sheet per single-hazard
 * risk grid the run wrote, `hazard` and `exposure` one per indicator of H and E.
 */
export const PACKAGE_MAPS = ['riskGrade', 'zoning', 'hazardRisk', 'hazard', 'exposure'] as const;
export type PackageMap = (typeof PACKAGE_MAPS)[number];

/** A box on the paper, mm from the top-left corner. */
const box = z
  .object({
    x: z.number().min(0).max(1200),
    y: z.number().min(0).max(1200),
    w: z.number().positive().max(1200),
    h: z.number().positive().max(1200),
    visible: z.boolean().default(true),
  })
  .strict();
export type Box = z.infer<typeof box>;

const scaleSchema = z.union([
  z.object({ mode: z.literal('fixed'), denominator: z.number().int().min(500).max(100_000_000) }).strict(),
  z.object({ mode: z.literal('fit') }).strict(),
]);

/** The layout document, version 1. Sizes of text are in points (1 pt = 25.4/72 mm). */
export const layoutSchema = z
  .object({
    riskatlas: z.literal('sheet'),
    version: z.literal(1),
    kind: z.enum(SHEET_KINDS),
    /** For `hazard` / `exposure` sheets: the indicator id of the model; for `hazardRisk`: the hazard key. */
    layer: z.string().min(1).max(200).optional(),
    paper: z.enum(Object.keys(PAPER_MM) as [Paper, ...Paper[]]),
    orientation: z.enum(['portrait', 'landscape']),
    /** Fixed scale 1:denominator, or fitted to the map frame (then rounded up to a round number). */
    scale: scaleSchema,
    /** Raster resolution of PNG/JPG output and of the grade/zone image inside the PDF. */
    dpi: z.number().int().min(30).max(1200).default(300),
    texts: z
      .object({
        title: z.string().max(200),
        subtitle: z.string().max(200).default(''),
        compiler: z.string().max(200).default(''),
        date: z.string().max(100).default(''),
        sources: z.string().max(1000).default(''),
        crsNote: z.string().max(300).default(''),
        /** 审图号: printed only when given (required when a standard basemap is used). */
        reviewNumber: z.string().max(100).default(''),
        legendTitle: z.string().max(50).default('图  例'),
      })
      .strict(),
    elements: z
      .object({
        title: box,
        map: box,
        legend: box,
        scaleBar: box,
        northArrow: box,
        locator: box,
        credits: box,
        /** 南海诸岛 inset: off by default; draws the user's own layer (`southChinaSeaLayer`). */
        southChinaSea: box,
      })
      .strict(),
    graticule: z.object({ visible: z.boolean().default(true), intervalDeg: z.number().positive().max(30).optional() }).strict(),
    show: z
      .object({
        townships: z.boolean().default(true),
        townshipNames: z.boolean().default(true),
        rivers: z.boolean().default(true),
        seats: z.boolean().default(true),
      })
      .strict(),
    /** Atlas pages: the code (XZQDM) of the township the map frame is centred on; its neighbours are dimmed. */
    focusUnit: z.string().max(50).optional(),
    /** Vector file (GeoJSON, shapefile, GeoPackage) drawn in the locator inset, e.g. the province; default: the county. */
    locatorLayer: z.string().max(4096).optional(),
    /** Vector file drawn in the 南海诸岛 inset. RiskAtlas bundles no national boundary data. */
    southChinaSeaLayer: z.string().max(4096).optional(),
  })
  .strict();

export type SheetLayout = z.infer<typeof layoutSchema>;

/** Validate a layout document; E_ARG_INVALID names the first wrong field. */
export function parseLayout(json: unknown): SheetLayout {
  const r = layoutSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new RiskAtlasError('E_ARG_INVALID', `layout ${issue.path.join('.') || '(document)'}: ${issue.message}`);
  }
  const l = r.data;
  const [pw, ph] = paperSize(l);
  for (const [name, b] of Object.entries(l.elements)) {
    if (b.visible && (b.x + b.w > pw + 0.01 || b.y + b.h > ph + 0.01)) {
      throw new RiskAtlasError('E_ARG_INVALID', `layout elements.${name}: the box (${b.x}, ${b.y}, ${b.w} × ${b.h} mm) runs off the ${l.paper} ${l.orientation} paper (${pw} × ${ph} mm)`);
    }
  }
  return l;
}

/** Paper width and height in mm for the layout's paper and orientation. */
export function paperSize(l: Pick<SheetLayout, 'paper' | 'orientation'>): [number, number] {
  const [w, h] = PAPER_MM[l.paper];
  return l.orientation === 'portrait' ? [w, h] : [h, w];
}

/** What a default layout needs to know about the run (all optional: a blank sheet works too). */
export interface LayoutContext {
  /** Study area name, e.g. 黄河示范县. */
  areaName?: string;
  /** Display name of the sheet's layer (hazard/exposure sheets), e.g. 滑坡易发性. */
  layerName?: string;
  /** Names of the input layers, listed under 数据来源. */
  sources?: string[];
  /** ISO date of the run; the sheet prints 制图时间 from it. */
  date?: string;
  /** 制图单位 (default: the area's 应急管理局). */
  compiler?: string;
  /** The 坐标系 note, e.g. "坐标系：2000国家大地坐标系 3度带 高斯-克吕格投影 39带" (default: CGCS2000 Gauss-Krüger, unnamed zone). */
  crsNote?: string;
}


const TITLES: Record<SheetKind, string> = {
  riskGrade: '自然灾害综合风险图',
  zoning: '自然灾害综合防治区划图',
  hazard: '危险性分布图',
  exposure: '承灾体分布图',
  hazardRisk: '风险等级图',
};

/**
 * The default layout of a sheet of the series, for paper A4–A0 in either orientation.
 * Elements are placed proportionally to the paper: title band on top, the map frame on the
 * left, a side column (legend, locator, 南海诸岛 inset slot, scale, credits) on the right in
 * landscape or a bottom band in portrait; the north arrow in the map frame's top-right.
 * Scale: fitted. `ctx` fills the texts (area and layer names, sources, date).
 */
export function defaultLayout(kind: SheetKind, ctx: LayoutContext = {}, paper: Paper = 'A3', orientation: 'portrait' | 'landscape' = 'landscape'): SheetLayout {
  const [pw, ph] = paperSize({ paper, orientation });
  const u = Math.min(pw, ph) / 297; // 1 at A4 width… scales text and margins with the paper
  const m = 12 * u; // outer margin
  const titleH = 22 * u;
  const area = ctx.areaName ?? '';
  const title = joinTitle(area, kind === 'hazard' || kind === 'exposure' || kind === 'hazardRisk' ? (ctx.layerName ?? '') : '', TITLES[kind]);
  let map: Box, legend: Box, locator: Box, scaleBar: Box, credits: Box, south: Box;
  if (orientation === 'landscape') {
    const side = Math.max(62 * u, pw * 0.24);
    const mapW = pw - 2 * m - side - 6 * u;
    const top = m + titleH;
    const mapH = ph - top - m;
    const sx = m + mapW + 6 * u;
    map = { x: m, y: top, w: mapW, h: mapH, visible: true };
    legend = { x: sx, y: top, w: side, h: mapH * 0.36, visible: true };
    locator = { x: sx, y: top + mapH * 0.38, w: side, h: mapH * 0.26, visible: true };
    south = { x: sx + side * 0.55, y: top + mapH * 0.38, w: side * 0.45, h: mapH * 0.26, visible: false };
    scaleBar = { x: sx, y: top + mapH * 0.66, w: side, h: mapH * 0.12, visible: true };
    credits = { x: sx, y: top + mapH * 0.8, w: side, h: mapH * 0.2, visible: true };
  } else {
    const band = Math.max(70 * u, ph * 0.22);
    const top = m + titleH;
    const mapW = pw - 2 * m;
    const mapH = ph - top - m - band - 5 * u;
    const by = top + mapH + 5 * u;
    map = { x: m, y: top, w: mapW, h: mapH, visible: true };
    legend = { x: m, y: by, w: mapW * 0.3, h: band, visible: true };
    locator = { x: m + mapW * 0.32, y: by, w: mapW * 0.3, h: band * 0.62, visible: true };
    south = { x: m + mapW * 0.47, y: by, w: mapW * 0.15, h: band * 0.62, visible: false };
    scaleBar = { x: m + mapW * 0.32, y: by + band * 0.66, w: mapW * 0.3, h: band * 0.34, visible: true };
    credits = { x: m + mapW * 0.64, y: by, w: mapW * 0.36, h: band, visible: true };
  }
  const arrow = 16 * u;
  return {
    riskatlas: 'sheet',
    version: 1,
    kind,
    paper,
    orientation,
    scale: { mode: 'fit' },
    dpi: 300,
    texts: {
      title,
      subtitle: '',
      compiler: ctx.compiler ?? `${area}应急管理局`,
      date: ctx.date ?? '',
      sources: ctx.sources?.length ? ctx.sources.join('、') : '',
      crsNote: ctx.crsNote ?? '坐标系：2000国家大地坐标系（CGCS2000）  高斯-克吕格投影',
      reviewNumber: '',
      legendTitle: '图  例',
    },
    elements: {
      title: { x: m, y: m, w: pw - 2 * m, h: titleH, visible: true },
      map,
      legend,
      scaleBar,
      northArrow: { x: map.x + map.w - arrow * 1.3, y: map.y + arrow * 0.3, w: arrow, h: arrow * 1.4, visible: true },
      locator,
      credits,
      southChinaSea: south,
    },
    graticule: { visible: true },
    show: { townships: true, townshipNames: true, rivers: true, seats: true },
  };
}
