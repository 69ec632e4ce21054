/**
 * The live preview on the map: the picture of the newest edit (grades or zones at full
 * resolution, each pixel one cell of the analysis grid; above the engine's cell budget the
 * coarse composite) as an image layer over the results, and a badge saying which it is. A new
 * picture is laid over the old one, which is removed once the new one is drawn, so the map
 * never flashes empty while one edit follows another. The badge carries the number of the
 * edit on the map once it is drawn (`data-drawn`), which the tests and the interactive
 * benchmark read.
 */
import { useEffect, useRef, useState } from 'react';
import ImageLayer from 'ol/layer/Image';
import Static from 'ol/source/ImageStatic';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';

/** Above the result layers (20), under vectors (30+). */
const Z_INDEX = 25;

export function LiveOverlay() {
  const { t } = useI18n();
  const { map, live, run } = useWorkspace();
  const shown = live.shown;
  const { markDrawn } = live;
  const first = useRef({ pictured: live.pictured, run });
  first.current = { pictured: live.pictured, run };
  const [drawn, setDrawn] = useState(0);
  const layers = useRef<ImageLayer<Static>[]>([]);

  useEffect(() => {
    if (!map) return;
    const url = shown?.preview.png;
    if (!shown || !url) {
      for (const l of layers.current.splice(0)) map.removeLayer(l);
      return;
    }
    const projection = map.getView().getProjection();
    const source = new Static({ url, imageExtent: shown.preview.extent, projection, interpolate: false });
    const layer = new ImageLayer({ source, opacity: 0.85, zIndex: Z_INDEX, properties: { overlay: true, live: shown.seq } });
    // The picture is decoded before its layer joins the map, and the older pictures leave in the
    // same frame: one redraw per edit (each redraw of the map costs a frame), never an empty map.
    let gone = false;
    source.once('imageloadend', () => {
      if (gone) return;
      for (const old of layers.current.filter((l) => l.get('live') < shown.seq)) map.removeLayer(old);
      layers.current = [...layers.current.filter((l) => l.get('live') > shown.seq), layer];
      // The first picture over a run's result: the result rasters under it leave in the same
      // frame (the display state follows, App.tsx), not in a redraw of their own after it.
      const { pictured, run: shownRun } = first.current;
      if (!pictured && shownRun) {
        const ids = new Set(shownRun.layers.map((l) => l.id));
        map.getLayers().forEach((l) => {
          if (ids.has(l.get('id') as string)) l.setVisible(false);
        });
      }
      map.once('rendercomplete', () => {
        setDrawn((d) => Math.max(d, shown.seq));
        markDrawn();
      });
      map.addLayer(layer);
    });
    source.getImage(shown.preview.extent, map.getView().getResolution() ?? 1, 1, projection)?.load();
    return () => {
      gone = true;
    };
  }, [map, shown, markDrawn]);

  useEffect(
    () => () => {
      for (const l of layers.current.splice(0)) map?.removeLayer(l);
    },
    [map],
  );

  if (!shown) return null;
  const p = shown.preview;
  const text =
    p.mode === 'full'
      ? t('live.full', { w: p.width, h: p.height, ms: Math.round(p.elapsedMs) })
      : t('live.coarse', { w: p.width, h: p.height, cells: p.cells.toLocaleString(), budget: p.budget.toLocaleString() });
  return (
    <div className={`live-badge ${p.mode}`} data-testid="live-overlay" data-mode={p.mode} data-seq={shown.seq} data-drawn={drawn} data-requested={live.requested}>
      {text}
      {live.requested > shown.seq && <span className="pending">{t('live.pending')}</span>}
    </div>
  );
}
