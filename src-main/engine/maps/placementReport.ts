/**
 * What the placement of a sheet's labels and texts came to (see placement.ts): a type of its
 * own, free of Node imports, since the API contract — which the renderer type-checks — names it.
 */
export interface PlacementReport {
  /** Labels that found no free position and were left out, by kind (never drawn over another). */
  dropped: Record<string, number>;
  /** Labels placed, by kind. */
  placed: Record<string, number>;
  /** Texts that do not fit their box even at the smallest legible size (element names). */
  overflow: string[];
}

