/**
 * The about box's content (api `app.about`): the build's version, commit and licences, written
 * at build time into `out/buildInfo.json` beside the bundles — or, running from the sources (a
 * clone, tests), collected from the package itself — plus the platform and the log folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AboutInfo, BuildInfo } from '../../src-shared/about';
import { appRoot } from '../appPaths';
import { appLog } from '../logging/rotatingLog';
import { collectBuildInfo } from './buildInfo';

/** The build info file, relative to this module once bundled (`out/main/*.js` → `out/buildInfo.json`). */
export const BUILD_INFO_FILE = 'buildInfo.json';

let build: BuildInfo | undefined;

/** The build's facts: from the file the build wrote, or (from sources) collected now, once. */
function buildInfo(): BuildInfo {
  if (build) return build;
  const file = fileURLToPath(new URL(`../${BUILD_INFO_FILE}`, import.meta.url));
  build = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BuildInfo) : collectBuildInfo(appRoot());
  return build;
}

/** Everything the about box shows. */
export function aboutInfo(): AboutInfo {
  return {
    ...buildInfo(),
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    platform: `${process.platform}-${process.arch}`,
    logDir: appLog()?.dir ?? null,
  };
}
