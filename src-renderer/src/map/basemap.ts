/**
 * The offline basemap as an OpenLayers layer: Web Mercator XYZ tiles whose bytes come from
 * the API (`basemap.tile`, read by the engine from an MBTiles file or a tile folder),
 * reprojected by OpenLayers into the project CRS. No tile is fetched from the network.
 */
import TileLayer from 'ol/layer/Tile';
import XYZ from 'ol/source/XYZ';
import TileState from 'ol/TileState';
import type ImageTile from 'ol/ImageTile';
import type Tile from 'ol/Tile';
import { transformExtent } from 'ol/proj';
import type { BasemapInfo } from '../../../src-main/api/contract';
import { call } from '../api/client';

/** The tile address in the source's `{z}/{x}/{y}` template, parsed back. */
function parseAddress(src: string): [number, number, number] | null {
  const m = /^(\d+)\/(\d+)\/(\d+)$/.exec(src);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** A tile layer for the open basemap, drawn under every data layer; `projection` is the view's (for the layer's extent). */
export function basemapLayer(info: BasemapInfo, projection: string): TileLayer<XYZ> {
  const source = new XYZ({
    projection: 'EPSG:3857',
    url: '{z}/{x}/{y}',
    minZoom: info.minZoom,
    maxZoom: info.maxZoom,
    tileLoadFunction: (tile: Tile, src: string) => {
      const address = parseAddress(src);
      if (!address) return tile.setState(TileState.ERROR);
      const [z, x, y] = address;
      call('basemap.tile', { z, x, y }).then(
        (r) => {
          if (!r.dataUrl) return tile.setState(TileState.EMPTY);
          ((tile as ImageTile).getImage() as HTMLImageElement).src = r.dataUrl;
        },
        () => tile.setState(TileState.ERROR),
      );
    },
  });
  return new TileLayer({
    source,
    zIndex: -10,
    properties: { id: '__basemap', basemap: true },
    ...(info.bounds ? { extent: transformExtent(info.bounds, 'EPSG:4326', projection) } : {}),
  });
}
