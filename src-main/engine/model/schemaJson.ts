import { z } from 'zod';
import { modelSchema } from './schema';

/** The JSON Schema (draft 2020-12) of the model document, as text. Cross-field rules (weights summing to 1, references) are checked by parseModel. */
export function modelSchemaJson(): string {
  const schema = z.toJSONSchema(modelSchema, { io: 'input' }) as Record<string, unknown>;
  return (
    JSON.stringify(
      {
        ...schema,
        $id: 'https://riskatlas.invalid/schema/model-v1.json',
        title: 'RiskAtlas model document, version 1',
        description: 'A run of the natural-hazard risk assessment: layers, grid, indicators, components, risk operator, classification, outputs. Weights within a component must sum to 1; paths are relative to the model file.',
      },
      null,
      2,
    ) + '\n'
  );
}
