#!/usr/bin/env python3
"""
Build resources/crs/epsg.json: every EPSG geographic 2D and projected CRS that proj4 can
express, with the grid-free (Helmert) transformations to WGS 84 that EPSG publishes.

Source: PROJ's proj.db (the EPSG dataset as PROJ ships it; its version is read from the
database's metadata table and written into the output) and GDAL's OSR, which exports each
CRS as a PROJ.4 string (OSR_ADD_TOWGS84_ON_EXPORT_TO_PROJ4=NO: datum shifts are taken from
proj.db's helmert_transformation table instead, with their accuracy and area of use).

RiskAtlas reads the output at run time with no GDAL or PROJ installed. Run on a machine
with python3-gdal and proj-data:

    /usr/bin/python3 scripts/crs/buildEpsgTable.py [path/to/proj.db]

The same proj.db and GDAL give the same bytes. tests/unit/engine/crs/epsgTable.test.ts
checks the committed file against GDAL where GDAL is installed.
"""
import json
import math
import os
import re
import sqlite3
import sys

from osgeo import gdal, osr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'resources', 'crs', 'epsg.json')

# Projection methods proj4js implements (node_modules/proj4/lib/includedProjections.js).
# A CRS whose PROJ.4 string names another method cannot be computed by RiskAtlas and is left out.
PROJ4JS_METHODS = {
    'longlat', 'tmerc', 'etmerc', 'utm', 'sterea', 'stere', 'somerc', 'omerc', 'lcc', 'krovak', 'cass', 'laea', 'aea',
    'gnom', 'cea', 'eqc', 'poly', 'nzmg', 'mill', 'sinu', 'eck6', 'moll', 'eqdc', 'vandg', 'aeqd', 'qsc', 'robin',
    'tpers', 'geos', 'eqearth', 'bonne', 'merc',
}
# PROJ.4 parameters that describe the datum; the datum part comes from the base geographic CRS.
DATUM_KEYS = {'datum', 'ellps', 'towgs84', 'nadgrids', 'pm', 'no_defs', 'wktext', 'type'}
ELLIPSOID_KEYS = {'a', 'b', 'rf', 'R', 'f', 'es', 'e'}
# PROJ.4 parameters proj4js reads but does not apply: a CRS that needs them is left out.
PROJ4JS_IGNORES = {'hyperbolic', 'approx', 'lon_wrap', 'over', 'geoc'}
# Helmert methods proj4's +towgs84 (position-vector convention) can express. Molodensky-Badekas
# needs an evaluation point, which +towgs84 cannot carry, so it is left out.
HELMERT_SIGN = {
    'Geocentric translations (geog2D domain)': 1,
    'Position Vector transformation (geog2D domain)': 1,
    'Coordinate Frame rotation (geog2D domain)': -1,
}
WGS84 = '4326'
# CGCS2000 has no EPSG transformation to WGS 84: both are realisations of the ITRS (CGCS2000 is
# ITRF97 at epoch 2000.0) and agree to well under a metre, so they are taken as equal, and said so.
STATED_NULL_SHIFTS = {
    '4490': ('CGCS2000 taken as equal to WGS 84 (no EPSG transformation is published; both are ITRS realisations)', 1.0),
}

gdal.SetConfigOption('OSR_ADD_TOWGS84_ON_EXPORT_TO_PROJ4', 'NO')
gdal.UseExceptions()
# Methods without a PROJ.4 form are reported by the summary, not line by line.
gdal.PushErrorHandler('CPLQuietErrorHandler')


def fmt(v):
    """Shortest text for a float that reads back as the same value."""
    if v is None:
        return None
    r = repr(float(v))
    return r[:-2] if r.endswith('.0') else r


def proj_tokens(text):
    out = []
    for t in text.split():
        k, _, v = t.lstrip('+').partition('=')
        out.append((k, v))
    return out


def ellipsoid_def(srs):
    a = srs.GetSemiMajor()
    rf = srs.GetInvFlattening()
    # A sphere as +R: proj4js takes the spherical formulas only then.
    return f'+R={fmt(a)}' if rf == 0 else f'+a={fmt(a)} +rf={fmt(rf)}'


def same_ellipsoid(tokens, a, rf):
    """True when PROJ.4 ellipsoid tokens (+a/+b/+rf/+R) describe the ellipsoid a, rf (rf 0 = sphere)."""
    t = dict(tokens)
    if 'R' in t:
        return rf == 0 and abs(float(t['R']) - a) < 1e-6
    ta = float(t.get('a', 'nan'))
    trf = float(t['rf']) if 'rf' in t else (0 if float(t.get('b', ta)) == ta else ta / (ta - float(t['b'])))
    return abs(ta - a) < 1e-6 and abs(trf - rf) < 1e-6


def prime_meridian_deg(srs):
    value = float(srs.GetAttrValue('PRIMEM', 1) or 0)
    return value * srs.GetAngularUnits() * 180 / math.pi


def area_of(db, table, code):
    """Union of the bounding boxes of the object's areas of use: [west, south, east, north] in degrees."""
    rows = db.execute(
        'SELECT e.west_lon, e.south_lat, e.east_lon, e.north_lat, e.name FROM usage u JOIN extent e ON e.auth_name = u.extent_auth_name AND e.code = u.extent_code '
        "WHERE u.object_table_name = ? AND u.object_auth_name = 'EPSG' AND u.object_code = ? ORDER BY u.code",
        (table, code),
    ).fetchall()
    rows = [r for r in rows if None not in r[:4]]
    if not rows:
        return None, None
    w, s, e, n, name = rows[0]
    for rw, rs, re_, rn, _ in rows[1:]:
        s, n = min(s, rs), max(n, rn)
        if w <= e and rw <= re_:
            w, e = min(w, rw), max(e, re_)
    return [round(w, 4), round(s, 4), round(e, 4), round(n, 4)], name


def esri_aliases(db, table, code):
    return [r[0] for r in db.execute("SELECT alt_name FROM alias_name WHERE table_name = ? AND auth_name = 'EPSG' AND code = ? AND source = 'ESRI' ORDER BY alt_name", (table, code))]


def datum_names(db, code, srs):
    names = [db.execute("SELECT name FROM geodetic_datum WHERE auth_name = 'EPSG' AND code = ?", (code,)).fetchone()[0]]
    names += [r[0] for r in db.execute("SELECT alt_name FROM alias_name WHERE table_name = 'geodetic_datum' AND auth_name = 'EPSG' AND code = ? ORDER BY source, alt_name", (code,))]
    wkt1 = srs.GetAttrValue('DATUM')
    if wkt1:
        names.append(wkt1)
    seen, out = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def shifts(db):
    """Grid-free transformations from a geographic 2D CRS to WGS 84, as +towgs84 (the two EPSG
    publishes the other way round, from WGS 84, are left out: +towgs84 cannot be their exact inverse)."""
    uom = {code: f for code, f in db.execute("SELECT code, conv_factor FROM unit_of_measure WHERE auth_name = 'EPSG'")}
    rows = db.execute(
        "SELECT code, name, method_name, source_crs_code, target_crs_code, accuracy, tx, ty, tz, translation_uom_code, rx, ry, rz, rotation_uom_code, scale_difference, scale_difference_uom_code "
        "FROM helmert_transformation WHERE auth_name = 'EPSG' AND deprecated = 0 AND source_crs_auth_name = 'EPSG' AND target_crs_auth_name = 'EPSG' "
        "AND target_crs_code = ? ORDER BY CAST(code AS INTEGER)",
        (WGS84,),
    ).fetchall()
    out = []
    arcsec = math.pi / 180 / 3600
    for code, name, method, src, _dst, acc, tx, ty, tz, tu, rx, ry, rz, ru, ds, su in rows:
        sign = HELMERT_SIGN.get(method)
        if sign is None:
            continue
        t = [v * uom[tu] for v in (tx, ty, tz)]
        params = t
        if rx is not None:
            r = [v * uom[ru] / arcsec * sign for v in (rx, ry, rz)]
            params = t + r + [ds * uom[su] * 1e6]
        area, area_name = area_of(db, 'helmert_transformation', code)
        out.append([int(src), int(code), name, ','.join(fmt(round(p, 10)) for p in params), acc, area, area_name])
    return out


def main():
    db_path = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/proj/proj.db'
    db = sqlite3.connect(db_path)
    meta = dict(db.execute('SELECT key, value FROM metadata'))
    geographic, projected, datums, skipped = [], [], {}, {}
    geog_ok, geog_ellipsoid, geog_pm = {}, {}, {}
    for code, name, datum, deprecated in db.execute(
        "SELECT code, name, datum_code, deprecated FROM geodetic_crs WHERE auth_name = 'EPSG' AND type = 'geographic 2D' ORDER BY CAST(code AS INTEGER)"
    ).fetchall():
        srs = osr.SpatialReference()
        try:
            srs.ImportFromEPSG(int(code))
        except RuntimeError:
            skipped[code] = 'GDAL cannot import it'
            continue
        deg = srs.GetAngularUnits() * 180 / math.pi
        pm = prime_meridian_deg(srs)
        ellps = ellipsoid_def(srs) + (f' +pm={fmt(round(pm, 12))}' if pm else '')
        area, _ = area_of(db, 'geodetic_crs', code)
        datums.setdefault(datum, datum_names(db, datum, srs))
        geog_ok[str(code)] = ellps
        geog_ellipsoid[str(code)] = (srs.GetSemiMajor(), srs.GetInvFlattening())
        geog_pm[str(code)] = f' +pm={fmt(round(pm, 12))}' if pm else ''
        # Columns: code, name, datum code, ellipsoid (and prime meridian) as PROJ.4, deprecated,
        # area of use, angular unit in degrees (1 = degree; files in grads are refused), ESRI names.
        geographic.append([int(code), name, int(datum), ellps, deprecated, area, round(deg, 12), esri_aliases(db, 'geodetic_crs', code)])
    for code, name, base, deprecated in db.execute(
        "SELECT code, name, geodetic_crs_code, deprecated FROM projected_crs WHERE auth_name = 'EPSG' AND geodetic_crs_auth_name = 'EPSG' ORDER BY CAST(code AS INTEGER)"
    ).fetchall():
        axes = {r[0] for r in db.execute(
            "SELECT a.orientation FROM projected_crs p JOIN axis a ON a.coordinate_system_auth_name = p.coordinate_system_auth_name AND a.coordinate_system_code = p.coordinate_system_code WHERE p.auth_name = 'EPSG' AND p.code = ?",
            (code,),
        )}
        if axes & {'south', 'west'}:
            skipped[code] = 'its axes point south or west (proj4js computes east and north)'
            continue
        srs = osr.SpatialReference()
        try:
            srs.ImportFromEPSG(int(code))
            text = srs.ExportToProj4()
        except RuntimeError as err:
            skipped[code] = f'no PROJ.4 form ({str(err)[:60]})'
            continue
        # Some deprecated CRSs name in proj.db another base than the definition PROJ builds: take PROJ's.
        gdal_base = srs.GetAuthorityCode('GEOGCS')
        if gdal_base in geog_ok:
            base = gdal_base
        if str(base) not in geog_ok:
            skipped[code] = 'its base CRS is not geographic 2D'
            continue
        tokens = proj_tokens(text)
        method = dict(tokens).get('proj')
        if method is None:
            skipped[code] = 'PROJ has no PROJ.4 form of its method'
            continue
        if method not in PROJ4JS_METHODS:
            skipped[code] = f'method +proj={method} is not in proj4js'
            continue
        unsupported = [k for k, v in tokens if k in PROJ4JS_IGNORES or (k == 'axis' and v != 'enu')]
        if unsupported:
            skipped[code] = f'+{unsupported[0]} is not honoured by proj4js'
            continue
        own = [(k, v) for k, v in tokens if k in ELLIPSOID_KEYS]
        # An ellipsoid of its own (Web Mercator's sphere) is kept, with the datum's prime meridian; the datum's ellipsoid otherwise.
        keep_own = bool(own) and not same_ellipsoid(own, *geog_ellipsoid[str(base)])
        body = ' '.join(f'+{k}={v}' if v else f'+{k}' for k, v in tokens if k not in DATUM_KEYS and (keep_own or k not in ELLIPSOID_KEYS))
        if keep_own:
            body += geog_pm[str(base)]
        area, _ = area_of(db, 'projected_crs', code)
        # Columns: code, name, base geographic code, PROJ.4 without the datum, deprecated, area
        # of use, linear unit in metres, ESRI names.
        projected.append([int(code), name, int(base), body, deprecated, area, srs.GetLinearUnits(), esri_aliases(db, 'projected_crs', code)])
    shift_rows = [s for s in shifts(db) if str(s[0]) in geog_ok]
    header = {
        'source': f"EPSG dataset {meta['EPSG.VERSION']} ({meta['EPSG.DATE']}) from PROJ {meta['PROJ.VERSION']} proj.db; PROJ.4 strings exported by GDAL {gdal.__version__}",
        'epsgVersion': meta['EPSG.VERSION'],
        'projVersion': meta['PROJ.VERSION'],
        'generator': 'scripts/crs/buildEpsgTable.py',
        'counts': {'geographic': len(geographic), 'projected': len(projected), 'shifts': len(shift_rows), 'skipped': len(skipped)},
        'statedNullShifts': {k: {'name': v[0], 'accuracy': v[1]} for k, v in STATED_NULL_SHIFTS.items()},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(',', ':'))
    with open(OUT, 'w', encoding='utf-8', newline='\n') as f:
        # One record per line, so that a regenerated file diffs by CRS.
        f.write('{"header":' + dump(header) + ',\n')
        f.write('"datums":{\n' + ',\n'.join(f'"{k}":{dump(v)}' for k, v in sorted(datums.items(), key=lambda kv: int(kv[0]))) + '},\n')
        for key, rows in (('geographic', geographic), ('projected', projected), ('shifts', shift_rows)):
            f.write(f'"{key}":[\n' + ',\n'.join(dump(r) for r in rows) + ']' + (',\n' if key != 'shifts' else '\n'))
        f.write('}\n')
    reasons = {}
    for why in skipped.values():
        key = re.sub(r'\(.*', '', why).strip()
        reasons[key] = reasons.get(key, 0) + 1
    print(f"wrote {OUT}: {len(geographic)} geographic, {len(projected)} projected, {len(shift_rows)} shifts; skipped {len(skipped)}: {reasons}")


if __name__ == '__main__':
    main()
