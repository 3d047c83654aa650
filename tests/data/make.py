#!/usr/bin/env python3
"""Builds the purpose-built test files of tests/data from the bundled sample's real rows.

Deterministic (no randomness, standard library only): run it from anywhere and commit what
it writes. Every file has the official header of the City of Los Angeles export (28 columns,
dates as `MM/DD/YYYY 12:00:00 AM`), not the sample's spreadsheet-style extra columns.

    python3 tests/data/make.py
"""

import csv
import datetime
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLE = os.path.join(ROOT, "static", "data", "sample.csv")
DIVISIONS_GEOJSON = os.path.join(ROOT, "static", "data", "lapd_divisions.geojson")

OFFICIAL = [
    "DR_NO", "Date Rptd", "DATE OCC", "TIME OCC", "AREA", "AREA NAME", "Rpt Dist No", "Part 1-2",
    "Crm Cd", "Crm Cd Desc", "Mocodes", "Vict Age", "Vict Sex", "Vict Descent", "Premis Cd",
    "Premis Desc", "Weapon Used Cd", "Weapon Desc", "Status", "Status Desc", "Crm Cd 1", "Crm Cd 2",
    "Crm Cd 3", "Crm Cd 4", "LOCATION", "Cross Street", "LAT", "LON",
]

# Six real divisions (AREA code, AREA NAME as the export spells it), and the cycle that hands
# them out: of every 15 rows, 5 West LA, 4 Central, 3 77th Street, 1 each for the other three.
DIVISIONS = [(8, "West LA"), (1, "Central"), (12, "77th Street"), (14, "Pacific"), (3, "Southwest"),
             (19, "Mission")]
CYCLE = [8] * 5 + [1] * 4 + [12] * 3 + [14] + [3] + [19]

# The LAPD records-system change (NIBRS) the app knows about.
RECORDS_CHANGE = datetime.date(2024, 3, 7)
# records_change.csv moves every date forward by whole weeks (weekdays stay) so that the
# sample's 2020-2021 dates straddle 2024-03-07 (its median date, 2020-11-26, lands on it).
SHIFT = datetime.timedelta(weeks=171)


def sample_rows():
    with open(SAMPLE, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        # The sample repeats DATE OCC (the second is a spreadsheet serial): keep the first.
        index = {name: header.index(name) for name in OFFICIAL}
        for record in reader:
            yield {name: record[i] for name, i in index.items()}


def parse_date(text):
    day = text.split(" ")[0]
    return datetime.datetime.strptime(day, "%m/%d/%Y").date()


def official_date(day):
    return day.strftime("%m/%d/%Y") + " 12:00:00 AM"


def with_official_dates(row):
    for name in ("Date Rptd", "DATE OCC"):
        row[name] = official_date(parse_date(row[name]))
    return row


def ring_contains(ring, lon, lat):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i][:2], ring[j][:2]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Division:
    def __init__(self, feature):
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        self.polygons = polygons
        points = [p for poly in polygons for p in poly[0]]
        self.lon0, self.lon1 = min(p[0] for p in points), max(p[0] for p in points)
        self.lat0, self.lat1 = min(p[1] for p in points), max(p[1] for p in points)
        self.anchor = self.inner_point()

    def contains(self, lon, lat):
        return any(ring_contains(poly[0], lon, lat) and not any(ring_contains(h, lon, lat) for h in poly[1:])
                   for poly in self.polygons)

    def inner_point(self):
        """The grid point nearest the bounding box's centre that lies inside the division."""
        cx, cy = (self.lon0 + self.lon1) / 2, (self.lat0 + self.lat1) / 2
        steps = 40
        grid = [(self.lon0 + (self.lon1 - self.lon0) * i / steps, self.lat0 + (self.lat1 - self.lat0) * j / steps)
                for i in range(1, steps) for j in range(1, steps)]
        grid.sort(key=lambda p: ((p[0] - cx) ** 2 + (p[1] - cy) ** 2, p))
        return next(p for p in grid if self.contains(*p))


def divisions():
    with open(DIVISIONS_GEOJSON, encoding="utf-8") as f:
        features = json.load(f)["features"]
    return {f["properties"]["PREC"]: Division(f) for f in features}


def write(name, rows, note):
    path = os.path.join(HERE, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(OFFICIAL)
        for row in rows:
            writer.writerow([row[c] for c in OFFICIAL])
    print(f"{name}: {len(rows)} rows, {note}")


def several_divisions():
    """Every 12th sample row moved to one of six divisions (CYCLE): AREA, AREA NAME, the
    reporting district's division prefix, and LAT/LON placed inside the division (the row's
    offset from West LA's centre, shrunk to a quarter, around a point inside the new division;
    the anchor itself when that falls outside). Rows without a location keep 0, 0."""
    shapes = divisions()
    names = dict(DIVISIONS)
    west = shapes[8]
    wx, wy = (west.lon0 + west.lon1) / 2, (west.lat0 + west.lat1) / 2
    rows = []
    for i, row in enumerate(sample_rows()):
        if i % 12:
            continue
        row = with_official_dates(row)
        area = CYCLE[len(rows) % len(CYCLE)]
        row["AREA"] = str(area)
        row["AREA NAME"] = names[area]
        district = int(row["Rpt Dist No"]) % 100
        row["Rpt Dist No"] = f"{area * 100 + district:04d}"
        lat, lon = float(row["LAT"]), float(row["LON"])
        if lat != 0.0:
            shape = shapes[area]
            x, y = shape.anchor[0] + (lon - wx) / 4, shape.anchor[1] + (lat - wy) / 4
            if not shape.contains(x, y):
                x, y = shape.anchor
            row["LON"], row["LAT"] = f"{x:.4f}", f"{y:.4f}"
        rows.append(row)
    counts = {a: sum(r["AREA"] == str(a) for r in rows) for a, _ in DIVISIONS}
    write("several_divisions.csv", rows, f"rows per AREA {counts}")


def records_change():
    """Every 20th sample row with DATE OCC and Date Rptd moved 171 weeks later, so the dates run
    from mid-2023 to early 2025 across the 2024-03-07 records-system change."""
    rows = []
    for i, row in enumerate(sample_rows()):
        if i % 20:
            continue
        for name in ("Date Rptd", "DATE OCC"):
            row[name] = official_date(parse_date(row[name]) + SHIFT)
        rows.append(row)
    occurred = [parse_date(r["DATE OCC"]) for r in rows]
    reported = [parse_date(r["Date Rptd"]) for r in rows]
    before = sum(o < RECORDS_CHANGE and r < RECORDS_CHANGE for o, r in zip(occurred, reported))
    write("records_change.csv", rows,
          f"{min(occurred)} to {max(occurred)}, {before} occurred and reported before {RECORDS_CHANGE}")


if __name__ == "__main__":
    several_divisions()
    records_change()
