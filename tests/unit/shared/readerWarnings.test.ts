/**
 * No English reader warning reaches a Chinese screen: every warning the layer readers can write
 * (found in their source: `warnings.push(…)`, `notes.push(…)`, `warnings = […]`) has a Chinese
 * wording in src-shared/readerWarnings, and the real warnings of a GDAL-written shapefile read
 * back in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readerWarningText } from '../../../src-shared/readerWarnings';
import { readShapefile } from '../../../src-main/engine/io/shapefile';
import { gdal, hasReference } from '../../fixtures/referenceTools';
import { useTempDir } from '../../fixtures/tempDir';

const ENGINE = join(import.meta.dirname, '..', '..', '..', 'src-main', 'engine');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : f.endsWith('.ts') ? [p] : [];
  });
}

/** A string or template literal, its `${…}` parts (one level of nesting) left in. */
const LITERAL = String.raw`(\x60(?:[^\x60\\$]|\\.|\$\{(?:[^{}\x60]|\x60[^\x60]*\x60)*\}|\$(?!\{))*\x60|'(?:[^'\\]|\\.)*')`;

/** Every warning text the engine's readers write, each `${…}` replaced by a sample value. */
function warningTemplates(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const push = new RegExp(String.raw`\b(?:warnings|notes)\.push\(\s*` + LITERAL, 'g');
  const init = new RegExp(String.raw`\bwarnings(?::\s*string\[\])?\s*=[^;\n]*?\[\s*` + LITERAL + String.raw`\s*\]`, 'g');
  for (const file of sources(ENGINE)) {
    const text = readFileSync(file, 'utf8');
    for (const re of [push, init]) {
      for (const m of text.matchAll(re)) {
        const lit = m[1]!;
        const body = lit.slice(1, -1).replace(/\$\{(?:[^{}`]|`[^`]*`)*\}/g, '〈值〉').replace(/\\(.)/g, '$1');
        out.push({ file: file.slice(ENGINE.length + 1), text: body });
      }
    }
  }
  return out;
}

/** Three or more English words in a row, the formats' and datums' own names aside. */
function english(text: string): string[] {
  const bare = text.replace(/\b(?:UTF-8|GBK|Windows-1252|WGS 84|EPSG|GeoPackage|Shapefile|RiskAtlas)\b/g, '');
  return [...bare.matchAll(/[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}/g)].map((m) => m[0]);
}

describe('reader warnings in Chinese', () => {
  const tmp = useTempDir('ra-warn-');
  const templates = warningTemplates();

  it('finds the warnings the readers write (the scan itself works)', () => {
    const files = new Set(templates.map((t) => t.file));
    for (const f of ['io/shapefile.ts', 'io/dbfEncoding.ts', 'io/csvPoints.ts', 'io/kml.ts', 'io/geopackage.ts', 'crs/layerCrs.ts']) expect(files, f).toContain(f);
    expect(templates.length).toBeGreaterThanOrEqual(11);
  });

  it('has a Chinese wording for every one of them, with no English sentence left', () => {
    // "encoding: …" only wraps the encoding decision's notes, which are templates of their own.
    expect(templates.map((t) => t.text)).toContain('encoding: 〈值〉');
    const untranslated = templates
      .filter((t) => t.text !== 'encoding: 〈值〉')
      .map((t) => ({ ...t, zh: readerWarningText(t.text, 'zh') }))
      .filter((t) => t.zh === t.text || !/[\u4e00-\u9fff]/.test(t.zh) || english(t.zh).length > 0)
      .map((t) => `${t.file}: ${t.text}`);
    expect(untranslated).toEqual([]);
  });

  it('translates an encoding warning part by part, and leaves English as it is', () => {
    const w = 'encoding: the .cpg names "KOI8-Q", which RiskAtlas cannot decode; no .cpg and no language-driver byte, and the text is neither UTF-8 nor GBK: shown as Windows-1252 until the encoding is stated';
    expect(readerWarningText(w, 'zh')).toBe('文字编码：.cpg 文件所写编码"KOI8-Q"无法解码；无 .cpg 文件、无语言驱动标识，文字既非 UTF-8 也非 GBK：暂按 Windows-1252 显示，请指定编码');
    expect(readerWarningText(w, 'en')).toBe(w);
    expect(readerWarningText('duplicate field name 名称 renamed 名称_1', 'zh')).toBe('字段名 名称 重复，已改名为 名称_1');
  });

  it.skipIf(!hasReference('ogr2ogr'))('reads the real warnings of a GDAL-written shapefile without its .shx back in Chinese', async () => {
    const src = join(tmp(), 'pts.geojson');
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { MC: '城关镇' }, geometry: { type: 'Point', coordinates: [110.8, 36.4] } }] }));
    gdal('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', join(tmp(), 'pts.shp'), src]);
    rmSync(join(tmp(), 'pts.shx'));
    const layer = await readShapefile(join(tmp(), 'pts.shp'));
    expect(layer.meta.warnings).toContain('.shx missing: index rebuilt by reading the .shp sequentially');
    for (const w of layer.meta.warnings ?? []) {
      const zh = readerWarningText(w, 'zh');
      expect(zh, w).toMatch(/[\u4e00-\u9fff]/);
      expect(english(zh), w).toEqual([]);
    }
  });
});
