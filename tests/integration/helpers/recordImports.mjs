// `node --import <this file>`: every module the process resolves is appended to the file named
// by RA_IMPORT_LOG (one URL a line), through a module resolve hook. npmPackage.test.ts uses it
// to see what the built command loads at start.
import { register } from 'node:module';

register('./recordImportsHooks.mjs', import.meta.url, { data: { file: process.env.RA_IMPORT_LOG } });
