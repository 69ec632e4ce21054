import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { modelSchemaPath } from '../../../../src-main/appPaths';
import { modelSchemaJson } from '../../../../src-main/engine/model/schemaJson';

describe('model JSON Schema', () => {
  it('the committed resources/schema/model.schema.json matches the validator (run npm run schema)', () => {
    expect(readFileSync(modelSchemaPath(), 'utf8')).toBe(modelSchemaJson());
  });
});
