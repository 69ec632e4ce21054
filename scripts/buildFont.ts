/**
 * Build the bundled map-sheet font: Noto Sans SC (SIL OFL 1.1, from
 * node_modules/@expo-google-fonts/noto-sans-sc) subset to GB2312 (the 6,763 hanzi and
 * symbols every census text uses) + printable ASCII + the few map symbols the sheets need
 * (², °, ′, ″, ×, ÷, ±, –, —, ‰, Ⅰ–Ⅻ, ≤, ≥, …). The result, resources/fonts/NotoSansSC-*.ttf,
 * is a few MB; pdfkit subsets it again per PDF and @napi-rs/canvas registers it, so sheets
 * print the same anywhere with no system font. Run with `npx tsx scripts/buildFont.ts`;
 * the same inputs give the same bytes.
 */
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules', '@expo-google-fonts', 'noto-sans-sc');
const outDir = join(root, 'resources', 'fonts');

/** Every character of GB2312: rows 0xA1–0xF7 × cells 0xA1–0xFE decoded as GBK (GB2312 is its subset). */
export function gb2312Characters(): string {
  const dec = new TextDecoder('gbk', { fatal: false });
  let s = '';
  for (let hi = 0xa1; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = dec.decode(Uint8Array.of(hi, lo));
      if (ch !== '\uFFFD' && ch.length === 1) s += ch;
    }
  }
  return s;
}

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
/** Symbols beyond GB2312 that sheets and legends write. */
const EXTRA = '²³°′″×÷±–—‰≤≥…·•ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ‐−∼～〜（），。：；、“”‘’《》【】　km²';

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const text = [...new Set(gb2312Characters() + ASCII + EXTRA)].join('');
  for (const [weight, name] of [['400Regular', 'NotoSansSC-Regular'], ['700Bold', 'NotoSansSC-Bold']] as const) {
    const src = readFileSync(join(pkg, weight, `NotoSansSC_${weight}.ttf`));
    const sub = await subsetFont(src, text, { targetFormat: 'truetype' });
    writeFileSync(join(outDir, `${name}.ttf`), sub);
    process.stdout.write(`${name}.ttf: ${text.length} characters, ${(sub.length / 1e6).toFixed(2)} MB\n`);
  }
  copyFileSync(join(pkg, 'LICENSE_FONT'), join(outDir, 'OFL.txt'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
