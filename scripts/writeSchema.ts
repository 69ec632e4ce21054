/**
 * Writes resources/schema/model.schema.json from the zod schema of the model document,
 * so the published JSON Schema and the validator are one thing. A unit test fails when
 * the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { modelSchemaPath } from '../src-main/appPaths';
import { modelSchemaJson } from '../src-main/engine/model/schemaJson';

writeFileSync(modelSchemaPath(), modelSchemaJson());
console.log(`wrote ${modelSchemaPath()}`);
