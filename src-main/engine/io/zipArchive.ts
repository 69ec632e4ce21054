/** Unpacking the zip archives layers arrive in (zipped shapefiles, KMZ), with the zip-bomb guard. */
import { unzipSync } from 'fflate';
import { RiskAtlasError } from '../../../src-shared/errors';

/** The most an archive may unpack to, in bytes, before it is refused as a zip bomb. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/**
 * The entries of a zip archive whose names `accept` takes (macOS `__MACOSX/` folders are
 * skipped). The declared sizes of all entries are added up before anything is inflated, so an
 * archive that would unpack beyond {@link MAX_UNZIPPED_BYTES} is refused first.
 * Errors: E_ZIP_CORRUPT (not a zip, damaged, or too large unpacked), naming `file`.
 */
export function unzipEntries(data: Uint8Array, file: string, accept: (name: string) => boolean): Record<string, Uint8Array> {
  let total = 0;
  try {
    // First pass: only add up the declared sizes. fflate inflates each accepted entry as its
    // filter returns, so a cap checked in the unpacking pass would come after up to 200 MiB
    // had been inflated. An entry that lies (declares less) is cut to its declared size.
    unzipSync(data, {
      filter: (f) => {
        total += f.originalSize;
        return false;
      },
    });
    if (total > MAX_UNZIPPED_BYTES) throw new RiskAtlasError('E_ZIP_CORRUPT', `the archive unpacks to ${Math.round(total / 1024 / 1024)} MiB, more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MiB (zip bomb?)`, { file });
    return unzipSync(data, { filter: (f) => accept(f.name) && !/(^|\/)__MACOSX\//.test(f.name) });
  } catch (err) {
    if (err instanceof RiskAtlasError) throw err;
    throw new RiskAtlasError('E_ZIP_CORRUPT', (err as Error).message, { file, cause: err });
  }
}
