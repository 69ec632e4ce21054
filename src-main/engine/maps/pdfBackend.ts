/**
 * Vector PDF backend (pdfkit): paths stay PDF paths, text is real text in the bundled Noto
 * Sans SC (pdfkit embeds a per-document subset, so the PDF prints anywhere and its text can
 * be searched and extracted), the thematic raster is one image at the sheet's dpi.
 * Deterministic: fixed creation date and no random document id, so the same sheet gives the
 * same bytes.
 */
import PDFDocument from 'pdfkit';
import { fontPath, MM_PER_PT, type Scene } from './scene';

const PT_PER_MM = 1 / MM_PER_PT;
/** A fixed date for the PDF's info dictionary: outputs must not change from run to run. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** Render a composed scene to PDF bytes. `title` goes into the document information. */
export async function sceneToPdf(scene: Scene, title: string): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: [scene.widthMm * PT_PER_MM, scene.heightMm * PT_PER_MM],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: { Title: title, Creator: 'RiskAtlas', Producer: 'RiskAtlas (pdfkit)', CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
  });
  doc.registerFont('regular', fontPath(false));
  doc.registerFont('bold', fontPath(true));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const p = (v: number): number => v * PT_PER_MM;
  for (const prim of scene.prims) {
    switch (prim.t) {
      case 'clip':
        doc.save();
        doc.rect(p(prim.x), p(prim.y), p(prim.w), p(prim.h)).clip();
        break;
      case 'unclip':
        doc.restore();
        break;
      case 'image':
        doc.image(Buffer.from(prim.png), p(prim.x), p(prim.y), { width: p(prim.w), height: p(prim.h) });
        break;
      case 'path': {
        if (!prim.rings.length || (!prim.fill && !prim.stroke)) break;
        for (const ring of prim.rings) {
          if (ring.length < 2) continue;
          doc.moveTo(p(ring[0]![0]), p(ring[0]![1]));
          for (let i = 1; i < ring.length; i++) doc.lineTo(p(ring[i]![0]), p(ring[i]![1]));
          if (prim.closed) doc.closePath();
        }
        doc.save();
        if (prim.stroke) {
          doc.lineWidth(p(prim.width ?? 0.25)).lineJoin('round').lineCap('butt');
          if (prim.dash) doc.dash(p(prim.dash[0]), { space: p(prim.dash[1]) });
          else doc.undash();
        }
        if (prim.fillOpacity !== undefined) doc.fillOpacity(prim.fillOpacity);
        const rule = prim.evenOdd ? 'even-odd' : 'non-zero';
        if (prim.fill && prim.stroke) doc.fillAndStroke(prim.fill, prim.stroke, rule);
        else if (prim.fill) doc.fill(prim.fill, rule);
        else doc.stroke(prim.stroke!);
        doc.restore();
        break;
      }
      case 'text': {
        doc.font(prim.bold ? 'bold' : 'regular').fontSize(prim.size);
        const w = doc.widthOfString(prim.text);
        const x = p(prim.x) - (prim.align === 'center' ? w / 2 : prim.align === 'right' ? w : 0);
        const opts = { baseline: 'alphabetic' as const, lineBreak: false };
        if (prim.halo) {
          doc.save();
          doc.lineWidth(prim.size * 0.18).lineJoin('round').strokeColor('#FFFFFF');
          doc.text(prim.text, x, p(prim.y), { ...opts, stroke: true, fill: false });
          doc.restore();
        }
        doc.fillColor(prim.color).text(prim.text, x, p(prim.y), opts);
        break;
      }
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
