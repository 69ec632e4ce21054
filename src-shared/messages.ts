import type { ErrorCode, ErrorInfo } from './errors';

/** The languages of the UI and CLI. zh-CN is the default: the users are census technicians. */
export type Lang = 'zh' | 'en';

/**
 * One message per code, in Chinese and English. `{name}` placeholders are filled from
 * `ErrorInfo.params`. Messages say what is wrong and, where there is one, what to do.
 */
const MESSAGES: Record<ErrorCode, { zh: string; en: string }> = {
  E_FILE_NOT_FOUND: { zh: '找不到文件', en: 'file not found' },
  E_FILE_EMPTY: { zh: '文件为空（0 字节）', en: 'the file is empty (0 bytes)' },
  E_FILE_TOO_LARGE: { zh: '文件过大，无法一次读入内存，请先裁剪到本县范围或拆分图层', en: 'the file is too large to read into memory; clip it to the county or split the layer first' },
  E_FILE_READ: { zh: '无法读取文件', en: 'the file cannot be read' },
  E_FORMAT_UNKNOWN: { zh: '无法识别的文件格式（支持 GeoTIFF、Shapefile、GeoJSON、GeoPackage、CSV）', en: 'unrecognised file format (GeoTIFF, shapefile, GeoJSON, GeoPackage and CSV are supported)' },
  E_TIFF_MAGIC: { zh: '不是 TIFF 文件（文件头标识错误）', en: 'not a TIFF file (wrong magic bytes)' },
  E_TIFF_CORRUPT: { zh: 'GeoTIFF 文件已损坏或被截断', en: 'the GeoTIFF is corrupt or truncated' },
  E_TIFF_UNSUPPORTED: { zh: '不支持的 GeoTIFF 编码', en: 'unsupported GeoTIFF encoding' },
  E_TIFF_ROTATED: { zh: '栅格带旋转参数，暂不支持，请先用 GIS 软件纠正为正北方向', en: 'the raster is rotated; warp it north-up first' },
  E_SHP_CORRUPT: { zh: 'Shapefile 几何文件（.shp）已损坏或被截断', en: 'the shapefile geometry (.shp) is corrupt or truncated' },
  E_SHP_MISSING_PART: { zh: 'Shapefile 缺少必需的组成文件', en: 'a required shapefile part is missing' },
  E_DBF_CORRUPT: { zh: 'Shapefile 属性表（.dbf）已损坏或与几何记录数不一致', en: 'the shapefile attribute table (.dbf) is corrupt or does not match the geometry' },
  E_ZIP_CORRUPT: { zh: 'ZIP 压缩包已损坏或不含 Shapefile', en: 'the zip archive is corrupt or holds no shapefile' },
  E_JSON_INVALID: { zh: 'JSON 语法错误', en: 'invalid JSON' },
  E_GPKG_INVALID: { zh: '不是有效的 GeoPackage 文件', en: 'not a valid GeoPackage' },
  E_GPKG_NO_GEOMETRY: { zh: 'GeoPackage 中没有矢量要素图层（缺少几何列）', en: 'the GeoPackage has no feature layer (no geometry column)' },
  E_CSV_NO_COORDS: { zh: 'CSV 中找不到坐标列（如 经度/纬度、lon/lat、X/Y）', en: 'no coordinate columns in the CSV (e.g. 经度/纬度, lon/lat, x/y)' },
  E_KML_INVALID: { zh: '不是有效的 KML/KMZ 文件（XML 格式错误或缺少 kml 元素）', en: 'not a valid KML/KMZ file (malformed XML or no kml element)' },
  E_GEOJSON_INVALID: { zh: '不是有效的 GeoJSON', en: 'not valid GeoJSON' },
  E_CRS_MISSING: { zh: '缺少坐标系信息（如 .prj 文件），请指定坐标系（命令行：--crs EPSG:4490）', en: 'no coordinate reference system (e.g. missing .prj); state it (CLI: --crs EPSG:4490)' },
  E_CRS_UNKNOWN: { zh: '无法识别的坐标系', en: 'unrecognised coordinate reference system' },
  E_CRS_UNIDENTIFIED: {
    zh: '文件的坐标系无法确定为某个 EPSG 坐标系，请从候选坐标系中指定（命令行：--crs EPSG:代码）',
    en: "the file's CRS matches no single EPSG CRS; state it, e.g. from the candidates (CLI: --crs EPSG:<code>)",
  },
  E_CRS_TRANSFORM: { zh: '坐标无法从图层坐标系转换到分析坐标系（坐标系可能有误）', en: "coordinates cannot be transformed from the layer's CRS to the analysis CRS (is the CRS right?)" },
  E_ENCODING_UNDECIDED: {
    zh: '无法确定属性表的文字编码（无 .cpg 文件，也无语言驱动标识），请指定编码（命令行：--encoding gbk 或 windows-1252）',
    en: 'the text encoding of the attribute table cannot be decided (no .cpg, no language-driver byte); state it (CLI: --encoding gbk or windows-1252)',
  },
  E_RASTER_TOO_LARGE: { zh: '栅格尺寸过大，超出可处理范围', en: 'the raster is too large to process' },
  E_ALL_NODATA: { zh: '图层全部为无数据值（nodata），无法参与计算', en: 'the layer holds only nodata' },
  E_MODEL_INVALID: { zh: '模型文件不符合规范', en: 'the model document is invalid' },
  E_MODEL_LAYER: { zh: '模型引用的图层无法使用', en: 'a layer the model refers to cannot be used' },
  E_ARG_INVALID: { zh: '参数不正确', en: 'invalid arguments' },
  E_METHOD_UNKNOWN: { zh: '未知的接口方法', en: 'unknown API method' },
  E_AUTH: { zh: '访问令牌无效', en: 'missing or wrong access token' },
  E_PATH_FORBIDDEN: { zh: '不允许访问该路径', en: 'access to this path is not allowed' },
  E_CANCELLED: { zh: '任务已取消', en: 'the task was cancelled' },
  E_PROJECT_CORRUPT: { zh: '项目文件已损坏或不是 RiskAtlas 项目', en: 'the project file is damaged or not a RiskAtlas project' },
  E_NO_PROJECT: { zh: '尚未打开项目，请先新建或打开项目', en: 'no project is open; create or open a project first' },
  E_READ_ONLY: { zh: '项目以审核（只读）方式打开，不能修改模型和图层，只能添加批注和审核意见', en: 'the project is open for review (read-only): only comments and decisions can be added' },
  E_PROJECT_LOCKED: { zh: '项目正由他人（或另一个 RiskAtlas 窗口）编辑，本处以只读方式打开：可以查看、批注和审核，修改请在对方关闭后进行或另存为副本', en: 'someone else (or another RiskAtlas window) is editing the project; it is open read-only here: view, comment and review, and edit once they close it or save a copy' },
  E_PROJECT_UNSAFE: { zh: '项目文件引用了项目文件夹以外的路径（可能被篡改），这些条目已停用，项目以只读方式打开', en: 'the project file names paths outside its folder (it may have been tampered with); those entries are disabled and the project is open read-only' },
  E_RUN_TOO_LARGE: { zh: '计算规模超出本机可用资源（内存、临时磁盘或格网数上限），请增大格网边长、缩小研究区或释放资源', en: 'the run does not fit this machine (memory, temporary disk or the cell limit); use a larger cell size, a smaller study area, or free resources' },
  E_UPLOAD: { zh: '文件上传未完成或数据不一致，请重新上传该文件', en: 'the upload is incomplete or inconsistent; upload the file again' },
  E_WRITE: { zh: '无法写入输出文件', en: 'cannot write the output' },
  E_INTERNAL: { zh: '内部错误', en: 'internal error' },
};

/** The short message for a code in a language, without details. */
export function messageFor(code: ErrorCode, lang: Lang): string {
  return MESSAGES[code][lang];
}

/**
 * One line describing an error for a person: `file: message (detail) [CODE]`.
 * The detail is the engine's English message, kept because it names the exact fault.
 */
export function formatError(err: ErrorInfo, lang: Lang): string {
  const head = err.file ? `${err.file}: ` : '';
  const base = messageFor(err.code, lang);
  const detail = err.message && err.message !== base ? ` (${err.message.replace(/\s+/g, ' ').trim()})` : '';
  return `${head}${base}${detail} [${err.code}]`;
}

/** Pick the language from an environment (LANG / LC_ALL); Chinese unless it says otherwise. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const v = env.RISKATLAS_LANG || env.LC_ALL || env.LANG || '';
  if (/^en/i.test(v)) return 'en';
  if (/^zh/i.test(v)) return 'zh';
  return env.RISKATLAS_LANG ? 'zh' : 'en';
}
