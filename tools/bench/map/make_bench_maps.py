#!/usr/bin/env python3
"""Benchmark data for the map screen (never committed): N synthetic parcels
in the Etalab cadastre schema on a grid of lots around Anor, and an MBTiles
file of about SIZE_MB of JPEG tiles (distinct ffmpeg test pictures) over them.

usage: make_bench_maps.py PARCELS.geojson TILES.mbtiles [--parcels N] [--size-mb S]
"""
import argparse, glob, json, math, os, sqlite3, subprocess, sys, tempfile

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("parcels")
p.add_argument("mbtiles")
p.add_argument("--parcels", dest="count", type=int, default=20000)
p.add_argument("--size-mb", type=float, default=10.0)
a = p.parse_args()

lon0, lat0 = 4.085, 49.975          # south-west corner, inside Anor
mx = 111320.0 * math.cos(math.radians(lat0)); my = 110574.0
cols = int(math.ceil(math.sqrt(a.count * 1.6)))
w, h = 22.0, 34.0                    # lot size, metres
feats = []
for i in range(a.count):
    c, r = i % cols, i // cols
    x0, y0 = c * w, r * h
    jx = (i * 7919 % 5) - 2.0          # a slight skew: not all rectangles
    ring = [(x0, y0), (x0 + w, y0), (x0 + w + jx, y0 + h), (x0 + jx * 0.5, y0 + h), (x0, y0)]
    coords = [[round(lon0 + x / mx, 7), round(lat0 + y / my, 7)] for x, y in ring]
    section = chr(65 + (i // 800) // 26 % 26) + chr(65 + (i // 800) % 26)
    num = i % 800 + 1
    feats.append({"type": "Feature", "id": "59012000%s%04d" % (section, num),
                  "properties": {"id": "59012000%s%04d" % (section, num), "commune": "59012", "prefixe": "000",
                                 "section": section, "numero": str(num), "contenance": int(w * h), "arpente": False,
                                 "synthetique": True},
                  "geometry": {"type": "Polygon", "coordinates": [coords]}})
with open(a.parcels, "w") as f:
    json.dump({"type": "FeatureCollection", "features": feats}, f)
east = lon0 + cols * w / mx; north = lat0 + (a.count // cols + 1) * h / my

def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y

tmp = tempfile.mkdtemp()
subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=256x256:rate=25", "-frames:v", "240",
                "-q:v", "2", os.path.join(tmp, "t%04d.jpg")], check=True)
pics = [open(f, "rb").read() for f in sorted(glob.glob(os.path.join(tmp, "*.jpg")))]
if os.path.exists(a.mbtiles): os.remove(a.mbtiles)
db = sqlite3.connect(a.mbtiles)
db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
db.executemany("INSERT INTO metadata VALUES (?, ?)", [("name", "Banc d'essai"), ("format", "jpg"),
               ("attribution", "Tuiles synthétiques (banc d'essai)")])
total, k, z = 0, 0, 12
budget = a.size_mb * 1e6
while total < budget and z <= 19:
    x0, y1 = tile(lon0, lat0, z); x1, y0 = tile(east, north, z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            if total >= budget: break
            data = pics[k % len(pics)]; k += 1
            db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (2 ** z - 1) - y, data))
            total += len(data)
    z += 1
db.commit()
print("%d parcels, %d tiles z12-%d, %.1f MB of JPEG" % (a.count, k, z - 1, total / 1e6))
