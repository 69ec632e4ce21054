/**
 * A picture laid on the map at an extent of the analysis CRS (the coarse composite
 * preview, a review item): an OpenLayers image layer over a static image, removed when the
 * component unmounts.
 */
import { useEffect } from 'react';
import ImageLayer from 'ol/layer/Image';
import Static from 'ol/source/ImageStatic';
import type { Extent } from '../../../src-shared/layer';
import { useWorkspace } from '../workspace';

export function ImageOverlay({ url, extent, opacity = 0.8 }: { url: string; extent: Extent; opacity?: number }) {
  const { map } = useWorkspace();
  useEffect(() => {
    if (!map) return;
    const layer = new ImageLayer({
      source: new Static({ url, imageExtent: extent, projection: map.getView().getProjection(), interpolate: false }),
      opacity,
      zIndex: 25,
      properties: { overlay: true },
    });
    map.addLayer(layer);
    return () => {
      map.removeLayer(layer);
    };
  }, [map, url, extent, opacity]);
  return null;
}
