import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { modelSchemaJson, MODEL_SCHEMA_PATH } from '../../../../src-main/engine/model/schemaJson';

describe('model JSON Schema', () => {
  it('the committed resources/schema/model.schema.json matches the validator (run npm run schema)', () => {
    expect(readFileSync(MODEL_SCHEMA_PATH, 'utf8')).toBe(modelSchemaJson());
  });
});
