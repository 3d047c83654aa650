#!/usr/bin/env python3
"""Generate a full-size (~1,005,000 rows, ~255 MB) LA crime export by resampling real rows.

The only real rows we may ship are the 12,954 West LA rows of the bundled sample. This script
resamples them into a file shaped like the official "Crime Data from 2020 to Present" export:

* the 28 official columns in the official order, official date format
  (`MM/DD/YYYY hh:mm:ss AM`), LOCATION padding, quoting and Mocodes as in the source rows;
* incidents spread over the 21 LAPD divisions (AREA, AREA NAME, Rpt Dist No and LAT/LON moved
  to the target division by the offset between division centroids; hidden 0/0 locations stay 0);
* occurrence dates spread over 2020-01-01 .. 2025-05-31 keeping each row's reporting delay,
  with fewer rows after the 7 March 2024 records-system change, as in the real export;
* unique DR_NO.

Deterministic for a given --seed. Do not commit the output.

usage: python3 bench/make_full_export.py OUT.csv [--rows 1005000] [--seed 7]
"""
import argparse
import csv
import datetime as dt
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "static", "data", "sample.csv")
DIVISIONS = os.path.join(HERE, "..", "static", "data", "lapd_divisions.geojson")

OFFICIAL = ["DR_NO", "Date Rptd", "DATE OCC", "TIME OCC", "AREA", "AREA NAME", "Rpt Dist No",
            "Part 1-2", "Crm Cd", "Crm Cd Desc", "Mocodes", "Vict Age", "Vict Sex", "Vict Descent",
            "Premis Cd", "Premis Desc", "Weapon Used Cd", "Weapon Desc", "Status", "Status Desc",
            "Crm Cd 1", "Crm Cd 2", "Crm Cd 3", "Crm Cd 4", "LOCATION", "Cross Street", "LAT", "LON"]

# AREA code -> (AREA NAME as the export spells it, relative volume of incidents)
AREAS = {
    1: ("Central", 1.45), 2: ("Rampart", 0.95), 3: ("Southwest", 1.15), 4: ("Hollenbeck", 0.75),
    5: ("Harbor", 0.8), 6: ("Hollywood", 1.1), 7: ("Wilshire", 1.0), 8: ("West LA", 0.95),
    9: ("Van Nuys", 0.9), 10: ("West Valley", 0.85), 11: ("Northeast", 0.85),
    12: ("77th Street", 1.4), 13: ("Newton", 1.0), 14: ("Pacific", 1.15), 15: ("N Hollywood", 1.0),
    16: ("Foothill", 0.65), 17: ("Devonshire", 0.8), 18: ("Southeast", 1.05), 19: ("Mission", 0.8),
    20: ("Olympic", 0.95), 21: ("Topanga", 0.8),
}

START = dt.date(2020, 1, 1)
END = dt.date(2025, 5, 31)
CUTOVER = dt.date(2024, 3, 7)


def centroids():
    with open(DIVISIONS) as f:
        geo = json.load(f)
    out = {}
    for feat in geo["features"]:
        pts = [pt for poly in feat["geometry"]["coordinates"] for pt in poly[0]]
        out[int(feat["properties"]["PREC"])] = (
            sum(p[1] for p in pts) / len(pts), sum(p[0] for p in pts) / len(pts))
    return out


def parse_date(text):
    return dt.datetime.strptime(text.split()[0], "%m/%d/%Y").date()


def official_date(d):
    return d.strftime("%m/%d/%Y") + " 12:00:00 AM"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=1_005_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cent = centroids()
    with open(SAMPLE, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        index = {}
        for i, name in enumerate(header):
            index.setdefault(name.strip(), i)
        rows = [[row[index[c]] for c in OFFICIAL] for row in reader]
    src_lat, src_lon = cent[8]
    areas = list(AREAS)
    weights = [AREAS[a][1] for a in areas]
    span = (END - START).days
    seq = {}
    with open(args.out, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(OFFICIAL)
        written = 0
        while written < args.rows:
            src = rng.choice(rows)
            occ = START + dt.timedelta(days=rng.randrange(span + 1))
            if occ >= CUTOVER and rng.random() > 0.35:
                continue
            delay = (parse_date(src[1]) - parse_date(src[2])).days
            rptd = min(occ + dt.timedelta(days=max(delay, 0)), END + dt.timedelta(days=30))
            area = rng.choices(areas, weights)[0]
            row = list(src)
            key = (occ.year, area)
            seq[key] = seq.get(key, 0) + 1
            row[0] = f"{occ.year % 100:02d}{area:02d}{seq[key]:05d}"
            row[1] = official_date(rptd)
            row[2] = official_date(occ)
            row[4] = f"{area:02d}"
            row[5] = AREAS[area][0]
            try:
                row[6] = f"{area * 100 + int(src[6]) % 100:04d}"
            except ValueError:
                pass
            try:
                lat, lon = float(src[26]), float(src[27])
                if lat != 0.0 and lon != 0.0:
                    lat += cent[area][0] - src_lat + rng.gauss(0, 0.004)
                    lon += cent[area][1] - src_lon + rng.gauss(0, 0.004)
                    row[26], row[27] = f"{lat:.4f}", f"{lon:.4f}"
            except ValueError:
                pass
            out.writerow(row)
            written += 1
    size = os.path.getsize(args.out)
    print(f"wrote {args.out}: {written} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
