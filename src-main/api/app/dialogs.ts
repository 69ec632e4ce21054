/**
 * The native file dialogs of the desktop shell, by purpose. Only the Electron main process
 * can show them; the paths the user picks are the only user paths the API will read
 * (`allowPath`). Serve mode has no dialogs: files come in as uploads there.
 */

/** Why a dialog is shown (the contract's `dialog.choose` purpose). */
export const DIALOG_PURPOSES = ['importLayer', 'openProject', 'saveProject', 'openReview', 'openBasemap', 'openTileFolder', 'openRollupFolder'] as const;
export type DialogPurpose = (typeof DIALOG_PURPOSES)[number];

/** What to show: an open or a save dialog, its title (zh-CN, the users' language), what it accepts. */
export interface DialogSpec {
  kind: 'open' | 'save';
  title: string;
  /** Electron `properties` of an open dialog. */
  properties: ('openFile' | 'openDirectory' | 'multiSelections')[];
  filters: { name: string; extensions: string[] }[];
}

/** Layer files RiskAtlas reads (a .shp brings its sidecars along). */
const LAYER_EXTENSIONS = ['tif', 'tiff', 'shp', 'zip', 'geojson', 'json', 'gpkg', 'csv', 'kml', 'kmz'];

export const DIALOGS: Record<DialogPurpose, DialogSpec> = {
  importLayer: { kind: 'open', title: '导入图层', properties: ['openFile'], filters: [{ name: '图层文件 (GeoTIFF, Shapefile, GeoJSON, GeoPackage, CSV, KML)', extensions: LAYER_EXTENSIONS }] },
  openProject: { kind: 'open', title: '打开项目', properties: ['openFile'], filters: [{ name: 'RiskAtlas 项目', extensions: ['riskatlas'] }] },
  saveProject: { kind: 'save', title: '项目另存为', properties: [], filters: [{ name: 'RiskAtlas 项目', extensions: ['riskatlas'] }] },
  openReview: { kind: 'open', title: '打开成果包（文件夹）审核', properties: ['openDirectory'], filters: [] },
  // Offline basemaps: an MBTiles file, or a folder of XYZ tiles (one dialog cannot pick both kinds on Windows and Linux).
  openBasemap: { kind: 'open', title: '打开离线底图（MBTiles）', properties: ['openFile'], filters: [{ name: 'MBTiles', extensions: ['mbtiles'] }] },
  openTileFolder: { kind: 'open', title: '打开离线底图（XYZ 瓦片文件夹）', properties: ['openDirectory'], filters: [] },
  // The roll-up (汇总): a folder of county results (run folders, projects).
  openRollupFolder: { kind: 'open', title: '选择各县成果所在文件夹（汇总）', properties: ['openDirectory'], filters: [] },
};

/** The shell's dialog: shows `DIALOGS[purpose]`, remembers the chosen paths as allowed, returns them ([] when cancelled). */
export type ChoosePaths = (purpose: DialogPurpose) => Promise<string[]>;
