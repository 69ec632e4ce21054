/** One file of a deliverable package (export/package.ts), as listed in its 说明.txt and shown by the export panel. */
export interface PackageFile {
  /** Path relative to the package folder, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
  /** What the file is, in Chinese. */
  description: string;
}
