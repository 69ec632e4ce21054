/**
 * Error messages by code, for the UI. Mirrors `src-main/engine/messages.ts` (which the
 * renderer cannot import: it is engine code); a unit test keeps the two in step.
 */
export const ERROR_MESSAGES: Record<string, { zh: string; en: string }> = {
  E_FILE_NOT_FOUND: { zh: '找不到文件', en: 'file not found' },
  E_FILE_EMPTY: { zh: '文件为空（0 字节）', en: 'the file is empty (0 bytes)' },
  E_FILE_READ: { zh: '无法读取文件', en: 'the file cannot be read' },
  E_FORMAT_UNKNOWN: { zh: '无法识别的文件格式', en: 'unrecognised file format' },
  E_TIFF_MAGIC: { zh: '不是 TIFF 文件', en: 'not a TIFF file' },
  E_TIFF_CORRUPT: { zh: 'GeoTIFF 文件已损坏或被截断', en: 'the GeoTIFF is corrupt or truncated' },
  E_TIFF_UNSUPPORTED: { zh: '不支持的 GeoTIFF 编码', en: 'unsupported GeoTIFF encoding' },
  E_TIFF_ROTATED: { zh: '栅格带旋转参数，暂不支持', en: 'rotated rasters are not supported' },
  E_SHP_CORRUPT: { zh: 'Shapefile 几何文件已损坏或被截断', en: 'the shapefile geometry is corrupt or truncated' },
  E_SHP_MISSING_PART: { zh: 'Shapefile 缺少必需的组成文件', en: 'a required shapefile part is missing' },
  E_DBF_CORRUPT: { zh: 'Shapefile 属性表已损坏或与几何不一致', en: 'the attribute table is corrupt or does not match' },
  E_ZIP_CORRUPT: { zh: 'ZIP 压缩包已损坏或不含 Shapefile', en: 'the zip is corrupt or holds no shapefile' },
  E_JSON_INVALID: { zh: 'JSON 语法错误', en: 'invalid JSON' },
  E_GEOJSON_INVALID: { zh: '不是有效的 GeoJSON', en: 'not valid GeoJSON' },
  E_CRS_MISSING: { zh: '缺少坐标系信息，请指定坐标系', en: 'no coordinate reference system; please state it' },
  E_CRS_UNKNOWN: { zh: '无法识别的坐标系', en: 'unrecognised coordinate reference system' },
  E_RASTER_TOO_LARGE: { zh: '栅格尺寸过大', en: 'the raster is too large' },
  E_ALL_NODATA: { zh: '图层全部为无数据值', en: 'the layer holds only nodata' },
  E_MODEL_INVALID: { zh: '模型文件不符合规范', en: 'the model document is invalid' },
  E_MODEL_LAYER: { zh: '模型引用的图层无法使用', en: 'a model layer cannot be used' },
  E_ARG_INVALID: { zh: '参数不正确', en: 'invalid arguments' },
  E_METHOD_UNKNOWN: { zh: '未知的接口方法', en: 'unknown API method' },
  E_AUTH: { zh: '访问令牌无效，请使用启动时打印的链接重新打开', en: 'access token missing; reopen the printed URL' },
  E_PATH_FORBIDDEN: { zh: '不允许访问该路径', en: 'access to this path is not allowed' },
  E_CANCELLED: { zh: '任务已取消', en: 'the task was cancelled' },
  E_WRITE: { zh: '无法写入输出文件', en: 'cannot write the output' },
  E_INTERNAL: { zh: '内部错误', en: 'internal error' },
  E_NETWORK: { zh: '与计算引擎的连接中断', en: 'lost the connection to the engine' },
};
