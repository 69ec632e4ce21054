/**
 * The census workflow as the shell shows it: ten steps from the raw layers to the bureau's
 * review. The order is the order of the census work (docs/architecture.md "The census"); the keys name the panels.
 */
export const STEPS = ['data', 'qc', 'indicators', 'weights', 'risk', 'classes', 'zoning', 'maps', 'export', 'review'] as const;

export type StepId = (typeof STEPS)[number];
