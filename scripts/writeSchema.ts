/**
 * Writes resources/schema/model.schema.json and template.schema.json from the zod schemas of
 * the model document and the census template, so the published JSON Schemas and the
 * validators are one thing. Unit tests fail when a committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { modelSchemaPath, templateSchemaPath } from '../src-main/appPaths';
import { modelSchemaJson } from '../src-main/engine/model/schemaJson';
import { templateSchemaJson } from '../src-main/engine/templates/template';

writeFileSync(modelSchemaPath(), modelSchemaJson());
writeFileSync(templateSchemaPath(), templateSchemaJson());
console.log(`wrote ${modelSchemaPath()} and ${templateSchemaPath()}`);
