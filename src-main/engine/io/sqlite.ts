import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js (SQLite in WebAssembly), loaded once; the wasm file comes from the installed package, never the network. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: (f: string) => createRequire(import.meta.url).resolve(`sql.js/dist/${f}`) });
  return sqlJs;
}
