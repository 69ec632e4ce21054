/** The shells' map (the main window's and the review window's): a frame, its layers with the display settings, wired to the map state. */
import type { LayerEntry } from '../../../src-main/api/contract';
import type { LayerDisplaySettings } from '../hooks/useLayerDisplay';
import type { MapState } from '../hooks/useMapState';
import { MapView, type MapFrame } from './MapView';

export interface ShellMapProps {
  frame: MapFrame;
  layers: LayerEntry[];
  display: LayerDisplaySettings;
  mapState: MapState;
  dataUrl(id: string): string;
}

export function ShellMap({ frame, layers, display, mapState, dataUrl }: ShellMapProps) {
  return (
    <MapView
      project={frame}
      layers={layers}
      visible={display.visible}
      styles={display.styles}
      opacity={display.opacity}
      dataUrl={dataUrl}
      basemap={mapState.basemap}
      onPointer={mapState.setPointer}
      onResolution={mapState.setResolution}
      onMap={mapState.setMap}
    />
  );
}
