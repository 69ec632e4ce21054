/**
 * Well-Known Binary → GeoJSON geometry (OGC 2D, ISO Z/M/ZM type codes), as GeoPackage
 * stores it. Bounds-checked: a truncated or hostile blob is an error, never a huge
 * allocation; nesting (geometry collections) is limited.
 */
import type { Geometry, Position } from 'geojson';

const MAX_DEPTH = 8;

class Reader {
  constructor(
    private readonly v: DataView,
    public off: number,
  ) {}
  private le = true;
  setOrder(le: boolean): void {
    this.le = le;
  }
  need(n: number): void {
    if (this.off + n > this.v.byteLength) throw new Error(`WKB truncated at byte ${this.off}`);
  }
  u8(): number {
    this.need(1);
    return this.v.getUint8(this.off++);
  }
  u32(): number {
    this.need(4);
    const x = this.v.getUint32(this.off, this.le);
    this.off += 4;
    return x;
  }
  f64(): number {
    this.need(8);
    const x = this.v.getFloat64(this.off, this.le);
    this.off += 8;
    return x;
  }
  /** A count, refused when the remaining bytes could not hold that many items. */
  count(minItemBytes: number): number {
    const n = this.u32();
    if (n * minItemBytes > this.v.byteLength - this.off) throw new Error(`WKB count ${n} exceeds the data`);
    return n;
  }
}

function readGeometry(r: Reader, depth: number): Geometry {
  if (depth > MAX_DEPTH) throw new Error('WKB nested too deeply');
  r.setOrder(r.u8() === 1);
  const code = r.u32();
  const base = code % 1000;
  const dims = 2 + (Math.floor(code / 1000) === 1 || Math.floor(code / 1000) === 2 ? 1 : Math.floor(code / 1000) === 3 ? 2 : 0);
  const hasZ = Math.floor(code / 1000) === 1 || Math.floor(code / 1000) === 3;
  const point = (): Position => {
    const x = r.f64();
    const y = r.f64();
    const rest: number[] = [];
    for (let d = 2; d < dims; d++) rest.push(r.f64());
    return hasZ ? [x, y, rest[0]!] : [x, y]; // M values are dropped: GeoJSON has no place for them
  };
  const line = (): Position[] => Array.from({ length: r.count(16) }, point);
  const rings = (): Position[][] => Array.from({ length: r.count(4) }, line);
  const sub = <T extends Geometry['type']>(type: T): Geometry => {
    const g = readGeometry(r, depth + 1);
    if (g.type !== type) throw new Error(`WKB expected ${type}, found ${g.type}`);
    return g;
  };
  switch (base) {
    case 1:
      return { type: 'Point', coordinates: point() };
    case 2:
      return { type: 'LineString', coordinates: line() };
    case 3:
      return { type: 'Polygon', coordinates: rings() };
    case 4:
      return { type: 'MultiPoint', coordinates: Array.from({ length: r.count(21) }, () => (sub('Point') as { coordinates: Position }).coordinates) };
    case 5:
      return { type: 'MultiLineString', coordinates: Array.from({ length: r.count(9) }, () => (sub('LineString') as { coordinates: Position[] }).coordinates) };
    case 6:
      return { type: 'MultiPolygon', coordinates: Array.from({ length: r.count(9) }, () => (sub('Polygon') as { coordinates: Position[][] }).coordinates) };
    case 7:
      return { type: 'GeometryCollection', geometries: Array.from({ length: r.count(9) }, () => readGeometry(r, depth + 1)) };
    default:
      throw new Error(`unsupported WKB geometry type ${code}`);
  }
}

/** Parse WKB starting at `offset` of `bytes`. Throws a plain Error on malformed input (callers add the code). */
export function parseWkb(bytes: Uint8Array, offset = 0): Geometry {
  return readGeometry(new Reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset), 0);
}
