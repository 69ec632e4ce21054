/**
 * Where the app's own files are: the demo county, the published schema, the built renderer.
 * The package root itself is found by the engine (engine/assets.ts), which needs it for the
 * files it ships with (fonts, data tables).
 */
import { join } from 'node:path';
import { packageRoot, resourcePath, softwareVersion } from './engine/assets';

/** Absolute path of the folder holding RiskAtlas's package.json and resources/. */
export const appRoot = packageRoot;

/** The version in package.json. */
export const appVersion = softwareVersion;

/** The bundled demo county's model document. */
export const demoModelPath = (): string => resourcePath('sample', 'county', 'model.json');

/** Where the model document's JSON Schema is published (written by `npm run schema` from engine/model/schemaJson.ts). */
export const modelSchemaPath = (): string => resourcePath('schema', 'model.schema.json');

/** Where the census template's JSON Schema is published (written by `npm run schema` from engine/templates/template.ts). */
export const templateSchemaPath = (): string => resourcePath('schema', 'template.schema.json');

/** The built renderer (electron-vite output). */
export const rendererDir = (): string => join(appRoot(), 'out', 'renderer');
