"""Compare two single-band composites cell by cell, in row blocks (bounded memory).

Usage: /usr/bin/python3 compareComposites.py <riskatlas.tif> <gdal.tif>
Prints JSON: max |a - b| over cells valid in both, how many cells are valid in only one,
and the number of valid cells. Nodata comes from each file's own nodata value.
"""
import json
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
a_ds, b_ds = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
a_band, b_band = a_ds.GetRasterBand(1), b_ds.GetRasterBand(1)
if (a_ds.RasterXSize, a_ds.RasterYSize) != (b_ds.RasterXSize, b_ds.RasterYSize):
    print(json.dumps({"error": "sizes differ"}))
    sys.exit(0)
a_nd, b_nd = a_band.GetNoDataValue(), b_band.GetNoDataValue()
w, h = a_ds.RasterXSize, a_ds.RasterYSize
max_diff, only_one, valid = 0.0, 0, 0
step = 256
for y in range(0, h, step):
    rows = min(step, h - y)
    a = a_band.ReadAsArray(0, y, w, rows).astype(np.float64)
    b = b_band.ReadAsArray(0, y, w, rows).astype(np.float64)
    av = ~np.isnan(a) if a_nd is None else (a != a_nd) & ~np.isnan(a)
    bv = ~np.isnan(b) if b_nd is None else (b != b_nd) & ~np.isnan(b)
    both = av & bv
    only_one += int(np.count_nonzero(av ^ bv))
    valid += int(np.count_nonzero(both))
    if both.any():
        max_diff = max(max_diff, float(np.max(np.abs(a[both] - b[both]))))
print(json.dumps({"maxAbsDiff": max_diff, "validInOnlyOne": only_one, "validCells": valid}))
