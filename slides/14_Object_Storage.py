# ---
# jupyter:
#   course:
#     title: Object Storage and Cloud-Optimised Formats
#     day: 3
#     slot: 13:15-14:00
#     optional: true
#     summary: "Block, file and object storage, S3 and fsspec, cloud-optimised formats (Parquet, Zarr, COG)"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Object Storage and Cloud-Optimised Formats
#
# ### Where big data lives in the cloud, and how to lay it out so it can be read fast
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# This deck is about storage: the object stores that replaced HDFS in most new platforms, and the file
# formats that make them fast. Everything you will see executed (fsspec, Parquet, Zarr, Dask) ran while the
# slides were built, on small generated data in a temporary folder; nothing touches a real cloud.

# %% tags=["remove-cell"]
# Setup the audience does not need: imports, a scratch folder, and a seeded table of six months of taxi trips.
import io
import logging
import math
import os
import statistics
import tempfile
import time
import timeit
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from matplotlib.patches import Rectangle

from course import digraph, table
from course.diagrams import PALETTE

warnings.filterwarnings("ignore", category=FutureWarning)
plt.rcParams["svg.hashsalt"] = "object-storage-deck"   # stable ids in the SVG output
plt.rcParams["font.size"] = 12

SCRATCH = Path(tempfile.mkdtemp(prefix="storage-deck-"))


def sizeof(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


rng = np.random.default_rng(14)
N = 200_000
seconds = np.sort(rng.integers(0, 181 * 86_400, N))          # January to June 2026, in time order
ZONES = np.array(["Airport", "Downtown", "Harbour", "Old Town", "University", "Stadium"])
distance = rng.gamma(2.0, 1.8, N).round(2)
trips_df = pd.DataFrame({
    "trip_id": np.arange(N, dtype="int64"),
    "pickup": pd.Timestamp("2026-01-01") + pd.to_timedelta(seconds, unit="s"),
    "zone": ZONES[rng.integers(0, len(ZONES), N)],
    "passengers": rng.choice([1, 2, 3, 4], N, p=[0.70, 0.18, 0.08, 0.04]).astype("int8"),
    "distance_km": distance,
    "fare": (3 + 1.7 * distance + rng.normal(0, 1.2, N)).clip(3).round(2),
})
trips = pa.Table.from_pandas(trips_df, preserve_index=False).replace_schema_metadata(None)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **Three kinds of storage**: block, file (POSIX), object
# 2. **The object model**: buckets, keys, bytes, metadata, HTTP verbs, consistency
# 3. **Latency and throughput**: why readers issue many parallel range requests
# 4. **S3 and friends**, and **fsspec**, Python's one interface to all of them
# 5. **Cloud-optimised formats**: CSV vs Parquet, predicate pushdown, Zarr, COG
# 6. **Table formats** (Iceberg, Delta Lake) and how **Spark and Dask** read all this

# %% [markdown] slideshow={"slide_type": "notes"}
# The first half is about the storage service itself, the second half about what we put in it. The link
# between the two is a single idea: object stores have high latency and huge aggregate bandwidth, so good
# formats let a reader fetch only the bytes it needs, many pieces at a time.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Block, file, object
#
# > Before the cloud, a program's data lived on a disk that its machine mounted. What changes when the data
# > sit behind an HTTP API instead, shared by thousands of machines?

# %% [markdown] slideshow={"slide_type": "notes"}
# First section: the three families of storage you meet in a data centre or a cloud, and what each one
# promises to the program that uses it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three ways to hand bytes to a program

# %% tags=["hide-input"]
dot = digraph(rankdir="TB", nodesep="0.35", ranksep="0.4")
STACKS = {
    "block": [("your program", "compute"), ("file system on your host\n(ext4, XFS)", "control"),
              ("block device\nnumbered fixed-size blocks", "storage"), ("SAN, cloud disk\n(EBS, Persistent Disk)", "neutral")],
    "file": [("your program", "compute"), ("POSIX calls: open, seek,\nread, write, rename, lock", "control"),
             ("shared file system\ndirectories, inodes", "storage"), ("NFS, Lustre, GPFS,\nHDFS (almost POSIX)", "neutral")],
    "object": [("your program", "compute"), ("HTTP: PUT, GET, HEAD,\nDELETE, LIST", "control"),
               ("flat namespace\nbucket / key -> object", "storage"), ("S3, GCS, Azure Blob,\nCeph, Garage", "neutral")],
}
for kind, layers in STACKS.items():
    with dot.subgraph(name=f"cluster_{kind}") as column:
        column.attr(label=f"{kind} storage", fontsize="18", style="rounded", color="#94a3b8")
        names = [f"{kind}{i}" for i in range(len(layers))]
        for name, (label, colour) in zip(names, layers):
            column.node(name, label, fillcolor=PALETTE[colour], width="2.9")
        column.edges(zip(names, names[1:]))
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# Block storage gives a machine a raw disk: fast and low level, but only one host mounts it at a time, and
# the host's file system does all the organising. A file system adds names, directories and the rich POSIX
# semantics that programs have assumed for fifty years. Object storage drops most of those semantics and
# offers a few HTTP verbs on a flat namespace; in exchange, it scales almost without limit.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What you give up, what you get
#
# | | POSIX file system | object store |
# |---|---|---|
# | Namespace | tree of directories | flat: `bucket` + `key`; "folders" are key prefixes |
# | Update | write any byte, append, truncate | replace the **whole object** (no in-place write, no append*) |
# | Rename / move | atomic, metadata only | copy + delete, one object at a time |
# | Locks | `flock`, `fcntl` | none; conditional writes (`If-Match`, `If-None-Match`) |
# | Access | system calls, microseconds | HTTPS requests, **tens of milliseconds** |
# | Scale | one server, or a complex parallel FS | billions of objects, exabytes, many data centres |
# | Cost (cloud, order of magnitude) | fast disks, replicated | cheapest per GB, tiers down to tape-like archives |
#
# \* S3 Express One Zone and Azure append blobs offer appends; standard S3 buckets do not.

# %% [markdown] slideshow={"slide_type": "notes"}
# Walk through the table row by row. The painful ones for data engineers are rename and in-place update:
# a Hadoop job that "commits" its output by renaming a temporary folder is slow and not atomic on S3. That
# is exactly why table formats like Iceberg and Delta Lake exist, as we will see at the end. The gain is
# the last two rows: near-infinite scale at a low price.

# %% [markdown] slideshow={"slide_type": "slide"}
# # The object model
#
# > A bucket, keys, whole objects and a handful of HTTP verbs: how little can a storage service offer, and
# > still hold most of the world's data lakes?

# %% [markdown] slideshow={"slide_type": "notes"}
# Second section: what an object is, the handful of operations you can run on it, and the consistency
# guarantees you get.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Bucket, key, bytes, metadata
#
# - A **bucket** is a container with a globally unique name, a region, access rules, a lifecycle
# - An **object** = **key** (any string, up to 1,024 bytes) + **bytes** (0 B to 50 TB on S3, 5 TB before
#   December 2025)
#   + **metadata** (size, ETag checksum, content type, your own `x-amz-meta-*` headers)
# - Keys only *look* like paths: `trips/2026/03/part-0.parquet` is one name, there is no `trips/` folder
# - Objects are **immutable**: writing a key replaces the whole object (versioning can keep old ones)
# - Listing is by **prefix** and **delimiter**: `LIST prefix=trips/2026/ delimiter=/` returns the
#   "sub-folders" `03/`, `04/`... computed from the keys
# - Uploads larger than ~100 MB use **multipart upload**: parts sent in parallel, then one commit

# %% [markdown] slideshow={"slide_type": "notes"}
# The key idea is that the namespace is flat. Tools such as the AWS console or fsspec show folders because
# they group keys by the slash character, but nothing exists between the bucket and the object. Renaming a
# "folder" therefore means copying every object under the prefix. Multipart upload is how large files and
# parallel writers get good throughput.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The whole API is a few HTTP verbs
#
# | verb | on | does |
# |---|---|---|
# | `PUT` | `/bucket/key` | store an object (whole body), with metadata headers |
# | `GET` | `/bucket/key` | read it; with `Range: bytes=a-b`, only **part** of it (`206 Partial Content`) |
# | `HEAD` | `/bucket/key` | metadata only: size, ETag, last modified |
# | `DELETE` | `/bucket/key` | remove it |
# | `GET` | `/bucket?list-type=2&prefix=...` | list keys, 1,000 per page |
#
# A ranged read on the wire (here the bucket name is in the host name, "virtual-hosted style"):
#
# ```http
# GET /trips/2026/03/part-0.parquet HTTP/1.1
# Host: my-bucket.s3.eu-west-3.amazonaws.com
# Range: bytes=2866518-2932053
# Authorization: AWS4-HMAC-SHA256 Credential=AKIA.../s3/aws4_request, Signature=...
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# Every SDK, the AWS command line and fsspec end up sending requests like this one. Requests are signed
# with an access key and a secret key, or a temporary token. The Range header is the most important line on
# this slide for us: it lets a reader fetch only the end of a Parquet file, or one chunk of a big object.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Consistency: eventual vs strong
#
# - **Eventual consistency**: after a write, some reads may still return the old data (or "not found")
#   for a short while; replicas converge later
# - **Strong (read-after-write) consistency**: once a `PUT` or `DELETE` has returned, every following
#   `GET` and `LIST`, from anywhere, sees it
# - Amazon S3 was eventually consistent for overwrites and listings until **December 2020**; it has been
#   **strongly consistent** for all operations since, at no extra cost
# - GCS and Azure Blob are strongly consistent as well; check self-hosted stores
# - Strong consistency is not transactions: two writers on the same key still race. Use
#   **conditional writes** (`If-None-Match: *`, `If-Match: <etag>`) or a table format to coordinate

# %% [markdown] slideshow={"slide_type": "notes"}
# Before December 2020, Spark and Hadoop users needed extra tools (S3Guard, EMRFS consistent view) because a
# job could list a folder and miss files just written. That era is over for S3, but the lesson stays:
# read the consistency model of your store. And strong consistency of one object does not make a set of
# objects change atomically; that is the job of table formats.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Inside an object store

# %% tags=["hide-input"]
dot = digraph(rankdir="TB", nodesep="0.25", ranksep="0.35", size="12,3.5")
dot.node("clients", "clients (Spark, Dask, boto3, CLI)", fillcolor=PALETTE["compute"], shape="ellipse")
dot.node("lb", "load balancer", fillcolor=PALETTE["neutral"])
with dot.subgraph(name="cluster_gw") as gw:
    gw.attr(label="stateless gateways (S3 API)", style="rounded", color="#94a3b8")
    for i in range(3):
        gw.node(f"gw{i}", f"gateway {i + 1}", fillcolor=PALETTE["control"])
dot.node("meta", "metadata / index\nbucket + key -> placement", fillcolor=PALETTE["data"], shape="cylinder")
with dot.subgraph(name="cluster_nodes") as nodes:
    nodes.attr(label="storage nodes: commodity servers full of disks", style="rounded", color="#94a3b8",
               labelloc="b")
    for i in range(6):
        nodes.node(f"n{i}", f"node {i + 1}\n{'data' if i < 4 else 'parity'} shard", shape="cylinder",
                   fillcolor=PALETTE["storage"] if i < 4 else PALETTE["neutral"])
with dot.subgraph() as top:
    top.attr(rank="same")
    top.node("clients")
    top.node("lb")
dot.edge("clients", "lb", label=" HTTPS ")
for i in range(3):
    dot.edge("lb", f"gw{i}")
dot.edge("gw2", "meta", style="dashed", label=" lookup")
for i in range(6):
    dot.edge("gw1", f"n{i}")
dot

# %% [markdown] slideshow={"slide_type": "fragment"}
# Erasure coding **4 + 2**: any 4 of the 6 shards rebuild the object, for 50 % extra space (3 copies cost 200 %).
# Ceph names the pieces RADOS Gateway, monitors and OSDs; S3 is designed for 99.999999999 % durability.

# %% [markdown] slideshow={"slide_type": "notes"}
# Gateways are stateless, so you add more of them for more requests per second. The index maps each key to
# where its pieces live. The object is cut into data shards plus parity shards spread over different
# servers, racks or even data centres, so disks and whole machines can fail without losing data. Ceph is
# the open-source system many universities and space agencies, including CNES, run on premises.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: why is object storage cheap and scalable?
#
# Which design choice lets an object store grow to billions of objects at a low cost per GB?
#
# - **A.** Special high-end RAID arrays that never fail
# - **B.** A flat namespace, a simple HTTP API, and many commodity servers with erasure coding
# - **C.** Full POSIX semantics, with locks and atomic renames, on every node
# - **D.** Keeping every object on SSDs, replicated three times

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** Dropping rich semantics (no directories, no in-place writes, no locks) lets gateways stay
# stateless and data spread over cheap disks; erasure coding gives durability with little extra space.

# %% [markdown] slideshow={"slide_type": "notes"}
# A and D are the expensive way to get reliability. C is precisely what object stores give up: keeping a
# global POSIX view consistent across thousands of servers is what makes parallel file systems hard to
# scale. The simple API is a feature, not a limitation, at this scale.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Latency and throughput
#
# > Guess first: 4 GB on S3, stored as 64 KB objects or as 64 MB objects. Which reads faster, and by how
# > much? The next slides compute it with a model, then measure the effect.

# %% [markdown] slideshow={"slide_type": "notes"}
# Third section: the performance model that explains how every cloud-native reader behaves.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two numbers describe a request
#
# - **Latency** L: time to first byte, typically **10-100 ms** on an object store (vs ~0.1 ms for a local
#   SSD): authentication, routing, index lookup, disk seek
# - **Per-stream throughput** B: one HTTP connection delivers maybe **50-200 MB/s**
# - **Aggregate throughput**: the store itself serves thousands of connections in parallel; the limit
#   becomes your network card (10-100 Gbit/s)
#
# Reading N pieces of S MB each with P parallel streams (network limit C):
#
# $$ T(P) \approx \left\lceil \frac{N}{P} \right\rceil L + \frac{N\,S}{\min(P\,B,\; C)} $$
#
# So: **few large requests** hide latency, **many parallel requests** fill the network.

# %% [markdown] slideshow={"slide_type": "notes"}
# This is a deliberately simple model, but it is enough to reason about. With one stream, small objects are
# dominated by latency and big objects by the bandwidth of a single connection. Parallelism fixes both, up
# to the network card. Large objects can be cut into several ranges fetched at the same time, which is what
# the AWS CLI, s3fs and Parquet readers do.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The model, plotted: 4 GB in pieces of different sizes
#
# L = 30 ms, B = 80 MB/s per stream, C = 1,250 MB/s (a 10 Gbit/s network card):

# %% tags=["hide-input"]
def read_time(total_mb, piece_mb, streams, latency=0.030, per_stream=80.0, nic=1250.0):
    """Seconds to read total_mb in pieces of piece_mb with `streams` parallel requests (model above)."""
    pieces = math.ceil(total_mb / piece_mb)
    return math.ceil(pieces / streams) * latency + total_mb / min(streams * per_stream, nic)


streams = [1, 2, 4, 8, 16, 32, 64, 128, 256]
fig, ax = plt.subplots(figsize=(9, 4.2), dpi=90)
for piece, colour in [(0.0625, "#dc2626"), (1, "#f59e0b"), (8, "#2563eb"), (64, "#16a34a")]:
    ax.plot(streams, [read_time(4000, piece, p) for p in streams], "o-", color=colour,
            label=f"{piece * 1024:.0f} KB pieces" if piece < 1 else f"{piece:.0f} MB pieces")
ax.axhline(4000 / 1250, color="#475569", ls="--", lw=1)
ax.text(1, 4000 / 1250 * 1.15, "network card limit: 3.2 s", color="#475569")
ax.set(xscale="log", yscale="log", xlabel="parallel requests (streams)", ylabel="time to read 4 GB (s)")
ax.set_xticks(streams, [str(s) for s in streams])
ax.grid(alpha=0.3)
ax.legend(frameon=False)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Red: 64 KB pieces, 64,000 requests; even with 256 streams the latency dominates and we never reach the
# network limit. Green: 64 MB pieces reach the limit with about 16 streams. The practical rules follow: make
# objects or chunks of several MB up to a few hundred MB, and read them with many requests in flight.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Measured: 32 requests of 20 ms, serial vs parallel
#
# A fake object store whose every `GET` waits 20 ms (simulated latency), read with a thread pool:

# %%
def fake_get(key: str) -> bytes:
    time.sleep(0.020)                       # the round trip to the store
    return key.encode()

def read_all(keys, in_flight):
    """Seconds to GET every key with `in_flight` requests at a time (median of 3 runs)."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=in_flight) as pool:
            list(pool.map(fake_get, keys))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)

keys = [f"trips/part-{i:03d}.parquet" for i in range(32)]
seconds = {in_flight: read_all(keys, in_flight) for in_flight in (1, 4, 32)}
for in_flight, took in seconds.items():
    print(f"{in_flight:>2} request(s) in flight: {took:5.2f} s")
print(f"32 requests in flight: {seconds[1] / seconds[32]:.1f}x faster than 1 at a time "
      f"(median of 3, {os.cpu_count()} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Waiting for the network does not use the CPU, so threads overlap the waits almost perfectly, whatever the
# number of cores and despite Python's global interpreter lock. Serial is about 32 times 20 ms, about two
# thirds of a second; 32 threads finish in about one round trip plus the cost of starting the threads.
# Real clients (s3fs, boto3, the Arrow S3 filesystem) use thread pools or asyncio for exactly this reason.

# %% [markdown] slideshow={"slide_type": "slide"}
# # S3 and friends, and fsspec
#
# > One protocol, many stores: how can the same line of Python read a local file, an S3 object and a Google
# > Cloud Storage object?

# %% [markdown] slideshow={"slide_type": "notes"}
# Fourth section: the products that speak the S3 protocol, and the Python layer that hides their
# differences.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The S3 API became the de facto standard
#
# | store | where | API | Python client |
# |---|---|---|---|
# | **Amazon S3** (2006) | AWS | S3 (the reference) | `boto3`, `s3fs` |
# | **Google Cloud Storage** | Google Cloud | JSON API; XML API largely S3-compatible | `gcsfs` |
# | **Azure Blob Storage** / ADLS Gen2 | Microsoft Azure | its own REST API (not S3) | `adlfs` |
# | **Ceph** (RADOS Gateway) | on premises, open source | S3 and Swift | `s3fs` |
# | **Garage**, SeaweedFS (MinIO until 2026) | self-hosted, open source | S3 | `s3fs` |
# | OVHcloud, Scaleway, Cloudflare R2, Wasabi... | other providers | S3 | `s3fs` |
#
# An S3-compatible store only needs a different **endpoint URL** and keys:
#
# ```python
# s3 = s3fs.S3FileSystem(key="...", secret="...", endpoint_url="https://s3.my-lab.example")
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# S3 was first and everyone copied its protocol, so a tool that speaks S3 reaches most stores. Azure is the
# main exception, with its own protocol. Compatibility is never perfect: features such as conditional
# writes, object lock or event notifications differ, so test against the store you will really use.
# MinIO, long the default self-hosted S3 server, put its open-source edition in maintenance mode at the
# end of 2025 and archived it in early 2026; Garage, SeaweedFS and Ceph are the open alternatives.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## fsspec: one file-system interface for Python

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.15", ranksep="0.9")
users = ["pandas", "Dask", "xarray / Zarr", "pyarrow", "your code"]
backends = {"file://": "local disk", "memory://": "RAM (tests)", "s3://": "s3fs", "gs://": "gcsfs",
            "abfs://": "adlfs", "http(s)://": "HTTP range requests", "zip:// · tar://": "archives"}
for name in users:
    dot.node(name, fillcolor=PALETTE["compute"])
dot.node("fsspec", "fsspec\nopen · ls · cat · put\ncat_file(start, end)\ncaching, async", fillcolor=PALETTE["control"],
         shape="box", fontsize="16")
for i, (proto, impl) in enumerate(backends.items()):
    dot.node(f"backend{i}", f"{proto}\n{impl}", fillcolor=PALETTE["storage"])
    dot.edge("fsspec", f"backend{i}")
for name in users:
    dot.edge(name, "fsspec")
dot

# %% [markdown] slideshow={"slide_type": "notes"}
# fsspec is a small library that defines what a file system is in Python: list, open, read a range, write,
# delete. Each backend implements it for one protocol, chosen by the URL prefix. pandas, Dask, xarray and
# Zarr accept any fsspec URL, so the same line of code reads a local file in a test and an S3 object in
# production. The in-memory backend is ideal for tests and, today, for a demo without network.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## fsspec live: an in-memory "bucket"

# %%
import fsspec

fs = fsspec.filesystem("memory")             # same API as s3fs, gcsfs, adlfs...
fs.pipe("/demo-bucket/raw/2026/03/readme.txt", b"Keys look like paths, but the namespace is flat.")
fs.pipe("/demo-bucket/raw/2026/03/zones.csv", b"zone,area_km2\nAirport,12.5\nHarbour,4.1\n")
fs.pipe("/demo-bucket/raw/2026/04/zones.csv", b"zone,area_km2\nAirport,12.5\n")
print(fs.ls("/demo-bucket/raw/2026", detail=False))   # "folders" computed from the keys
print(fs.find("/demo-bucket"))                        # every key under a prefix
print(fs.info("/demo-bucket/raw/2026/03/zones.csv")["size"], "bytes")
print(fs.cat("/demo-bucket/raw/2026/03/zones.csv").decode())

# %% [markdown] slideshow={"slide_type": "notes"}
# pipe writes a whole object, like a PUT. ls with a prefix shows pseudo-folders that fsspec derives from the
# slashes in the keys, find lists all keys recursively, like a paginated LIST, and info is a HEAD. The same
# four calls on an s3fs file system would send the HTTP requests of the previous section.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## fsspec live: range reads and file-like objects

# %%
key = "/demo-bucket/raw/2026/03/readme.txt"
print(fs.cat_file(key, start=0, end=4))             # GET with Range: bytes=0-3
print(fs.cat_file(key, start=-5))                   # the last 5 bytes: how Parquet readers start

with fsspec.open("memory://demo-bucket/raw/2026/03/zones.csv", "rt") as f:
    print(pd.read_csv(f))                           # any library that takes a file object

print(pd.read_csv("memory://demo-bucket/raw/2026/04/zones.csv"))   # or just the URL

# %% [markdown] slideshow={"slide_type": "notes"}
# cat_file with start and end is a ranged GET: the store sends only those bytes. A negative start reads
# from the end, which is exactly how a Parquet reader fetches the footer before anything else. fsspec.open
# returns a file object that reads ranges lazily and caches blocks, and pandas understands fsspec URLs
# directly: replace memory:// with s3:// and the line is unchanged.

# %% [markdown] slideshow={"slide_type": "slide"}
# # Cloud-optimised formats
#
# > If every request costs tens of milliseconds, the file format decides how many requests a query needs.
# > What must a format store first, and how should it cut the data?

# %% [markdown] slideshow={"slide_type": "notes"}
# Fifth section: how to lay data out inside objects so that a reader can fetch only what it needs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Row layout vs column layout
#
# The same 4 x 3 table, written as bytes one after the other:

# %% tags=["hide-input"]
COLS = {"zone": "#fce7f3", "distance": "#dbeafe", "fare": "#dcfce7"}
EDGES = {"zone": "#be185d", "distance": "#1d4ed8", "fare": "#15803d"}
fig, ax = plt.subplots(figsize=(11, 3.1), dpi=90)
for y, (title, order) in [(1.6, ("row layout (CSV, JSON, Avro)", "rows")),
                          (0.2, ("column layout (Parquet, ORC, Arrow)", "cols"))]:
    cells = [(c, r) for r in range(4) for c in COLS] if order == "rows" else [(c, r) for c in COLS for r in range(4)]
    for i, (col, row) in enumerate(cells):
        ax.add_patch(Rectangle((i * 0.8, y), 0.75, 0.7, facecolor=COLS[col], edgecolor=EDGES[col], lw=1.5))
        ax.text(i * 0.8 + 0.375, y + 0.35, f"{col[:4]}\n{row + 1}", ha="center", va="center", fontsize=12.5)
    ax.text(0, y + 0.85, title, fontsize=13, weight="bold")
ax.annotate("", xy=(9.55, 0.1), xytext=(6.4, 0.1), arrowprops=dict(arrowstyle="<->", color="#15803d", lw=2))
ax.text(7.97, -0.25, "read only 'fare': one contiguous range", ha="center", color="#15803d", fontsize=13)
ax.set(xlim=(-0.1, 9.7), ylim=(-0.45, 2.6))
ax.axis("off")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Analytics reads **few columns of many rows**: a column layout reads less, and similar values side by side
# **compress** far better. Row layouts suit writing or fetching whole records (transactions, logs).

# %% [markdown] slideshow={"slide_type": "notes"}
# In a row layout the values of one column are scattered across the whole file: to sum the fares you must
# read and parse everything. In a column layout they are contiguous, so a reader issues one range request
# per column. Values of the same type next to each other, often repeated, also compress much better.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same table as CSV and as Parquet
#
# 200,000 generated taxi trips (6 columns), written with pyarrow into a temporary folder:

# %%
print(trips.schema)
pacsv.write_csv(trips, SCRATCH / "trips.csv")
pq.write_table(trips, SCRATCH / "trips.parquet", row_group_size=50_000, compression="zstd")
csv_mb, parquet_mb = (sizeof(SCRATCH / name) / 1e6 for name in ("trips.csv", "trips.parquet"))
print(f"CSV     {csv_mb:5.2f} MB\nParquet {parquet_mb:5.2f} MB  ({csv_mb / parquet_mb:.1f}x smaller than the CSV)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Same data, two formats. CSV writes every number as text and repeats nothing cleverly; Parquet stores typed
# binary columns, dictionary-encodes repeated strings like the zone names, then compresses each column with
# zstd. The factor depends on the data, but three to ten times is typical. Parquet also keeps the schema:
# the timestamp stays a timestamp, the small integer stays an int8.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Read two columns only

# %%
def median_ms(read, repeat=5):
    """Median of `repeat` runs, in milliseconds."""
    return statistics.median(timeit.repeat(read, number=1, repeat=repeat)) * 1000

wanted = ["zone", "fare"]
readers = {
    "CSV, 2 columns": lambda: pd.read_csv(SCRATCH / "trips.csv", usecols=wanted),
    "Parquet, 2 columns": lambda: pq.read_table(SCRATCH / "trips.parquet", columns=wanted).to_pandas(),
    "Parquet, 6 columns": lambda: pq.read_table(SCRATCH / "trips.parquet").to_pandas(),
}
ms = {name: median_ms(read) for name, read in readers.items()}
for name, took in ms.items():
    print(f"{name:<20} {took:6.1f} ms")
for name in ("Parquet, 2 columns", "Parquet, 6 columns"):
    print(f"{name}: {ms['CSV, 2 columns'] / ms[name]:.1f}x faster than CSV, 2 columns "
          f"(median of 5, {os.cpu_count()} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# The CSV line is slowest even though it keeps two columns: usecols saves memory in pandas but not work,
# the CSV parser must still scan each line to find the commas. Parquet skips the other four columns
# entirely, and even all six typed columns load faster than two parsed from text. Times come from this
# build machine and vary between runs; the ratios printed last are what matters. On an object store the gap is larger, because skipped columns are never even
# downloaded.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Inside the Parquet file: the footer metadata

# %%
meta = pq.ParquetFile(SCRATCH / "trips.parquet").metadata
print(f"{meta.num_rows:,} rows, {meta.num_columns} columns, {meta.num_row_groups} row groups, "
      f"footer {meta.serialized_size:,} bytes, written by {meta.created_by}")
rows = []
for g in range(meta.num_row_groups):
    for name in ("pickup", "fare"):
        col = meta.row_group(g).column(trips.schema.get_field_index(name))
        rows.append({"row group": g, "column": name, "min": col.statistics.min, "max": col.statistics.max,
                     "codec": col.compression, "KB on disk": col.total_compressed_size / 1024,
                     "KB raw": col.total_uncompressed_size / 1024})
table(pd.DataFrame(rows), size=17, precision=1)

# %% [markdown] slideshow={"slide_type": "notes"}
# The footer at the end of the file describes everything: the schema, the row groups, and for every column
# chunk its offset, size, codec and min/max statistics. A reader downloads this small footer first, then
# decides what to fetch. The trips were written in time order, so each row group covers about six weeks of
# pickups: the statistics let a reader skip row groups for a date filter. Fares are spread everywhere.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The file as a map of byte ranges

# %% tags=["hide-input"]
class RecordingFile(io.RawIOBase):
    """A read-only file that records every (offset, length) read: the range requests a store would see."""

    def __init__(self, path):
        self.file, self.reads = open(path, "rb"), []

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return self.file.seek(offset, whence)

    def tell(self):
        return self.file.tell()

    def readinto(self, buffer):
        start, count = self.file.tell(), self.file.readinto(buffer)
        self.reads.append((start, count))
        return count


spy = RecordingFile(SCRATCH / "trips.parquet")
pq.read_table(spy, columns=["zone", "fare"])
size = sizeof(SCRATCH / "trips.parquet")
palette = ["#93c5fd", "#c4b5fd", "#f9a8d4", "#fcd34d", "#86efac", "#fdba74"]
fig, ax = plt.subplots(figsize=(11, 3.4), dpi=90)
for g in range(meta.num_row_groups):
    for c in range(meta.num_columns):
        col = meta.row_group(g).column(c)
        start = col.dictionary_page_offset or col.data_page_offset
        ax.add_patch(Rectangle((start / 1e6, 1), col.total_compressed_size / 1e6, 1, facecolor=palette[c],
                               edgecolor="white", lw=0.6, label=col.path_in_schema if g == 0 else None))
ax.add_patch(Rectangle(((size - meta.serialized_size) / 1e6, 1), 0.03, 1, color="#111827", label="footer"))
for i, (start, count) in enumerate(spy.reads):
    lane = 0.55 if i == 0 else 0.0                      # read 1 (the footer) gets its own lane
    ax.add_patch(Rectangle((start / 1e6, lane), max(count / 1e6, 0.01), 0.4, color="#dc2626"))
    ax.text(start / 1e6 - 0.02, lane + 0.2, str(i + 1), ha="right", va="center", fontsize=12.5, color="#dc2626")
ax.text(0, 2.1, "column chunks in the file, row group by row group", fontsize=13)
ax.text(0, 0.55, "ranges read for columns=['zone', 'fare'], numbered in order", fontsize=13, color="#dc2626")
ax.set(xlim=(0, size / 1e6 * 1.005), ylim=(-0.1, 2.35), xlabel="offset in the file (MB)", yticks=[])
ax.legend(ncol=7, loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False, fontsize=12.5)
for side in ("top", "right", "left"):
    ax.spines[side].set_visible(False)
plt.show()
print(f"{len(spy.reads)} reads, {sum(n for _, n in spy.reads) / 1e6:.2f} MB of {size / 1e6:.2f} MB: "
      f"first the last {spy.reads[0][1] // 1024} KB (footer), then one range per column chunk")

# %% [markdown] slideshow={"slide_type": "notes"}
# The coloured bar is the real file, drawn from its own footer: each row group holds one chunk per column.
# The red marks are the reads pyarrow actually made, recorded by a wrapper around the file: first the end
# of the file with the footer, then the zone and fare chunks of each row group. On S3 each red mark would
# be one ranged GET, and a good reader sends them in parallel.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A partitioned dataset
#
# The same trips as a dataset **partitioned by month**: one folder (one key prefix) per month, Hive style:

# %%
by_month = trips.append_column("month", pa.array(trips_df.pickup.dt.month.to_numpy(), pa.int8()))
pads.write_dataset(by_month, SCRATCH / "trips_by_month", format="parquet", partitioning=["month"],
                   partitioning_flavor="hive", max_rows_per_group=10_000)
dataset = pads.dataset(SCRATCH / "trips_by_month", format="parquet", partitioning="hive")
for fragment in list(dataset.get_fragments())[:3]:
    print(Path(fragment.path).relative_to(SCRATCH).as_posix(), "|", fragment.metadata.num_row_groups,
          "row groups |", fragment.partition_expression)
print("...")
print(dataset.schema)

# %% [markdown] slideshow={"slide_type": "notes"}
# write_dataset cut the table by the value of month and wrote one file per folder, named month=1 to
# month=6. The month column is no longer stored inside the files: it is recovered from the path, as the
# partition expression shows. Each file holds row groups of at most 10,000 rows, in time order.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Predicate pushdown with `pyarrow.dataset`
#
# Trips of the first week of March: which files and row groups must be read?

# %%
first_week = (pads.field("month") == 3) & (pads.field("pickup") < pd.Timestamp("2026-03-08"))
files = list(dataset.get_fragments(filter=first_week))
groups = [rg for f in files for rg in f.split_by_row_group(filter=first_week, schema=dataset.schema)]
total_groups = sum(f.metadata.num_row_groups for f in dataset.get_fragments())
print(f"files kept: {len(files)} of 6 | row groups kept: {len(groups)} of {total_groups}")
print(dataset.to_table(columns=["zone", "fare"], filter=first_week).num_rows, "rows in the first week of March")

# %% [markdown] slideshow={"slide_type": "notes"}
# Two levels of skipping. The folder names, month=1 to month=6, let the reader drop five files without
# opening them: partition pruning. Inside the March file, the min and max pickup time of each row group
# show that only the first ones can hold the first week: statistics pruning. Only the surviving row groups
# are read, and only two columns of them. Spark, Dask, DuckDB and Polars all do the same with these files.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Zarr: chunked N-d arrays, one object per chunk
#
# A year of daily temperatures on a 2-degree grid, cut into 16 chunks, written to a local folder:

# %%
import zarr

days, lats, lons = np.arange(360), np.linspace(-89, 89, 90), np.linspace(-179, 179, 180)
field = (25 - 0.5 * np.abs(lats)[None, :, None] + 8 * np.sin(2 * np.pi * days / 360)[:, None, None]
         * np.sign(lats)[None, :, None] + rng.normal(0, 1, (360, 90, 180))).astype("float32")
z = zarr.create_array(store=SCRATCH / "t2m.zarr", shape=field.shape, chunks=(90, 45, 90), dtype="float32")
z[:] = field
keys = sorted(p.relative_to(SCRATCH / "t2m.zarr").as_posix() for p in (SCRATCH / "t2m.zarr").rglob("*")
              if p.is_file())
print(f"shape {z.shape}, chunks {z.chunks}, codecs {[type(c).__name__ for c in z.compressors]}")
print(f"{len(keys)} objects: {keys[:4]} ... {keys[-1]}")
print(f"{field.nbytes / 1e6:.1f} MB in memory, {sizeof(SCRATCH / 't2m.zarr') / 1e6:.1f} MB stored")

# %% [markdown] slideshow={"slide_type": "notes"}
# Zarr stores one small JSON document with the metadata (zarr.json) and one object per chunk, named by the
# chunk's position in the grid: c/0/1/1 is the first block of days, the second block of latitudes, the
# second of longitudes. Each chunk is compressed separately, with zstd by default. The same code writes to
# S3 or GCS with an fsspec URL, and Dask workers can write chunks in parallel because no two share an object.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Zarr: reading a slice fetches only its chunks

# %% tags=["remove-cell"]
class KeyLog(logging.Handler):
    """Collects the keys that zarr's LoggingStore reports ("Calling LocalStore.get(<key>)")."""

    def __init__(self):
        super().__init__()
        self.keys = []

    def emit(self, record):
        message = record.getMessage()
        if "Calling" in message and ".get(" in message:
            self.keys.append(message.split(".get(")[1].rstrip(")"))

# %%
log = KeyLog()                                   # a logging handler that collects requested keys
store = zarr.storage.LoggingStore(zarr.storage.LocalStore(SCRATCH / "t2m.zarr", read_only=True),
                                  log_handler=log)
t2m = zarr.open_array(store, mode="r", zarr_format=3)
print("opening read:", log.keys)
for label, selection in [("one point, all days", np.s_[:, 60, 120]), ("one day, whole globe", np.s_[200])]:
    log.keys.clear()
    values = t2m[selection]
    print(f"{label:>20}: shape {str(values.shape):9} read {len(log.keys)} of 16 chunks {sorted(log.keys)}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# Choose chunks for the way data will be **read**: a time series at a point and a global map want
# different chunk shapes (some datasets are stored twice, once for each).

# %% [markdown] slideshow={"slide_type": "notes"}
# The store is wrapped in zarr's LoggingStore, so we see every key requested. A time series at one grid
# point crosses the four time chunks; a map of one day needs the four spatial chunks of one time block.
# Everything else stays on disk, or in the bucket. On an object store each of those keys is one GET, which
# Zarr sends concurrently.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Other cloud-optimised formats
#
# | format | data | the cloud-friendly trick |
# |---|---|---|
# | **Cloud-Optimized GeoTIFF** (OGC standard, 2023) | satellite images, rasters | header first, internal **tiles** instead of strips, compressed, **overviews** (lower resolutions): a map viewer fetches a few tiles by range request |
# | **GeoParquet** | vector geometries (points, polygons) | Parquet + a standard geometry column and bounding boxes |
# | **Zarr v3** | N-d arrays (climate, imaging, genomics) | metadata document + one object per chunk; sharding groups small chunks |
# | **NetCDF4 / HDF5** | N-d arrays, legacy | one file with internal chunks; not built for HTTP, but **Kerchunk / VirtualiZarr** index its byte ranges so it reads like Zarr |
# | **ORC**, **Avro** | tables (Hive), records (streaming) | columnar with stripes; row-oriented with a schema |
# | **STAC** | catalogues of the above | JSON metadata to search assets by place and time |
#
# Common recipe: **small metadata up front** + **independently addressable, compressed chunks**.

# %% [markdown] slideshow={"slide_type": "notes"}
# All of these follow the recipe we saw with Parquet and Zarr. A Cloud-Optimized GeoTIFF is a normal
# GeoTIFF that any GIS opens, reorganised so that a viewer can zoom into one area by downloading only the
# tiles it needs. Kerchunk and VirtualiZarr are pragmatic: they leave petabytes of existing NetCDF files in
# place and describe them as Zarr chunks.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Table formats: a database on top of Parquet files

# %% tags=["hide-input"]
dot = digraph(rankdir="LR", nodesep="0.25", ranksep="0.55")
dot.node("catalog", "catalog\n(REST, Glue, Unity,\nHive metastore)\ntable -> current snapshot", fillcolor=PALETTE["control"])
for snap, files in [("snapshot 41", ["part-a", "part-b"]), ("snapshot 42", ["part-a", "part-b", "part-c"])]:
    dot.node(snap, f"{snap}\nmanifest:\nlist of files + stats", fillcolor=PALETTE["data"],
             style="rounded,filled" + (",dashed" if snap.endswith("41") else ""))
    for f in files:
        dot.edge(snap, f)
for f in ["part-a", "part-b", "part-c"]:
    dot.node(f, f"{f}.parquet", fillcolor=PALETTE["storage"], shape="cylinder")
dot.edge("catalog", "snapshot 42", label="atomic swap\n(commit)")
dot.edge("catalog", "snapshot 41", style="dashed", label="time travel")
dot

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Apache Iceberg**, **Delta Lake** (and Apache Hudi) add to plain Parquet files: ACID commits, schema
# evolution, time travel, hidden partitioning, row-level deletes. The base of the "lakehouse", read by
# Spark, Trino, Flink, DuckDB, Polars, Snowflake... (`pyiceberg`, `deltalake` in Python).

# %% [markdown] slideshow={"slide_type": "notes"}
# Remember that object stores have no atomic rename and no transactions across objects. Table formats solve
# this with metadata files: a commit writes new data files and a new snapshot, then atomically swaps one
# pointer in the catalog. Readers always see a complete snapshot, never half a job's output, and old
# snapshots stay readable for time travel until they are expired.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## How Spark and Dask read all this
#
# - **Same URLs, different connectors**: Dask, pandas, xarray go through **fsspec** (`s3://` needs `s3fs`);
#   Spark goes through the Hadoop **S3A** connector (`s3a://`, the `hadoop-aws` jar) or cloud connectors
# - Both turn files, row groups or chunks into **partitions / tasks**, read in parallel by the workers
# - Both push **column projection** and **filters** down into the Parquet reader
#
# ```python
# spark.read.parquet("s3a://taxi/trips/").select("zone", "fare").where("month = 3")  # PushedFilters in explain()
# dd.read_parquet("s3://taxi/trips/", columns=["zone", "fare"], filters=[("month", "==", 3)])
# xr.open_zarr("s3://climate/t2m.zarr")                         # one Dask chunk per Zarr chunk
# spark.read.format("iceberg").load("catalog.db.trips")          # table formats: through a catalog
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# The code on this slide is not executed because there is no bucket here, but the calls are the real ones.
# The important part is the credentials and connector setup, which is per engine: Spark reads fs.s3a
# properties, fsspec reads the usual AWS environment variables or storage_options. The next slide runs the
# Dask line on the local copy of our dataset.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask: `read_parquet` with `columns=` and `filters=`

# %%
import dask.dataframe as dd

march = dd.read_parquet(SCRATCH / "trips_by_month", columns=["zone", "fare"], filters=[("month", "==", 3)])
print("partitions:", march.npartitions, "| columns:", list(march.columns))
mean_fare = march.groupby("zone").fare.mean().compute().round(2)
mean_fare.to_frame("mean fare, March").T

# %% [markdown] slideshow={"slide_type": "notes"}
# The filter on the partition column removes five of the six month folders before any task is created,
# and only two columns are requested from the remaining file. With the data on S3 the code would be the
# same with an s3 URL and storage_options for the credentials. Deck 22 shows the query plan Dask builds
# for this kind of read.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what does a Parquet reader fetch first?
#
# A Dask worker must compute the mean `fare` for March from a 2 GB Parquet file on S3 that holds
# 20 columns, with row-group statistics. What is its **first** request?
#
# - **A.** `GET` the whole 2 GB object, then parse it in memory
# - **B.** `GET` with a `Range` for the **end** of the file, to read the footer
# - **C.** `GET` the first row group, which holds the schema
# - **D.** `LIST` the bucket to find the `fare` file

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: B.** The footer holds the schema, the offsets of every column chunk and the min/max statistics.
# Then it fetches only the `fare` (and filter) column chunks of the row groups that can match: a few MB.

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the recording we made a few slides ago: read one was the end of the file. C is the classic
# misconception; in Parquet the metadata is written last, because the writer only knows the offsets at the
# end. D confuses Parquet with a one-file-per-column layout, which is not how it works.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Takeaways
#
# - Object stores trade POSIX semantics for **scale, durability and price**: flat keys, whole-object
#   writes, HTTP verbs, strong consistency on S3 since December 2020
# - Each request costs **tens of ms**: use **large pieces** and **many parallel (range) requests**
# - **fsspec** gives Python one interface to local, memory, S3, GCS, Azure, HTTP
# - **Columnar, chunked, self-describing** formats let readers fetch only what they need:
#   Parquet for tables, Zarr for arrays, COG for imagery
# - **Iceberg / Delta Lake** add transactions and snapshots on top of the files
#
# **Deck 21** (the Python data stack) and **deck 22** (Dask) read exactly these formats.

# %% [markdown] slideshow={"slide_type": "notes"}
# If students remember one thing: the storage is slow per request and fast in aggregate, so the data layout
# decides the performance. Converting a pile of CSV files into a partitioned Parquet dataset is often the
# single best optimisation in a data project, and it is a good habit for the evaluation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - AWS, [*Amazon S3 update: strong read-after-write consistency*](https://aws.amazon.com/blogs/aws/amazon-s3-update-strong-read-after-write-consistency/)
#   (December 2020); the [S3 user guide on objects](https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingObjects.html)
#   (sizes, keys, metadata)
# - Formats: [Parquet file format](https://parquet.apache.org/docs/file-format/),
#   [Zarr v3 core specification](https://zarr-specs.readthedocs.io/en/latest/v3/core/index.html),
#   [OGC Cloud Optimized GeoTIFF](https://www.ogc.org/standards/ogc-cloud-optimized-geotiff/) (2023)
# - Tables: the [Apache Iceberg specification](https://iceberg.apache.org/spec/) (snapshots, manifests, commits)
# - Python: [fsspec documentation](https://filesystem-spec.readthedocs.io/en/latest/);
#   [pyarrow datasets](https://arrow.apache.org/docs/python/dataset.html) (partitioning, filters)

# %% [markdown] slideshow={"slide_type": "notes"}
# The AWS post explains what changed in 2020 and why data lakes needed it. The Parquet and Zarr pages are
# the specifications behind the two live demos (footer first, one object per chunk). Students who want to
# go further on table formats should read the Iceberg specification's sections on snapshots and commits.

# %% tags=["remove-cell"]
# Remove the scratch folder written by this deck.
import shutil

shutil.rmtree(SCRATCH, ignore_errors=True)
