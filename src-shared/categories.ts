/** Census categories of the layer tree (docs/architecture.md "Census categories and hazards": 致灾 / 承灾体 / 减灾能力 / 隐患 / 历史灾害 / 行政区 / 底图 / 成果). */
export const CATEGORIES = ['hazard', 'exposure', 'capacity', 'hiddenDanger', 'history', 'admin', 'basemap', 'result'] as const;
export type Category = (typeof CATEGORIES)[number];
