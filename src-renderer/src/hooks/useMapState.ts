/**
 * What the shell knows of the map: the OpenLayers map once it exists, the offline basemap,
 * and the pointer position and view resolution the status bar shows.
 */
import { useCallback, useState } from 'react';
import type Map from 'ol/Map';
import type { BasemapInfo } from '../../../src-main/api/contract';
import type { PointerInfo } from '../map/MapView';
import type { Extent } from '../../../src-shared/layer';

export interface MapState {
  map: Map | null;
  setMap(map: Map | null): void;
  /** The open offline basemap (engine-served tiles), or null. */
  basemap: BasemapInfo | null;
  setBasemap(b: BasemapInfo | null): void;
  /** Where the pointer is over the map, or null when it is elsewhere. */
  pointer: PointerInfo | null;
  setPointer(p: PointerInfo | null): void;
  /** The view's resolution at its centre (m per pixel; NaN before the map exists). */
  resolution: number;
  setResolution(r: number): void;
  /** Zoom the map to an extent or a point (analysis CRS, m). */
  zoomTo(target: Extent | [number, number]): void;
}

export function useMapState(): MapState {
  const [map, setMap] = useState<Map | null>(null);
  const [basemap, setBasemap] = useState<BasemapInfo | null>(null);
  const [pointer, setPointer] = useState<PointerInfo | null>(null);
  const [resolution, setResolution] = useState(NaN);
  const zoomTo = useCallback(
    (target: Extent | [number, number]) => {
      if (!map) return;
      const view = map.getView();
      if (target.length === 4) view.fit(target, { padding: [60, 60, 60, 60], maxZoom: 16, duration: 300 });
      else view.animate({ center: target, resolution: Math.min(view.getResolution() ?? 10, 5), duration: 300 });
    },
    [map],
  );
  return { map, setMap, basemap, setBasemap, pointer, setPointer, resolution, setResolution, zoomTo };
}
