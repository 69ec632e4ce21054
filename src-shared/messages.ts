import type { ErrorCode, ErrorInfo } from './errors';

/** The languages of the UI and CLI. zh-CN is the default: the users are census technicians. */
export type Lang = 'zh' | 'en';

/**
 * One message per code, in Chinese and English. `{name}` placeholders are filled from
 * `ErrorInfo.params`; a part in `[[…]]` is printed only when every placeholder in it has a
 * value (e.g. the indicator a field problem belongs to). Messages say what is wrong and,
 * where there is one, what to do.
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
  E_CRS_MISMATCH: { zh: '各县成果的坐标系不一致，请指定汇总所用的坐标系（命令行：--crs EPSG:4546）', en: "the counties' results are in different coordinate systems; choose the one to roll up in (CLI: --crs EPSG:4546)" },
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
  E_MODEL_INCOMPLETE: {
    zh: '模型尚不完整（还没有指标，或没有风险计算方法），请先添加指标并设置风险算子',
    en: 'the model is not complete yet (no indicators, or no risk operator): add indicators and a risk operator first',
  },
  E_FIELD_UNKNOWN: {
    zh: '图层「{layer}」没有字段「{field}」[[（指标 {indicator}）]][[；该图层的字段：{fields}]]',
    en: 'layer "{layer}" has no field "{field}"[[ (indicator {indicator})]][[; its fields: {fields}]]',
  },
  E_FIELD_NOT_NUMBER: {
    zh: '图层「{layer}」的字段「{field}」是{typeZh}字段，不能作为数值使用[[（指标 {indicator}）]]',
    en: 'field "{field}" of layer "{layer}" holds {type} values, not numbers[[ (indicator {indicator})]]',
  },
  E_FILTER_TYPE: {
    zh: '筛选条件与图层「{layer}」字段「{field}」的类型（{typeZh}）不符：{value}[[（指标 {indicator}）]]',
    en: 'the filter does not fit the type ({type}) of field "{field}" of layer "{layer}": {value}[[ (indicator {indicator})]]',
  },
  E_FILTER_EMPTY: {
    zh: '按字段「{field}」筛选后，图层「{layer}」没有剩下任何要素[[（指标 {indicator}）]]，请检查筛选值',
    en: 'after the filter on field "{field}" no feature of layer "{layer}" is left[[ (indicator {indicator})]]; check the filter values',
  },
  E_LAYER_OUTSIDE: {
    zh: '图层「{layer}」与研究区不重叠[[（指标 {indicator}）]]，请检查图层的坐标系和范围',
    en: 'layer "{layer}" does not overlap the study area[[ (indicator {indicator})]]; check its CRS and extent',
  },
  E_LAYER_GEOMETRY: {
    zh: '图层「{layer}」是{geometryZh}，指标 {indicator} 的方法 {method} 需要{needZh}',
    en: 'layer "{layer}" holds {geometry}; the method {method} of indicator {indicator} needs {need}',
  },
  E_RASTER_CATEGORICAL: {
    zh: '图层「{layer}」是分类栅格（值为类别代码），不能用 {method} 插值[[（指标 {indicator}）]]，请改用 nearest 或 mode',
    en: 'layer "{layer}" is a categorical raster (its values are class codes) and must not be interpolated with {method}[[ (indicator {indicator})]]; use nearest or mode',
  },
  E_RASTER_BAND: {
    zh: '图层「{layer}」只有 {bands} 个波段，指标 {indicator} 读取第 {band} 波段',
    en: 'layer "{layer}" has {bands} band(s); indicator {indicator} reads band {band}',
  },
  E_INDEX_CONSTANT: {
    zh: '风险指数在研究区内处处相同（{value}），无法分级[[；取值恒定或全部无数据的指标：{indicators}]]',
    en: 'the risk index is the same in every cell of the study area ({value}): nothing to classify[[; indicators that are constant or all nodata: {indicators}]]',
  },
  E_CRS_GEOGRAPHIC: {
    zh: '分析坐标系必须是以米为单位的投影坐标系，EPSG:{epsg}（{name}）是地理坐标系（单位为度）[[；本研究区建议使用 EPSG:{suggestion}（{suggestionName}）]]',
    en: 'the analysis CRS must be a projected CRS in metres; EPSG:{epsg} ({name}) is geographic (degrees)[[; for this study area use EPSG:{suggestion} ({suggestionName})]]',
  },
  E_CRS_NOT_METRES: {
    zh: '分析坐标系必须以米为单位，EPSG:{epsg}（{name}）的单位是 {unit} 米[[；本研究区建议使用 EPSG:{suggestion}（{suggestionName}）]]',
    en: 'the analysis CRS must be measured in metres; EPSG:{epsg} ({name}) is measured in units of {unit} m[[; for this study area use EPSG:{suggestion} ({suggestionName})]]',
  },
  E_CRS_AREA: {
    zh: '研究区不在 EPSG:{epsg}（{name}）的适用范围内，面积和距离会严重变形；本研究区建议使用 EPSG:{suggestion}（{suggestionName}）',
    en: 'the study area lies outside the area of use of EPSG:{epsg} ({name}): areas and distances would be badly distorted; for this study area use EPSG:{suggestion} ({suggestionName})',
  },
  E_TEMPLATE_INVALID: { zh: '普查模板文件不符合规范', en: 'the census template is invalid' },
  E_ARG_INVALID: { zh: '参数不正确', en: 'invalid arguments' },
  E_METHOD_UNKNOWN: { zh: '未知的接口方法', en: 'unknown API method' },
  E_AUTH: { zh: '访问令牌无效', en: 'missing or wrong access token' },
  E_PATH_FORBIDDEN: { zh: '不允许访问该路径', en: 'access to this path is not allowed' },
  E_CANCELLED: { zh: '任务已取消', en: 'the task was cancelled' },
  E_PROJECT_CORRUPT: { zh: '项目文件已损坏或不是 RiskAtlas 项目', en: 'the project file is damaged or not a RiskAtlas project' },
  E_NO_PROJECT: { zh: '尚未打开项目，请先新建或打开项目', en: 'no project is open; create or open a project first' },
  E_READ_ONLY: { zh: '项目以审核（只读）方式打开，不能修改模型和图层，只能添加批注和审核意见', en: 'the project is open for review (read-only): only comments and decisions can be added' },
  E_NOT_ALLOWED: {
    zh: '审核窗口[[（{window}）]]不能调用 {method}：审核窗口只能查看成果、添加批注和作出审核意见，编辑请回到主窗口',
    en: 'the review window[[ ({window})]] cannot call {method}: a review window only looks at the work and records comments and decisions; edit in the main window',
  },
  E_PROJECT_LOCKED: { zh: '项目正由他人（或另一个 RiskAtlas 窗口）编辑，本处以只读方式打开：可以查看、批注和审核，修改请在对方关闭后进行或另存为副本', en: 'someone else (or another RiskAtlas window) is editing the project; it is open read-only here: view, comment and review, and edit once they close it or save a copy' },
  E_PROJECT_UNSAFE: { zh: '项目文件引用了项目文件夹以外的路径（可能被篡改），这些条目已停用，项目以只读方式打开', en: 'the project file names paths outside its folder (it may have been tampered with); those entries are disabled and the project is open read-only' },
  E_RUN_TOO_LARGE: { zh: '计算规模超出本机可用资源（内存、临时磁盘或格网数上限），请增大格网边长、缩小研究区或释放资源', en: 'the run does not fit this machine (memory, temporary disk or the cell limit); use a larger cell size, a smaller study area, or free resources' },
  E_UPLOAD: { zh: '文件上传未完成或数据不一致，请重新上传该文件', en: 'the upload is incomplete or inconsistent; upload the file again' },
  E_WRITE: { zh: '无法写入输出文件', en: 'cannot write the output' },
  E_ROLLUP_MISMATCH: { zh: '各县成果的风险分级方案不一致（等级数或等级名称不同），无法一起汇总', en: "the counties' results do not share one grading scheme (number or names of the grades), so they cannot be rolled up together" },
  E_QUEUE_UNAVAILABLE: { zh: '无法连接任务队列（Redis），请检查 --redis 地址以及 Redis 服务是否在运行', en: 'the job queue (Redis) cannot be reached; check the --redis address and that Redis is running' },
  E_INTERNAL: { zh: '内部错误', en: 'internal error' },
};

/**
 * Fill a message template: `{name}` from `params`, `[[…]]` parts kept only when every
 * placeholder in them has a value; a placeholder outside such a part without a value reads "…".
 */
export function fillMessage(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  const has = (k: string): boolean => params[k] !== undefined && params[k] !== '';
  const optional = template.replace(/\[\[(.*?)\]\]/g, (_, part: string) => ([...part.matchAll(/\{(\w+)\}/g)].every((m) => has(m[1]!)) ? part : ''));
  return optional.replace(/\{(\w+)\}/g, (_, k: string) => (has(k) ? String(params[k]) : '…'));
}

/** True when the message of `code` is a template that names its particulars (layer, field…) from `params`. */
export function isTemplated(code: ErrorCode): boolean {
  return /\{\w+\}/.test(MESSAGES[code].en);
}

/** The message for a code in a language, its placeholders filled from `params` (see {@link fillMessage}). */
export function messageFor(code: ErrorCode, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
  return fillMessage(MESSAGES[code][lang], params);
}

/**
 * One line describing an error for a person: `file: message (detail) [CODE]`.
 * The detail is the engine's English message, kept because it names the exact fault.
 */
export function formatError(err: ErrorInfo, lang: Lang): string {
  const head = err.file ? `${err.file}: ` : '';
  const base = messageFor(err.code, lang, err.params);
  // A templated message names the particulars itself; the English detail would only repeat them.
  const detail = err.message && err.message !== base && !(isTemplated(err.code) && err.params) ? ` (${err.message.replace(/\s+/g, ' ').trim()})` : '';
  return `${head}${base}${detail} [${err.code}]`;
}

/** Pick the language from an environment (LANG / LC_ALL); Chinese unless it says otherwise. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const v = env.RISKATLAS_LANG || env.LC_ALL || env.LANG || '';
  if (/^en/i.test(v)) return 'en';
  if (/^zh/i.test(v)) return 'zh';
  return env.RISKATLAS_LANG ? 'zh' : 'en';
}
