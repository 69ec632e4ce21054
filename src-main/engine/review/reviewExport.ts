/**
 * The review record as files for the bureau's archive: every comment (where on the map,
 * who, when, what, resolved or not) and every decision, as CSV (UTF-8 with BOM, so Excel
 * shows the Chinese) or as JSON.
 */
import { toCsv } from '../export/csv';

/** A review comment pinned to a map position (analysis CRS), as the project file keeps it. */
export interface ReviewComment {
  id: number;
  x: number;
  y: number;
  text: string;
  author: string | null;
  /** ISO time. */
  created: string;
  /** The map (review item id) the comment was made on, when known. */
  target: string | null;
  resolved: boolean;
}

export interface ReviewDecisionRecord {
  id: number;
  decision: 'approved' | 'returned';
  reasons: string;
  reviewer: string;
  created: string;
  /** Pinned comments still unresolved when the decision was made (approving then needs a reason). */
  unresolved: number;
}

export interface ReviewRecord {
  /** What was reviewed (package folder or project file). */
  source: string;
  /** EPSG of the comment coordinates. */
  epsg: number | null;
  comments: ReviewComment[];
  decisions: ReviewDecisionRecord[];
}

const DECISION_ZH = { approved: '通过', returned: '退回' } as const;

/** Free text as a CSV cell that a spreadsheet shows as text: a leading = + - @ would start a formula. */
const asText = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/**
 * CSV with one row per comment and per decision, oldest first: 类型 (批注/审核意见), 编号, X, Y,
 * 图件, 内容, 人员, 时间, 状态. Coordinates are in the project's analysis CRS (named in the header).
 */
export function reviewCsv(r: ReviewRecord): string {
  const crs = r.epsg ? `EPSG:${r.epsg}` : '';
  const header = ['类型', '编号', `X ${crs}`.trim(), `Y ${crs}`.trim(), '图件', '内容', '人员', '时间', '状态'];
  const rows: (string | number)[][] = [
    ...r.comments.map((c) => ['批注', c.id, c.x, c.y, asText(c.target ?? ''), asText(c.text), asText(c.author ?? ''), c.created, c.resolved ? '已处理' : '未处理']),
    ...r.decisions.map((d) => ['审核意见', d.id, '', '', '', asText(d.reasons), asText(d.reviewer), d.created, DECISION_ZH[d.decision] + (d.unresolved ? `（${d.unresolved} 条批注未处理）` : '')]),
  ];
  return toCsv(header, rows);
}

/** The same record as JSON (the status is the latest decision, null while undecided). */
export function reviewJson(r: ReviewRecord): string {
  const status = r.decisions.length ? r.decisions[r.decisions.length - 1]!.decision : null;
  return JSON.stringify({ riskatlas: 'review', version: 1, source: r.source, crs: r.epsg ? `EPSG:${r.epsg}` : null, status, comments: r.comments, decisions: r.decisions }, null, 2) + '\n';
}
