/**
 * A delivered table as the reviewer sees it (see table.ts): a type of its own, free of Node
 * imports, since the API contract — which the renderer type-checks — names it.
 */
export interface ReviewTable {
  sheets: { name: string; rows: string[][]; truncated: boolean }[];
}
