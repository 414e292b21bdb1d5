"""Synthetic New York taxi trips shaped like the Kaggle "NYC Taxi Fare" data, dirt included, at any size.

Nothing is downloaded: every row is drawn from a seeded model of Manhattan and airport trips, then a few
documented kinds of dirt are mixed in at fixed rates (`DIRT`). The data depend only on the seed and the row
number, never on how the rows are split into files, so 1,000 rows generated alone are the first 1,000 rows
of a 10 GB dataset generated with the same seed.

    from course import taxi
    trips = taxi.generate(10_000, seed=0)                  # one pandas DataFrame
    taxi.write_dataset("data/taxi", rows=200_000_000)      # Parquet + CSV parts, one partition in memory

    python -m course.taxi data/taxi --rows 200_000_000 --jobs 2      # the same from a shell (~10 GB of CSV)

Columns (`COLUMNS`): key (unique string), fare_amount (USD), pickup_datetime (UTC), pickup/dropoff
longitude/latitude (degrees), passenger_count. What counts as clean is stated by `NYC_BOX`, `FARE_RANGE`
and `PASSENGER_RANGE`; the evaluation's reference rules are `course.grading.clean`.
"""

import argparse
import json
import math
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.fs as pa_fs
import pyarrow.parquet as pq

VERSION = 1  # bump when the model changes: a dataset folder written by another version is regenerated
COLUMNS = {
    "key": "object",
    "fare_amount": "float64",
    "pickup_datetime": "datetime64[ns, UTC]",
    "pickup_longitude": "float64",
    "pickup_latitude": "float64",
    "dropoff_longitude": "float64",
    "dropoff_latitude": "float64",
    "passenger_count": "int64",
}
# Fraction of rows hit by each kind of dirt (drawn independently, so a row can carry two kinds).
DIRT = {
    "missing_dropoff": 0.002,  # dropoff_longitude and dropoff_latitude are null
    "zero_coordinates": 0.02,  # pickup, dropoff or both recorded at (0, 0)
    "invalid_coordinates": 0.001,  # a longitude beyond +-180 or a latitude beyond +-90 (digits shifted)
    "far_coordinates": 0.001,  # valid but far from New York: latitude and longitude swapped
    "negative_fare": 0.001,  # the fare has the wrong sign
    "huge_fare": 0.0005,  # 300 to 95,000 USD
    "zero_passengers": 0.0035,  # passenger_count is 0
    "many_passengers": 0.0002,  # passenger_count is 200 to 240
}
NYC_BOX = {"longitude": (-74.3, -73.7), "latitude": (40.5, 41.0)}  # every clean coordinate lies inside
FARE_RANGE = (0.0, 250.0)  # clean fares are > 0 and <= 250 USD
PASSENGER_RANGE = (1, 6)  # clean trips carry 1 to 6 passengers
BLOCK_ROWS = 10_000  # randomness is drawn per block of rows: the partitioning never changes the data
START, END = np.datetime64("2009-01-01", "s"), np.datetime64("2015-07-01", "s")
FARE_RISE = np.datetime64("2012-09-04", "s")  # New York's metered rates went up on that day
MANHATTAN = (-73.978, 40.756)
AIRPORTS = {"JFK": (-73.7822, 40.6441), "LGA": (-73.8726, 40.7772), "EWR": (-74.1745, 40.6895)}
TRIP_KINDS = (("city", 0.90), ("JFK", 0.055), ("LGA", 0.035), ("EWR", 0.01))
PASSENGERS = ((1, 0.69), (2, 0.15), (3, 0.045), (4, 0.02), (5, 0.07), (6, 0.025))
KM_PER_DEGREE_LAT = 111.2
KM_PER_DEGREE_LON = 111.2 * math.cos(math.radians(40.75))


def generate(rows: int, seed: int = 0, start: int = 0) -> pd.DataFrame:
    """Rows `start` to `start + rows` of the dataset for `seed`, as a pandas DataFrame with `COLUMNS`."""
    frame = table(start, start + rows, seed).to_pandas()
    return frame.astype(COLUMNS)


def table(start: int, stop: int, seed: int = 0) -> pa.Table:
    """Rows [start, stop) as an Arrow table: the blocks that cover them, sliced."""
    first, last = start // BLOCK_ROWS, max(start, stop - 1) // BLOCK_ROWS
    blocks = [block_arrays(seed, index) for index in range(first, last + 1)] if stop > start else []
    if not blocks:
        return arrow_table({name: np.empty(0) for name in COLUMNS}, np.empty(0, dtype=np.int64))
    merged = {name: np.concatenate([block[name] for block in blocks]) for name in blocks[0]}
    offset = start - first * BLOCK_ROWS
    window = {name: values[offset:offset + stop - start] for name, values in merged.items()}
    return arrow_table(window, np.arange(start, stop, dtype=np.int64))


def block_arrays(seed: int, index: int) -> dict:
    """One block of BLOCK_ROWS clean trips with dirt mixed in, as NumPy arrays (times in seconds)."""
    rng = np.random.default_rng([seed, index, VERSION])
    n = BLOCK_ROWS
    seconds = rng.integers(START.astype(np.int64), END.astype(np.int64), n)
    pickup, dropoff = trip_ends(rng, n)
    fare = fares(rng, pickup, dropoff, seconds)
    passengers = rng.choice([p for p, _ in PASSENGERS], n, p=[w for _, w in PASSENGERS])
    arrays = {"fare_amount": fare, "pickup_datetime": seconds, "passenger_count": passengers,
              "pickup_longitude": pickup[0], "pickup_latitude": pickup[1],
              "dropoff_longitude": dropoff[0], "dropoff_latitude": dropoff[1]}
    add_dirt(rng, arrays)
    return arrays


def trip_ends(rng, n: int) -> tuple:
    """(lon, lat) arrays of pickups and dropoffs: short Manhattan hops and longer airport runs."""
    kind = rng.choice(len(TRIP_KINDS), n, p=[weight for _, weight in TRIP_KINDS])
    city = np.array(MANHATTAN) + rng.normal(0, [0.018, 0.022], (n, 2))
    km = rng.lognormal(math.log(2.0), 0.65, n)
    angle = rng.uniform(0, 2 * math.pi, n)
    hop = city + np.column_stack([km * np.cos(angle) / KM_PER_DEGREE_LON, km * np.sin(angle) / KM_PER_DEGREE_LAT])
    for code, (name, _) in enumerate(TRIP_KINDS):
        if name in AIRPORTS:
            rows = kind == code
            hop[rows] = np.array(AIRPORTS[name]) + rng.normal(0, 0.004, (rows.sum(), 2))
    swap = (kind > 0) & (rng.random(n) < 0.5)  # half of the airport trips go to the airport
    pickup, dropoff = np.where(swap[:, None], hop, city), np.where(swap[:, None], city, hop)
    return inside_box(pickup), inside_box(dropoff)


def inside_box(ends: np.ndarray, margin: float = 0.01) -> tuple:
    """(lon, lat) rounded to 6 decimals like taxi meters, kept inside NYC_BOX with a margin."""
    (lon_min, lon_max), (lat_min, lat_max) = NYC_BOX["longitude"], NYC_BOX["latitude"]
    return (np.clip(ends[:, 0], lon_min + margin, lon_max - margin).round(6),
            np.clip(ends[:, 1], lat_min + margin, lat_max - margin).round(6))


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km between points given in degrees: NumPy arrays, or pandas or Dask columns (the
    result is of the same kind)."""
    lon1, lat1, lon2, lat2 = (np.radians(value if hasattr(value, "dtype") else np.asarray(value, dtype=float))
                              for value in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def fares(rng, pickup: tuple, dropoff: tuple, seconds) -> np.ndarray:
    """Metered fare: flag drop + distance + time in traffic (rush hours are slow) + noise; JFK is flat-rate."""
    km = haversine_km(*pickup, *dropoff) * rng.uniform(1.15, 1.45, len(seconds))  # streets are not straight
    hour = (seconds // 3600) % 24
    speed = np.where((hour >= 7) & (hour < 10) | (hour >= 16) & (hour < 20), 14.0, 22.0)
    speed = np.where(hour < 6, 30.0, speed) * rng.uniform(0.7, 1.3, len(seconds))
    minutes = km / speed * 60
    after = seconds >= FARE_RISE.astype(np.int64)
    metered = 2.5 + np.where(after, 1.56, 1.25) * km + np.where(after, 0.5, 0.4) * minutes
    metered += np.where(hour < 6, 0.5, 0.0) + rng.normal(0, 0.6, len(seconds))
    jfk = np.array(AIRPORTS["JFK"])
    at_jfk = np.minimum(np.hypot(pickup[0] - jfk[0], pickup[1] - jfk[1]),
                        np.hypot(dropoff[0] - jfk[0], dropoff[1] - jfk[1])) < 0.02
    flat = np.where(after, 52.0, 45.0) + rng.choice([0.0, 5.33], len(seconds))
    return np.maximum(np.where(at_jfk, flat, metered), 2.5).round(2)


def add_dirt(rng, arrays: dict) -> None:
    """Corrupt a documented fraction of rows in place (see DIRT)."""
    n = len(arrays["fare_amount"])
    hit = {kind: rng.random(n) < rate for kind, rate in DIRT.items()}
    which = rng.integers(0, 3, n)  # zero coordinates: 0 pickup, 1 dropoff, 2 both
    for end, code in (("pickup", 0), ("dropoff", 1)):
        zero = hit["zero_coordinates"] & ((which == code) | (which == 2))
        arrays[f"{end}_longitude"][zero] = 0.0
        arrays[f"{end}_latitude"][zero] = 0.0
    column = rng.choice(["pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude"], n)
    for name in np.unique(column[hit["invalid_coordinates"]]):
        rows = hit["invalid_coordinates"] & (column == name)
        arrays[name][rows] = (arrays[name][rows] * rng.choice([10.0, 100.0], rows.sum())).round(6)
    far_end = rng.integers(0, 3, n)  # far coordinates: 0 pickup, 1 dropoff, 2 both
    for end, code in (("pickup", 0), ("dropoff", 1)):
        rows = hit["far_coordinates"] & ((far_end == code) | (far_end == 2))
        lon, lat = arrays[f"{end}_longitude"][rows].copy(), arrays[f"{end}_latitude"][rows].copy()
        arrays[f"{end}_longitude"][rows], arrays[f"{end}_latitude"][rows] = lat, lon
    fare = arrays["fare_amount"]
    fare[hit["negative_fare"]] *= -1
    fare[hit["huge_fare"]] = np.exp(rng.uniform(math.log(300), math.log(95_000), hit["huge_fare"].sum())).round(2)
    arrays["passenger_count"][hit["zero_passengers"]] = 0
    arrays["passenger_count"][hit["many_passengers"]] = rng.integers(200, 241, hit["many_passengers"].sum())
    for name in ("dropoff_longitude", "dropoff_latitude"):
        arrays[name][hit["missing_dropoff"]] = np.nan


def arrow_table(arrays: dict, row_numbers: np.ndarray) -> pa.Table:
    """The Arrow table with `COLUMNS`: keys from the pickup time and the global row number, NaN as null."""
    times = pa.array(np.asarray(arrays["pickup_datetime"], dtype=np.int64), type=pa.timestamp("s", tz="UTC"))
    stamp = pc.strftime(times, format="%Y-%m-%d %H:%M:%S")
    number = pc.utf8_lpad(pc.cast(pa.array(row_numbers), pa.string()), width=9, padding="0")
    columns = {
        "key": pc.binary_join_element_wise(stamp, number, "."),
        "fare_amount": pa.array(np.asarray(arrays["fare_amount"], dtype=float)),
        "pickup_datetime": times.cast(pa.timestamp("ns", tz="UTC")),
    }
    for name in ("pickup_longitude", "pickup_latitude", "dropoff_longitude", "dropoff_latitude"):
        columns[name] = pa.array(np.asarray(arrays[name], dtype=float), from_pandas=True)  # NaN -> null
    columns["passenger_count"] = pa.array(np.asarray(arrays["passenger_count"], dtype=np.int64))
    return pa.table(columns)


def write_csv(data: pa.Table, sink) -> None:
    """CSV as Kaggle wrote it: timestamps as `2009-06-15 17:26:21 UTC`, empty fields for nulls, no quotes."""
    times = pc.strftime(data["pickup_datetime"].cast(pa.timestamp("s", tz="UTC")), format="%Y-%m-%d %H:%M:%S UTC")
    data = data.set_column(data.schema.get_field_index("pickup_datetime"), "pickup_datetime", times)
    sink.write((",".join(data.column_names) + "\n").encode())  # pyarrow would quote the header
    pa_csv.write_csv(data, sink, pa_csv.WriteOptions(include_header=False, quoting_style="none"))


def partition_plan(rows: int, partition_rows: int) -> list:
    """(index, start, stop) of every partition."""
    return [(index, start, min(start + partition_rows, rows))
            for index, start in enumerate(range(0, rows, partition_rows))]


def filesystem_of(folder) -> tuple:
    """(pyarrow filesystem, path in it) for a local folder or a URI such as s3://bucket/taxi."""
    root = str(folder)
    if "://" in root:
        return pa_fs.FileSystem.from_uri(root)
    return pa_fs.LocalFileSystem(), str(Path(root).resolve())


def write_partition(root: str, part: tuple, seed: int, formats: tuple) -> int:
    """Generate one partition and write it in each format; return its row count."""
    filesystem, base = filesystem_of(root)
    index, start, stop = part
    data = table(start, stop, seed)
    if "parquet" in formats:
        pq.write_table(data, f"{base}/parquet/part-{index:05d}.parquet", filesystem=filesystem)
    if "csv" in formats:
        with filesystem.open_output_stream(f"{base}/csv/part-{index:05d}.csv") as sink:
            write_csv(data, sink)
    return stop - start


def manifest_for(rows: int, partition_rows: int, seed: int, formats: tuple) -> dict:
    return {"generator": "course.taxi", "version": VERSION, "rows": rows, "partition_rows": partition_rows,
            "partitions": len(partition_plan(rows, partition_rows)), "seed": seed, "formats": sorted(formats),
            "columns": COLUMNS, "dirt": DIRT}


def write_dataset(folder, rows: int, partition_rows: int = 1_000_000, seed: int = 0,
                  formats=("parquet", "csv"), progress: bool = True, overwrite: bool = False, jobs: int = 1) -> dict:
    """Write `rows` trips as FOLDER/parquet/part-NNNNN.parquet and FOLDER/csv/part-NNNNN.csv, then
    FOLDER/manifest.json. One partition at a time per job, so the dataset can be far larger than memory.
    FOLDER may be a local path or a URI pyarrow understands (s3://bucket/taxi, gs://bucket/taxi).
    A folder whose manifest already matches is left alone unless `overwrite`. Returns the manifest."""
    from tqdm import tqdm

    formats = tuple(sorted(set(formats)))
    unknown = set(formats) - {"parquet", "csv"}
    if unknown or rows < 0 or partition_rows < 1:
        raise ValueError(f"formats {sorted(formats)}, rows={rows}, partition_rows={partition_rows}: expected "
                         f"parquet and/or csv, rows >= 0, partition_rows >= 1")
    root = str(folder)
    filesystem, base = filesystem_of(root)
    manifest = manifest_for(rows, partition_rows, seed, formats)
    if not overwrite and read_manifest(filesystem, base) == manifest:
        if progress:
            print(f"{root}: already holds these {rows:,} rows (seed {seed}), nothing to write", file=sys.stderr)
        return manifest
    prepare_folders(filesystem, base, formats)
    plan = partition_plan(rows, partition_rows)
    target = root if "://" in root else base
    with tqdm(total=rows, unit="rows", unit_scale=True, disable=not progress, desc=f"taxi {Path(base).name}") as bar:
        if jobs > 1:
            with ProcessPoolExecutor(jobs) as pool:
                for done in pool.map(write_partition, [target] * len(plan), plan, [seed] * len(plan),
                                     [formats] * len(plan)):
                    bar.update(done)
        else:
            for part in plan:
                bar.update(write_partition(target, part, seed, formats))
    with filesystem.open_output_stream(f"{base}/manifest.json") as sink:
        sink.write(json.dumps(manifest, indent=1).encode())
    return manifest


def load_manifest(folder):
    """The manifest of a dataset folder (local path or URI), or None if it has none."""
    return read_manifest(*filesystem_of(folder))


def read_manifest(filesystem, base: str):
    try:
        with filesystem.open_input_stream(f"{base}/manifest.json") as source:
            return json.loads(source.read())
    except (FileNotFoundError, OSError, ValueError):
        return None


def prepare_folders(filesystem, base: str, formats: tuple) -> None:
    """Remove the manifest and the part files a previous run left, then create the format folders."""
    filesystem.create_dir(base, recursive=True)
    for name in ("parquet", "csv"):
        selector = pa_fs.FileSelector(f"{base}/{name}", allow_not_found=True)
        for info in filesystem.get_file_info(selector):
            if Path(info.path).name.startswith("part-"):
                filesystem.delete_file(info.path)
    if read_manifest(filesystem, base) is not None:
        filesystem.delete_file(f"{base}/manifest.json")
    for name in formats:
        filesystem.create_dir(f"{base}/{name}", recursive=True)


def parse_rows(text) -> int:
    """A row count from the command line or the environment: 100000, 100_000, 1e8 or 2.5M."""
    text = str(text).strip().replace("_", "").replace(",", "")
    scale = {"K": 10**3, "M": 10**6, "G": 10**9}.get(text[-1:].upper(), 1)
    value = float(text[:-1] if scale > 1 else text) * scale
    if value < 0 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a row count: {text!r}")
    return int(value)


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(prog="python -m course.taxi", description=__doc__.split("\n\n")[0])
    cli.add_argument("folder", help="output folder or URI (s3://..., gs://...)")
    cli.add_argument("--rows", type=parse_rows, required=True, help="number of trips: 100000, 1e8, 250M ...")
    cli.add_argument("--partition-rows", type=parse_rows, default=1_000_000, help="rows per file (default 1M)")
    cli.add_argument("--seed", type=int, default=0)
    cli.add_argument("--formats", nargs="+", choices=["parquet", "csv"], default=["parquet", "csv"])
    cli.add_argument("--jobs", type=int, default=1, help="partitions generated in parallel processes")
    cli.add_argument("--overwrite", action="store_true", help="rewrite even if the manifest already matches")
    cli.add_argument("--quiet", action="store_true", help="no progress bar")
    args = cli.parse_args(argv)
    manifest = write_dataset(args.folder, args.rows, args.partition_rows, args.seed, tuple(args.formats),
                             progress=not args.quiet, overwrite=args.overwrite, jobs=args.jobs)
    print(f"{manifest['rows']:,} rows in {manifest['partitions']} partition(s) ({', '.join(manifest['formats'])}) "
          f"under {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
