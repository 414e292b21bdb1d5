# ---
# jupyter:
#   course:
#     title: Big Data Platforms, Hadoop and Beyond
#     day: 1
#     slot: 10:45-12:15
#     summary: "Hadoop (HDFS, MapReduce, YARN), data lakes and pipelines, HPC vs Big Data vs Cloud, CPU vs GPU"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Big Data Platforms, Hadoop and Beyond
#
# Big Data Processing & Distribution
#
# How Hadoop stores and processes data on many machines, how HPC, cloud and GPUs compare, and what replaced
# Hadoop's pieces.

# %% [markdown] slideshow={"slide_type": "notes"}
# This module opens the box of a big data platform. We take Hadoop as the reference design because its
# ideas (blocks, replicas, map and reduce, data locality) are still everywhere, then we compare it with HPC
# centres, the cloud and GPUs, and finish with what replaced each Hadoop component.

# %% tags=["remove-cell"]
import os
import random
import statistics
import time
import zlib
from collections import Counter, defaultdict

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib_inline.backend_inline import set_matplotlib_formats
from threadpoolctl import threadpool_limits

from course import digraph, table
from course.diagrams import PALETTE

set_matplotlib_formats("svg")   # crisp charts on the slides
threadpool_limits(1)            # NumPy on one core, like the Python loop: a fair timing on a shared machine
plt.rcParams.update({"figure.dpi": 100, "font.size": 13, "axes.spines.top": False,
                     "axes.spines.right": False, "axes.titlesize": 15})
BLOCK_COLOURS = ["#93c5fd", "#86efac", "#fcd34d", "#f9a8d4", "#c4b5fd", "#fdba74"]


def fit(dot, width=12, height=5):
    """Scale a Graphviz diagram to fill the slide: at most width x height inches (72 pt each)."""
    dot.attr(size=f"{width},{height}!")
    return dot


def median_seconds(fn, *args, repeat=5, number=1):
    """Median time per call over `repeat` rounds of `number` calls (the machine is shared and noisy)."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def keep_order(graph, names):
    """Put these nodes on one rank, in this order (Graphviz may otherwise permute them)."""
    graph.body.append("{rank=same; " + " -> ".join(f'"{name}"' for name in names) + " [style=invis]}")


def html_table(rows, header=None, colour="white"):
    """A Graphviz HTML-like label: an optional bold header, then one cell per row."""
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    top = f'<TR><TD BGCOLOR="{colour}"><B>{header}</B></TD></TR>' if header else ""
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1">{top}{cells}</TABLE>>'


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Roadmap
#
# 1. **Hadoop**: principles, cluster, history
# 2. **HDFS**: blocks, replicas, NameNode and DataNodes
# 3. **MapReduce**: a word count, step by step
# 4. **YARN** and data locality
# 5. **Data lakes and pipelines**
# 6. **HPC, Big Data and Cloud**, and their convergence (HPDA)
# 7. **CPU vs GPGPU**
# 8. **BI vs Big Data**, then **Hadoop's legacy**: what replaced what

# %% [markdown] slideshow={"slide_type": "notes"}
# A long module with many short parts. The first half is technical and hands-on: we run HDFS placement and a
# MapReduce word count in plain Python. The second half places Hadoop among other platforms.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 1. Hadoop
#
# **Guiding question: why build a reliable system out of unreliable, cheap machines?**
#
# - What Hadoop is, and its five design principles
# - The anatomy of a cluster: masters and workers
# - From Google's papers (2003, 2004) to Hadoop 3.5 (2026), and the vendors
# - A warm-up with `map`, `filter` and `reduce` in plain Python

# %% [markdown] slideshow={"slide_type": "notes"}
# Hadoop is the platform that made big data accessible outside Google. Even if you never install it, its
# vocabulary is the vocabulary of the whole field. Ask the guiding question and collect answers: cost,
# scale, and the fact that at thousands of machines something is always broken. About 15 minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What is Hadoop?
#
# An **Apache open-source framework** to **store** and **process** very large data sets
#
# - **distributed** over a cluster of tens to thousands of servers
# - on **commodity hardware**: ordinary, cheap servers with local disks
# - **fault tolerant**: disks and servers fail every day at that scale, the software copes
#
# Two core pieces from the start: **HDFS** (storage) and **MapReduce** (processing); **YARN** (resource
# management) was added with Hadoop 2.

# %% [markdown] slideshow={"slide_type": "notes"}
# The key design decision is cheap hardware plus clever software. Instead of buying reliable and expensive
# machines, Hadoop assumes that parts fail and handles it with replication and re-execution. That is what
# made storing petabytes affordable in the late 2000s.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Design principles
#
# - **Split the data** into large blocks spread over many servers with local disks
# - **Move the computation to the data**: run each piece of work on a server that holds its block
# - **Scale horizontally**: add servers to add both capacity and processing power, even while running
# - **Expect failures**: keep copies of every block, re-run the work of a dead server elsewhere
# - **Shared nothing**: servers only share the network, never disks or memory

# %% [markdown] slideshow={"slide_type": "notes"}
# These five principles explain every component we will see. Moving computation to the data was essential in
# 2006, when networks were slow compared with the aggregate speed of hundreds of local disks. Keep that in
# mind: we will see at the end why this argument is weaker today.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Anatomy of a Hadoop cluster

# %% tags=["hide-input"]
cluster = digraph(rankdir="TB", ranksep="0.5", nodesep="0.25")
with cluster.subgraph(name="cluster_masters") as masters:
    masters.attr(label="master nodes: metadata and cluster state", style="rounded", color="#64748b")
    for name in ["NameNode", "Standby NameNode", "ResourceManager"]:
        masters.node(name, name, fillcolor=PALETTE["control"])
    keep_order(masters, ["NameNode", "Standby NameNode", "ResourceManager"])
cluster.node("switch", "Ethernet switches", shape="box", fillcolor=PALETTE["neutral"], width="6")
with cluster.subgraph(name="cluster_workers") as workers:
    workers.attr(label="worker nodes: data blocks and tasks", style="rounded", color="#64748b", labelloc="b")
    for i in range(1, 6):
        workers.node(f"w{i}", html_table(["DataNode", "NodeManager", "disks: 12 x HDD"], f"worker {i}",
                                         PALETTE["compute"]), fillcolor=PALETTE["storage"])
    keep_order(workers, [f"w{i}" for i in range(1, 6)])
for name in ["NameNode", "Standby NameNode", "ResourceManager"]:
    cluster.edge(name, "switch", arrowhead="none")
for i in range(1, 6):
    cluster.edge("switch", f"w{i}", arrowhead="none")
fit(cluster, 12, 4.8)

# %% [markdown] slideshow={"slide_type": "notes"}
# A few master nodes know where everything is and who does what: the NameNode for files, the ResourceManager
# for computing resources, plus a standby NameNode for failover. Many identical workers hold the data blocks
# and run the tasks. Every worker runs two daemons, a DataNode for storage and a NodeManager for computing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From Google's papers to Hadoop

# %% tags=["hide-input"]
EVENTS = [
    (2002.8, "Nutch web crawler\n(D. Cutting, M. Cafarella)"), (2003.8, "Google File System paper"),
    (2004.9, "Google MapReduce paper"), (2006.1, "Hadoop split out of Nutch,\nCutting joins Yahoo"),
    (2008.05, "Apache top-level project"), (2008.5, "Terabyte sort record\n(209 s, 910 nodes)"),
    (2009.4, "1 TB sorted in 62 s\n(1,460 nodes)"), (2011.95, "Hadoop 1.0"), (2013.8, "Hadoop 2.2:\nYARN GA"),
    (2014.4, "Spark 1.0"), (2017.95, "Hadoop 3.0:\nerasure coding"),
    (2026.2, "Hadoop 3.4.3 (Feb.),\n3.5.0 (Apr. 2026)"),
]
fig, ax = plt.subplots(figsize=(12, 5))
ax.axhline(0, color="#334155", lw=2)
for i, (when, label) in enumerate(EVENTS):
    height = [1.0, -1.0, 2.0, -2.0][i % 4]
    ax.plot([when, when], [0, height * 0.85], color="#94a3b8", lw=1)
    ax.plot(when, 0, "o", color="#1e3a8a")
    ax.text(when, height, label, ha="center", va="center", fontsize=12,
            bbox=dict(boxstyle="round", fc="#dbeafe" if "Hadoop" in label else "#f1f5f9", ec="#94a3b8"))
ax.set_ylim(-2.5, 2.5), ax.set_xlim(2001, 2028), ax.set_yticks([]), ax.spines["left"].set_visible(False)
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "notes"}
# Hadoop is the open-source answer to two Google papers: the Google File System in 2003 and MapReduce in 2004.
# Doug Cutting and Mike Cafarella re-implemented them for their Nutch search engine, then Yahoo hired Cutting
# and funded Hadoop as a separate project in 2006. Yahoo's sort records convinced the industry: 1 TB in
# 209 s on 910 nodes in July 2008, then 62 s on 1,460 nodes in 2009. Hadoop is still released today: 3.4.3
# in February 2026 and 3.5.0, the first line to require Java 17 on servers, in April 2026. But the action
# moved to Spark and the cloud after 2014. Dates: Hadoop's releases page and Yahoo's 2008 announcement,
# linked on the last slide.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## An ecosystem and its vendors
#
# - Dozens of Apache projects grew around the core, each with its own community and release cycle: Hive,
#   HBase, Pig, Sqoop, Oozie, ZooKeeper, Spark, Kafka...
# - Assembling compatible versions was hard, so **distributions** sold tested bundles and support:
#   - **Cloudera** and **Hortonworks** (merged, deal closed in January 2019)
#   - **MapR** (bought by HPE in 2019, now HPE Ezmeral Data Fabric)
#   - cloud services: Amazon EMR, Google Dataproc, Azure HDInsight
# - The market consolidated as companies moved to the cloud and to Spark

# %% [markdown] slideshow={"slide_type": "notes"}
# In the early 2010s a "Hadoop distribution" was a big business, a bit like Linux distributions. The merger of
# the two leaders in 2019 is a good marker of the end of that era. Managed cloud services such as EMR and
# Dataproc still run Hadoop and Spark clusters on demand.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Warm-up: map, filter, reduce in Python
#
# MapReduce borrows two ideas from functional programming. Python has them built in:

# %%
from functools import reduce

words = "sun moon star moon star comet".split()
lengths = list(map(len, words))                          # apply a function to every element
long_words = list(filter(lambda w: len(w) > 3, words))   # keep the elements that pass a test
total = reduce(lambda a, b: a + b, lengths)              # combine all elements into one value
print(lengths, long_words, total, sep="\n")

# %% [markdown] slideshow={"slide_type": "notes"}
# `map` transforms each element independently: perfect for parallelism, because no element depends on
# another. `reduce` combines elements pairwise: if the combining function is associative, the combination can
# also be done in parallel, as a tree. Keep these two properties in mind for the word count.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 2. HDFS, the Hadoop Distributed File System
#
# **Guiding question: how do you lose a disk, a server or a rack without losing a file?**
#
# - Blocks of 128 MB, computed for a few file sizes
# - Replication vs erasure coding: space and safety
# - Rack-aware placement, computed and drawn; what happens when a DataNode dies
# - NameNode, DataNodes and the write pipeline

# %% [markdown] slideshow={"slide_type": "notes"}
# HDFS is the storage half of Hadoop. We look at how it cuts files into blocks, where it puts the copies, and
# what happens when a server dies. Every placement in this part is computed by the code on the slides.
# About 20 minutes with the quiz.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## HDFS in a nutshell
#
# - Written in Java, modelled on Google's GFS: one of the first **software-defined** storage systems
# - Stores huge files, structured or not, on the local disks of the cluster's workers
# - **Write once, read many**: append is possible, editing in place is not
# - Files are cut into **blocks of 128 MB** (default, configurable per file)
# - Each block is stored **3 times** (default replication factor) on different nodes
# - Hadoop 3 adds **erasure coding**: similar safety for far less extra space

# %% [markdown] slideshow={"slide_type": "notes"}
# Large blocks keep the metadata small and favour long sequential reads, which is what disks are good at.
# Write-once semantics make replication simple: a block never changes after it is written, so the three
# copies cannot diverge.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Cutting a file into blocks

# %%
BLOCK_MB = 128                                   # the HDFS default block size

def split_blocks(size_mb, block=BLOCK_MB):
    """Sizes of the blocks of a file: full blocks, then the remainder."""
    full, rest = divmod(size_mb, block)
    return [block] * full + ([rest] if rest else [])

for size in [100, 320, 1000]:
    print(f"{size:5} MB -> {split_blocks(size)}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The last block only takes the space it needs: a 64 MB block uses 64 MB of disk, not 128.

# %% [markdown] slideshow={"slide_type": "notes"}
# A 320 MB file becomes two full blocks and one of 64 MB. Blocks are the unit of everything in HDFS:
# placement, replication, and later the unit of work of a map task. A common mistake is to think that small
# files waste 128 MB each; they do not waste disk, but each one costs NameNode memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Replication vs erasure coding
#
# Raw disk needed to store 1 TB of data, and how many lost disks it survives:

# %%
SCHEMES = {"3 replicas": (1, 2), "RS(6,3)": (6, 3), "RS(10,4)": (10, 4)}   # (data units, redundancy units)
storage = pd.DataFrame([
    {"scheme": name, "extra space %": 100 * extra / data, "raw TB for 1 TB": (data + extra) / data,
     "losses survived": extra}
    for name, (data, extra) in SCHEMES.items()
])
storage.style.format({"extra space %": "{:.0f}", "raw TB for 1 TB": "{:.1f}"}).hide(axis="index")

# %% [markdown] slideshow={"slide_type": "notes"}
# Reed-Solomon RS(6,3) cuts data into 6 pieces and computes 3 parity pieces: any 6 of the 9 are enough to
# rebuild the data. It survives three losses for 50 % extra space, where triple replication survives two for
# 200 %. The price is CPU for encoding and slower recovery and reads, so erasure coding is mostly used for
# colder data.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Where do the replicas go? Rack awareness
#
# Default rule: 1st copy on the writer's node (or a random one), 2nd on **another rack**, 3rd on another node
# of **that same remote rack**.

# %%
RACKS = {"rack 1": ["dn1", "dn2", "dn3"], "rack 2": ["dn4", "dn5", "dn6"]}
RACK_OF = {node: rack for rack, nodes in RACKS.items() for node in nodes}

def place_blocks(n_blocks, seed=4):
    rnd, placement = random.Random(seed), {}
    for b in range(n_blocks):
        first = rnd.choice(sorted(RACK_OF))                   # client outside the cluster: any node
        remote = rnd.choice([r for r in RACKS if r != RACK_OF[first]])
        placement[f"blk_{b}"] = [first, *rnd.sample(RACKS[remote], 2)]
    return placement

placement = place_blocks(len(split_blocks(320)))
placement

# %% [markdown] slideshow={"slide_type": "notes"}
# Why this rule? Two racks means the data survives the loss of a whole rack, for example a dead switch. Only
# two racks rather than three means a single write crosses the slow inter-rack link only once. The seed makes
# the placement reproducible; HDFS itself also balances by free space and load.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The placement, drawn from the computed result

# %% tags=["hide-input"]
def datanode_cell(node, placement):
    held = "".join(f'<TR><TD BGCOLOR="{BLOCK_COLOURS[i]}">{b}</TD></TR>'
                   for i, (b, where) in enumerate(placement.items()) if node in where)
    return (f'<TD PORT="{node}" BGCOLOR="{PALETTE["storage"]}" STYLE="rounded" BORDER="1" VALIGN="TOP">'
            f'<TABLE BORDER="0" CELLSPACING="2"><TR><TD><B>{node}</B></TD></TR>{held}</TABLE></TD>')

def draw_placement(placement, sizes, name="survey.csv"):
    dot = digraph(rankdir="TB", ranksep="0.9", nodesep="0.35")
    cells = "".join(f'<TD PORT="{b}" BGCOLOR="{BLOCK_COLOURS[i]}">{b}<BR/>{sizes[i]} MB</TD>'
                    for i, b in enumerate(placement))
    dot.node("file", f'<<TABLE BORDER="0" CELLSPACING="4"><TR><TD><B>{name}</B><BR/>{sum(sizes)} MB</TD>'
                     f"{cells}</TR></TABLE>>", fillcolor="white")
    dot.node("nn", html_table([f"{b}: {', '.join(n)}" for b, n in placement.items()], "NameNode: block map",
                              PALETTE["control"]), fillcolor="white")
    racks = "".join(f'<TD STYLE="rounded" BORDER="1" COLOR="#64748b"><TABLE BORDER="0" CELLSPACING="10"><TR>'
                    f'{"".join(datanode_cell(node, placement) for node in nodes)}</TR>'
                    f'<TR><TD COLSPAN="{len(nodes)}">{rack}</TD></TR></TABLE></TD>' for rack, nodes in RACKS.items())
    dot.node("racks", f'<<TABLE BORDER="0" CELLSPACING="12"><TR>{racks}</TR></TABLE>>', shape="plain", style="")
    for i, (b, where) in enumerate(placement.items()):
        for node in where:
            dot.edge(f"file:{b}:s", f"racks:{node}:n", color=BLOCK_COLOURS[i], penwidth="2.5")
    return dot

fit(draw_placement(placement, split_blocks(320)), 12, 5)

# %% [markdown] slideshow={"slide_type": "notes"}
# This picture is computed from the placement of the previous slide: each coloured block goes to three
# DataNodes, always across both racks. The NameNode only keeps the table on the right, in memory: which blocks
# make a file and where each block lives. The DataNodes only know which blocks they hold.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## When a DataNode dies

# %%
def after_failure(placement, dead):
    """Which blocks lost a copy, and a new home for each: a node without it, on the emptiest rack."""
    for block, nodes in placement.items():
        alive = [n for n in nodes if n != dead]
        if len(alive) == len(nodes):
            print(f"{block}: {nodes} untouched")
            continue
        spare = [n for n in sorted(RACK_OF) if n not in nodes]
        target = min(spare, key=lambda n: sum(RACK_OF[m] == RACK_OF[n] for m in alive))
        print(f"{block}: {len(alive)} copies left on {alive} -> copy from {alive[0]} to {target}")

after_failure(placement, dead=placement["blk_0"][1])

# %% [markdown] slideshow={"slide_type": "notes"}
# DataNodes send a heartbeat to the NameNode every few seconds. When one goes silent for about ten minutes,
# the NameNode marks it dead, finds the under-replicated blocks and asks surviving DataNodes to copy them to
# other nodes, keeping copies on both racks: look at blk_1, whose two survivors are in rack 1. No data is lost and no human is involved, as long as fewer than three copies die at once.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## NameNode and DataNodes
#
# **NameNode** (one active per namespace, on a dedicated master)
#
# - holds the namespace: directories, files, permissions, and the list of blocks of each file
# - knows which DataNodes hold each block; decides placement, re-replication, deletion
# - keeps all metadata **in memory**: losing it means losing the file system, so it is replicated (standby
#   NameNode, journal nodes)
#
# **DataNode** (one on every worker)
#
# - stores blocks as plain files on local disks, serves reads and writes to clients
# - reports its blocks and sends heartbeats to the NameNode

# %% [markdown] slideshow={"slide_type": "notes"}
# The NameNode is the brain and, historically, the weak point: in Hadoop 1 it was a single point of failure.
# High availability with a standby NameNode arrived with Hadoop 2. Because all metadata lives in memory,
# millions of small files can exhaust the NameNode's RAM; this is the famous "small files problem".

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Writing a file: the pipeline

# %% tags=["hide-input"]
write = digraph(rankdir="TB", ranksep="1.0", nodesep="0.9")
write.node("client", "HDFS client\n(hdfs dfs -put, Spark...)", fillcolor=PALETTE["data"])
write.node("nn", "NameNode", fillcolor=PALETTE["control"])
write.body.append("{rank=same; client; nn}")
first, second, third = placement["blk_0"]
for node in placement["blk_0"]:
    write.node(node, f"DataNode {node}\n({RACK_OF[node]})", fillcolor=PALETTE["storage"])
write.edge("client", "nn", "1. create file,\nask for DataNodes")
write.edge("nn", "client", f"2. blk_0 -> {first}, {second}, {third}", style="dashed")
write.edge("client", first, "3. stream packets", penwidth="2")
write.edge(first, second, "4. forward", penwidth="2")
write.edge(second, third, "5. forward", penwidth="2")
write.edge(third, "client", "6. acks flow back", style="dashed", constraint="false")
keep_order(write, placement["blk_0"])
fit(write, 12, 4.2)

# %% [markdown]
# Reading is simpler: the client asks the NameNode for block locations, then reads each block from the
# **closest** DataNode.

# %% [markdown] slideshow={"slide_type": "notes"}
# The client never sends data through the NameNode, only metadata requests. Data flows in a chain from
# DataNode to DataNode, so the client uploads each byte only once even though three copies are written. The
# nodes in this diagram are the ones computed for block zero on the placement slide.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz 1: blocks and replicas
#
# With the default settings, you put a 300 MB file into HDFS. How many blocks does it have, and how much raw
# disk does it use?
#
# - A. 1 block, 300 MB
# - B. 3 blocks, 900 MB
# - C. 3 blocks, 1,152 MB (3 × 3 × 128 MB)
# - D. 2 blocks, 600 MB

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B. Blocks of 128 + 128 + 44 MB; each stored 3 times: 3 × 300 = 900 MB. The last
# block only uses the space it needs.</p>

# %% [markdown] slideshow={"slide_type": "notes"}
# C is the classic trap: the last block is not padded to 128 MB. D forgets that 300 is more than 256. If time
# allows, ask what changes with RS(6,3) erasure coding: the raw space drops to about 450 MB.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 3. MapReduce
#
# **Guiding question: which step of a distributed job moves the most data?**
#
# - The programming model: you write map and reduce, the framework does the rest
# - A word count in four steps, in plain Python, every intermediate result printed
# - Combiners, fault tolerance, and the limits that led to Spark

# %% [markdown] slideshow={"slide_type": "notes"}
# Now the processing half. We write the whole MapReduce data flow in plain Python so that every
# intermediate result is visible; deck 03 (Spark) does the same in Spark. About 20 minutes; the quiz at the
# end answers the guiding question.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The MapReduce idea
#
# - A programming model from functional programming, made famous by Google for building its web index
# - The programmer writes only two functions:
#   - **map**(record) → list of (key, value) pairs
#   - **reduce**(key, all values of that key) → result
# - The framework does the rest: splitting the input, running tasks **where the blocks are**, moving and
#   grouping the intermediate pairs (**shuffle**), retrying failed tasks
# - Built for very large inputs and batch jobs; every step reads from and writes to disk

# %% [markdown] slideshow={"slide_type": "notes"}
# The genius of MapReduce is what it hides. Thousands of engineers at Google could write distributed jobs
# without knowing anything about networking or failures. The price is a rigid model: everything must be
# expressed as one map and one reduce, possibly chained.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The data flow

# %% tags=["hide-input"]
flow = digraph(rankdir="LR", ranksep="0.6", nodesep="0.2")
for i in range(3):
    flow.node(f"s{i}", f"split {i}\n(HDFS block)", fillcolor=PALETTE["storage"])
    flow.node(f"m{i}", f"map task {i}", fillcolor=PALETTE["compute"])
    flow.edge(f"s{i}", f"m{i}")
for r in range(2):
    flow.node(f"r{r}", f"reduce task {r}", fillcolor=PALETTE["compute"])
    flow.node(f"o{r}", f"output part {r}\n(HDFS)", fillcolor=PALETTE["storage"])
    flow.edge(f"r{r}", f"o{r}")
    for i in range(3):
        flow.edge(f"m{i}", f"r{r}", color="#b45309", label="shuffle" if (i, r) == (1, 0) else "")
for group in (["s0", "s1", "s2"], ["m0", "m1", "m2"], ["r0", "r1"]):
    keep_order(flow, group)
flow.node("note", "sort + group by key\n(over the network)", shape="note", fillcolor=PALETTE["control"])
flow.edge("note", "r0", style="dotted", arrowhead="none")
fit(flow, 12, 4.6)

# %% [markdown] slideshow={"slide_type": "notes"}
# Maps run in parallel, one per input split, ideally on the node that holds the block. Each map output is
# partitioned by key, one partition per reducer. In the shuffle every reducer fetches its partition from every
# mapper: that is the all-to-all arrow pattern in orange, and the expensive part of the job.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count 1/4: input splits and map

# %%
splits = ["sun moon star", "moon star comet", "star sun star"]   # one split per HDFS block

def map_phase(split):
    """map: one (word, 1) pair per word of the split."""
    return [(word, 1) for word in split.lower().split()]

mapped = [map_phase(split) for split in splits]     # on a cluster: 3 map tasks in parallel
for i, pairs in enumerate(mapped):
    print(f"map {i}: {pairs}")

# %% [markdown] slideshow={"slide_type": "notes"}
# Each split is processed on its own, with no knowledge of the others: that is why maps parallelise
# perfectly. The output of a map is not a count yet, only a stream of key-value pairs with the value one.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count 2/4: shuffle and sort

# %%
def partition(word, n_reducers=2):
    return zlib.crc32(word.encode()) % n_reducers   # a stable hash: same word, same reducer

def shuffle_phase(mapped, n_reducers=2):
    """Route every pair to its reducer, then sort and group the values by key."""
    buckets = [defaultdict(list) for _ in range(n_reducers)]
    for word, one in sorted(pair for pairs in mapped for pair in pairs):
        buckets[partition(word, n_reducers)][word].append(one)
    return [dict(bucket) for bucket in buckets]

shuffled = shuffle_phase(mapped)
for r, groups in enumerate(shuffled):
    print(f"reducer {r} receives: {groups}")

# %% [markdown] slideshow={"slide_type": "notes"}
# The partition function decides which reducer owns a word; every occurrence of a word, from every map, must
# land on the same reducer. Python's built-in hash of strings changes between runs, so we use a CRC instead,
# as Hadoop uses a deterministic hash. After sorting, each reducer sees every key once with all its values.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count 3/4: reduce

# %%
def reduce_phase(word, ones):
    """reduce: combine all the values of one key."""
    return word, sum(ones)

reduced = [[reduce_phase(word, ones) for word, ones in groups.items()] for groups in shuffled]
for r, results in enumerate(reduced):
    print(f"reducer {r} writes part-{r:05d}: {results}")

counts = dict(pair for results in reduced for pair in results)
assert counts == Counter(" ".join(splits).split())           # same answer as a one-machine count
counts

# %% [markdown] slideshow={"slide_type": "notes"}
# Each reducer writes its own output file, named like Hadoop's part files. The final check compares with
# Python's Counter on one machine: distribution must never change the result, only the time it takes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Word count 4/4: the whole job, drawn from the results

# %% tags=["hide-input"]
def draw_wordcount(splits, mapped, shuffled, reduced):
    dot = digraph(rankdir="LR", ranksep="0.7", nodesep="0.25")
    for i, (split, pairs) in enumerate(zip(splits, mapped)):
        dot.node(f"s{i}", f"split {i}\n{split}", fillcolor=PALETTE["storage"])
        dot.node(f"m{i}", "\n".join(f"({w}, {v})" for w, v in pairs), fillcolor=PALETTE["compute"])
        dot.edge(f"s{i}", f"m{i}", "map")
        for r, groups in enumerate(shuffled):
            sent = sorted({w for w, _ in pairs if w in groups})
            if sent:
                dot.edge(f"m{i}", f"r{r}", ", ".join(sent), color="#b45309", fontcolor="#b45309")
    for r, (groups, results) in enumerate(zip(shuffled, reduced)):
        dot.node(f"r{r}", "\n".join(f"{w}: {v}" for w, v in groups.items()), fillcolor=PALETTE["control"])
        dot.node(f"o{r}", "\n".join(f"{w} {c}" for w, c in results), fillcolor=PALETTE["storage"])
        dot.edge(f"r{r}", f"o{r}", "reduce")
    for group in (["s0", "s1", "s2"], ["m0", "m1", "m2"], ["r0", "r1"]):
        keep_order(dot, group)
    return dot

fit(draw_wordcount(splits, mapped, shuffled, reduced), 12, 5.2)

# %% [markdown] slideshow={"slide_type": "notes"}
# Everything on this diagram comes from the variables computed on the last three slides: change the text and
# rebuild, the diagram follows. Blue: data on HDFS. Green: map outputs. Yellow: what each reducer receives
# after the shuffle. The orange labels show which words travel over the network to which reducer.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Combiners: shrink the shuffle
#
# A **combiner** runs the reduce logic on each map's output before the shuffle (valid when reduce is
# associative and commutative, like a sum). On a larger, seeded corpus:

# %%
rng = np.random.default_rng(3)
vocabulary = [f"w{i}" for i in range(500)]
weights = 1 / np.arange(1, 501); weights /= weights.sum()          # Zipf-like: a few very common words
corpus = [" ".join(rng.choice(vocabulary, 2_000, p=weights)) for _ in range(20)]    # 20 splits

without = sum(len(map_phase(split)) for split in corpus)                       # pairs sent as (w, 1)
with_combiner = sum(len(Counter(split.split())) for split in corpus)           # one (w, n) per split
print(f"pairs shuffled without combiner: {without:,}")
print(f"pairs shuffled with combiner:    {with_combiner:,} ({with_combiner / without:.0%})")

# %% [markdown] slideshow={"slide_type": "notes"}
# Real text follows a Zipf law: a few words are extremely frequent. Summing locally on each mapper first
# sends one pair per distinct word and split instead of one per occurrence: here more than 80 % fewer
# pairs cross the network. Spark does the same automatically with `reduceByKey`, which we will meet in deck 03.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Fault tolerance, and the limits of MapReduce
#
# **Fault tolerance for free**
#
# - inputs are replicated on HDFS; map outputs stay on the mappers' local disks
# - a failed or slow task is simply re-run on another node (speculative execution for stragglers)
#
# **But**
#
# - every job writes its results to HDFS; a chain of jobs pays disk and replication at every step
# - iterative algorithms (machine learning, graphs) re-read the same data at every iteration
# - low-level, verbose Java; no interactive use
#
# → Spark (2014) keeps intermediate data in memory and offers a much richer API.

# %% [markdown] slideshow={"slide_type": "notes"}
# Re-execution works because map and reduce functions are deterministic and have no side effects: running a
# task twice gives the same output. The same property is what makes Spark and Dask fault tolerant. The
# weakness is performance for multi-step work, which is exactly what Spark was designed to fix.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz 2: the hidden step
#
# In a distributed MapReduce job, which step is not written by the programmer but moves the most data over
# the network?
#
# - A. Map
# - B. Shuffle (and sort)
# - C. Reduce
# - D. Split

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: B. The shuffle routes every (key, value) pair to the reducer that owns its key:
# an all-to-all exchange between nodes.</p>

# %% [markdown] slideshow={"slide_type": "notes"}
# Split is also done by the framework, but it moves no data: it only computes byte ranges, aligned with HDFS
# blocks. Tuning big data jobs, in Hadoop or Spark, is largely about reducing the shuffle: combiners, fewer
# wide operations, better partitioning.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 4. YARN and data locality
#
# **Guiding question: should the computation still go to the data in 2026?**
#
# - Hadoop 1 vs Hadoop 2: separating resources from job execution
# - YARN's architecture and the life of an application
# - Data locality then and now, computed from the hardware of 2008 and 2026

# %% [markdown] slideshow={"slide_type": "notes"}
# With Hadoop 2, the resource management part of MapReduce became a separate component, YARN. This is what
# allowed Spark and other engines to run on Hadoop clusters. The last slide of this part answers the guiding
# question with numbers. About 15 minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From Hadoop 1 to Hadoop 2: YARN
#
# YARN, "Yet Another Resource Negotiator" (Hadoop 2, GA in 2013), separates **resource management** from
# **job execution**.

# %% tags=["hide-input"]
def stack(title, layers):
    """A layer cake as a Graphviz HTML table: layers listed top to bottom, each a list of (text, kind)."""
    width = max(len(layer) for layer in layers)
    rows = "".join("<TR>" + "".join(
        f'<TD COLSPAN="{width // len(layer)}" BGCOLOR="{PALETTE[kind]}" BORDER="1">{text}</TD>'
        for text, kind in layer) + "</TR>" for layer in layers)
    return f'<<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="8"><TR><TD COLSPAN="{width}"><B>{title}</B></TD></TR>{rows}</TABLE>>'

yarn_stack = digraph(rankdir="LR", ranksep="0.8")
yarn_stack.attr("node", shape="plain", style="")
yarn_stack.node("h1", stack("Hadoop 1", [[("batch jobs only", "neutral")],
                                        [("MapReduce: resources + processing", "compute")],
                                        [("HDFS", "storage")]]))
yarn_stack.node("h2", stack("Hadoop 2 and 3", [[("batch", "neutral"), ("interactive", "neutral"),
                                               ("streaming", "neutral"), ("ML", "neutral")],
                                              [("MapReduce", "compute"), ("Spark", "compute"), ("Tez", "compute"),
                                               ("others", "compute")],
                                              [("YARN: cluster resources", "control")],
                                              [("HDFS (federation, HA, erasure coding)", "storage")]]))
yarn_stack.edge("h1", "h2", "2013")
fit(yarn_stack, 12, 3.8)

# %% [markdown] slideshow={"slide_type": "notes"}
# In Hadoop 1 the MapReduce JobTracker did everything: tracking machines, scheduling tasks, and following
# jobs. It did not scale past a few thousand nodes and only ran MapReduce. YARN keeps only cluster resources
# in a central daemon and lets each application manage itself, so any engine, Spark included, can share the
# cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## YARN architecture

# %% tags=["hide-input"]
yarn = digraph(rankdir="TB", ranksep="1.1", nodesep="1.0")
yarn.node("client", "client\n(spark-submit, yarn jar)", fillcolor=PALETTE["data"])
yarn.node("rm", html_table(["Scheduler", "ApplicationsManager"], "ResourceManager", PALETTE["control"]),
          fillcolor="white")
yarn.body.append("{rank=same; client; rm}")
NODES = {"nm1": ["ApplicationMaster (app 1)", "container: task"], "nm2": ["container: task", "container: task"],
         "nm3": ["container: task", "(free resources)"]}
for nm, containers in NODES.items():
    yarn.node(nm, html_table(containers, f"NodeManager {nm[-1]}", PALETTE["compute"]), fillcolor="white")
yarn.edge("client", "rm", "1. submit application")
yarn.edge("rm", "nm1", "2. start the AM")
yarn.edge("nm1", "rm", "3. AM asks for containers", style="dashed")
yarn.edge("nm1", "nm2", "4. launch tasks", color="#b45309", fontcolor="#b45309")
keep_order(yarn, ["nm1", "nm2", "nm3"])
yarn.edge("nm1", "nm3", color="#b45309", constraint="false")
for nm in ["nm2", "nm3"]:
    yarn.edge(nm, "rm", "heartbeats" if nm == "nm3" else "", style="dotted")
fit(yarn, 12, 4.6)

# %% [markdown] slideshow={"slide_type": "notes"}
# The ResourceManager knows the free memory and cores of every NodeManager through heartbeats. For each
# application it starts an ApplicationMaster in a first container; the ApplicationMaster then negotiates more
# containers and launches its tasks in them through the NodeManagers. A container is a slice of one node's
# CPU and memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Life of a YARN application
#
# 1. The client submits the application (a jar, a Spark job) to the **ResourceManager**
# 2. The RM picks a node and asks its **NodeManager** to start the **ApplicationMaster** in a container
# 3. The AM asks the RM for containers, ideally **on the nodes that hold its input blocks**
# 4. The RM's scheduler (FIFO, capacity or fair queues) grants containers as resources free up
# 5. The AM launches tasks in the containers, follows them, and re-requests containers for failed tasks
# 6. When the job ends, the AM unregisters and its containers are released
#
# Spark on YARN: the Spark driver runs in (or talks to) the AM; executors are YARN containers.

# %% [markdown] slideshow={"slide_type": "notes"}
# This two-level design is why YARN scales: the RM only hands out resources, it does not follow tasks. The
# same pattern reappears in Kubernetes, which we will study on day 2: a central scheduler grants pods, and an
# operator or driver specific to each application manages its own work.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Data locality
#
# The scheduler tries to run each task where its data is, in this order of preference:
#
# 1. **node-local**: the block is on the node's own disk, no network at all
# 2. **rack-local**: the block is on another node of the same rack, one switch hop
# 3. **off-rack**: the block crosses the oversubscribed core network
#
# Why it mattered so much: many tasks per node share a network card, while each task can have its own disk.

# %% [markdown] slideshow={"slide_type": "notes"}
# Locality is a preference, not a rule: if no slot is free on a node holding the block, the scheduler waits
# briefly, then accepts a rack-local slot, then any slot. Spark uses the same levels, and prints them in its
# user interface for every task.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Data locality, then and now
#
# Every task on every node reads at once. **Computed from published hardware figures, not measured:**

# %%
NODES = {   # per node, in GB/s; the 2026 node keeps the four drives of Yahoo's 2008 nodes
    "2008 Hadoop worker": dict(drives=4, drive=0.085, nic=1 / 8, off_rack=8 / 8 / 40),  # 40 nodes share 8 Gb/s
    "2026 node": dict(drives=4, drive=28.0, nic=800 / 8, off_rack=800 / 8),             # non-blocking fabric
}
locality = pd.DataFrame([{"node": name, "local drives (GB/s)": n["drives"] * n["drive"], "network (GB/s)": n["nic"],
                          "off-rack share (GB/s)": n["off_rack"]} for name, n in NODES.items()])
locality["off-rack read: x slower"] = locality["local drives (GB/s)"] / locality["off-rack share (GB/s)"]
print(f"reading off-rack: {locality.iloc[0, -1]:.1f}x slower than local drives in 2008, "
      f"{locality.iloc[1, -1]:.1f}x in 2026 (computed, not measured)")
table(locality.set_index("node").map("{:.3g}".format).reset_index(), size=19)

# %% [markdown]
# *2008: Yahoo's sort cluster, SATA disks of about 85 MB/s, 1 Gb/s per node, 8 Gb/s of uplinks per rack of 40.
# 2026: PCIe 6.0 SSDs (Micron 9650), an 800 Gb/s NIC (ConnectX-8), an assumed non-blocking fabric. Links: last
# slide.*

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the last column. In 2008, when every node read its input from another rack, the rack uplinks gave each
# node a fortieth of 8 Gb/s: reading remotely was more than ten times slower than reading the local disks, so
# moving the computation to the data was decisive, and YARN's locality levels follow from that. By 2011 a
# measurement on Facebook's Hadoop cluster already found rack-local tasks as fast as node-local ones in 85 %
# of jobs (Ananthanarayanan et al., HotOS 2011, on the last slide). In 2026 one network card matches four of
# the fastest SSDs and modern fabrics give every node its full bandwidth across racks: a remote read costs
# about the same as a local one. That is the technical reason why cloud platforms can separate storage from
# compute. Be honest about the limits: these are peak figures, a node with many more SSDs would again read
# faster locally, and that is why engines cache hot data on local SSDs. Ask: where does locality still matter?
# (Memory and GPUs: keeping data in RAM or in GPU memory, as the GPU section will show.)

# %% [markdown] slideshow={"slide_type": "slide"}
# # 5. Data lakes and data pipelines
#
# **Guiding question: where should an organisation keep its data, and who moves it?**
#
# - From process-centric to data-centric; what a data lake is, its zones, a space-agency example
# - From data lake to lakehouse: open table formats
# - Pipelines as DAGs, executed and drawn, and the tools that run them

# %% [markdown] slideshow={"slide_type": "notes"}
# Cheap, scalable storage changed how organisations manage data: instead of many small databases, one big
# store for everything. Then we need pipelines to move and transform that data automatically. About 20
# minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From process-centric to data-centric

# %% tags=["hide-input"]
centric = digraph(rankdir="TB", ranksep="0.6", nodesep="0.3")
with centric.subgraph(name="cluster_process") as left:
    left.attr(label="process-centric", style="rounded", color="#64748b", fontsize="18")
    for n, app in enumerate(["billing", "CRM", "logistics"], 1):
        left.node(f"app_{app}", app, fillcolor=PALETTE["compute"])
        left.node(f"db_{app}", f"{app} DB\ncustomers v{n}", shape="cylinder", fillcolor=PALETTE["storage"])
        left.edge(f"app_{app}", f"db_{app}")
    left.edge("db_billing", "db_CRM", "copy", style="dashed", constraint="false")
    left.edge("db_CRM", "db_logistics", "export", style="dashed", constraint="false")
    keep_order(left, ["app_billing", "app_CRM", "app_logistics"])
with centric.subgraph(name="cluster_data") as right:
    right.attr(label="data-centric", style="rounded", color="#64748b", fontsize="18")
    right.node("lake", "data lake\nall data, one copy", shape="cylinder", fillcolor=PALETTE["storage"])
    for app in ["BI", "ML", "apps", "science"]:
        right.node(f"use_{app}", app, fillcolor=PALETTE["compute"])
        right.edge(f"use_{app}", "lake", dir="both")
fit(centric, 12, 4.4)

# %% [markdown] slideshow={"slide_type": "notes"}
# On the left, the classic situation: each application has its own database with only the data it needs, and
# data is copied between them, so copies drift apart. On the right, all data, internal and external, lands
# once in a shared store, and every application reads from it. Keeping everything became affordable with
# HDFS and then object storage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a data lake is
#
# - A store for **any kind of data at any stage**: raw files, cleaned tables, aggregates, model outputs
# - Structured (tables), semi-structured (JSON, logs) and unstructured data (PDF, images, audio)
# - **Schema on read**: store first, decide the structure when reading; a data warehouse does **schema on
#   write** (clean, model, then load)
# - Keeps the history: raw data can be reprocessed when the processing improves
# - Needs a **catalogue** and **governance**, otherwise it turns into a "data swamp"

# %% [markdown] slideshow={"slide_type": "notes"}
# The promise is flexibility: you do not need to know all questions in advance. The risk is just as real:
# without metadata, ownership and access rules, nobody can find or trust anything in the lake. That is why
# every serious data lake project starts with a catalogue.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Zones of a data lake

# %% tags=["hide-input"]
ZONES = {"raw": "as received,\nimmutable", "curated": "cleaned, typed,\njoined (Parquet)",
         "consumption": "aggregates,\nfeatures, views"}
lake = digraph(rankdir="LR", ranksep="0.45", nodesep="0.25")
for src in ["databases", "files, FTP, S3", "logs, IoT streams", "open data"]:
    lake.node(src, src, fillcolor=PALETTE["data"])
    lake.edge(src, "ingest")
lake.node("ingest", "ingestion\nbatch + stream", fillcolor=PALETTE["compute"])
with lake.subgraph(name="cluster_zones") as zones:
    zones.attr(label="catalogue, lineage, access control", labelloc="b", style="rounded,filled",
               fillcolor="#fffbeb", color="#d97706", fontsize="15")
    for zone, what in ZONES.items():
        zones.node(zone, f"{zone} zone\n{what}", shape="cylinder", fillcolor=PALETTE["storage"])
lake.edges([("ingest", "raw"), ("raw", "curated"), ("curated", "consumption")])
for use in ["BI dashboards", "ML training", "APIs, apps"]:
    lake.node(use, use, fillcolor=PALETTE["compute"])
    lake.edge("consumption", use)
fit(lake, 12, 4.2)

# %% [markdown] slideshow={"slide_type": "notes"}
# Data flows from left to right and gets more valuable at each zone. Raw data is never modified, so curated
# data can always be rebuilt. Vendors call these bronze, silver and gold layers. The catalogue and access
# control apply to all zones, shown as the frame around them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A real example: tiered storage in a space agency
#
# CNES's data lake for satellite data combines several storage tiers behind one catalogue:
#
# - **Ingestion** over HTTP, FTP, S3 and NFS; discovery through an **OpenSearch + STAC** catalogue
# - **Tier 1, performance**: a parallel file system (GPFS) next to the compute platform, over InfiniBand
# - **Tier 2, online**: disk storage reachable by POSIX or S3
# - **Tier 3, nearline**: tape libraries and the long-term archive
# - **Compute**: virtual machines and containers close to tier 1; a cloud tier for sharing and cold data
#
# Data moves between tiers according to how often it is used.

# %% [markdown] slideshow={"slide_type": "notes"}
# This is typical of scientific data centres: no single storage technology is cheap, fast and durable at the
# same time, so data lives on several tiers. STAC, the SpatioTemporal Asset Catalog, is now the standard way to
# describe satellite images in a catalogue; we will meet object storage and its formats again at the end of
# this module.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From data lake to lakehouse
#
# Files alone lack what databases offer. **Open table formats** add it on top of Parquet files in object
# storage:
#
# - **Apache Iceberg**, **Delta Lake**, **Apache Hudi**
# - ACID transactions and concurrent writers on plain files
# - schema evolution, **time travel** (query the table as it was last week), partition pruning
# - readable by many engines: Spark, Trino, Flink, DuckDB, Dask, Polars
#
# Lakehouse = data lake storage and openness + data warehouse reliability. This is the usual architecture of
# a new platform in 2026.

# %% [markdown] slideshow={"slide_type": "notes"}
# The old Hadoop decks never mention table formats because they appeared after 2017. A table format is a set
# of metadata files that lists which Parquet files make up each version of a table. Because the metadata is
# open, several engines can share the same tables without copying data.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One job is rarely enough
#
# Example: keep a model up to date with data published on a website.
#
# 1. Check regularly whether the website has a new file
# 2. Download it when it appears
# 3. Re-train the model on the new data
# 4. Evaluate it on a fixed reference data set
# 5. Publish the score, and the model if it is better
#
# Each step can fail, take hours, or need different resources: we need a **pipeline**.

# %% [markdown] slideshow={"slide_type": "notes"}
# A cron job running one big script works until the first failure at step three at two in the morning.
# Workflow tools let you restart from the failed step, see what ran, and run independent steps in parallel.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A pipeline is a DAG
#
# Tasks and their dependencies form a **directed acyclic graph**; the standard library can order it:

# %%
from graphlib import TopologicalSorter

PIPELINE = {                             # task: the tasks it waits for
    "check_website": [],
    "download_new_file": ["check_website"],
    "load_reference_set": [],
    "train_model": ["download_new_file"],
    "evaluate": ["train_model", "load_reference_set"],
    "publish_score": ["evaluate"],
}
for step, task in enumerate(TopologicalSorter(PIPELINE).static_order(), 1):
    print(f"{step}. {task:20} after {', '.join(PIPELINE[task]) or '-'}")

# %% [markdown] slideshow={"slide_type": "notes"}
# `graphlib` ships with Python since 3.9. A topological order is any order that respects the arrows. A real
# scheduler goes further: it starts every task whose dependencies are done, so `load_reference_set` runs in
# parallel with the first branch.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same DAG, drawn, and its triggers

# %% tags=["hide-input"]
dag = digraph(rankdir="LR", ranksep="0.5", nodesep="0.4")
dag.node("trigger", "trigger: every hour\n(or: new file event)", shape="note", fillcolor=PALETTE["control"])
for task, needs in PIPELINE.items():
    dag.node(task, task, fillcolor=PALETTE["compute"])
    for need in needs:
        dag.edge(need, task)
dag.edge("trigger", "check_website", style="dashed")
fit(dag, 12, 3.2)

# %% [markdown]
# Triggers: **time** (cron-like schedules), **events** (a file arrives, a message is published), or the
# **completion** of upstream tasks or pipelines.

# %% [markdown] slideshow={"slide_type": "notes"}
# The diagram is generated from the same dictionary that was executed on the previous slide, so the picture
# cannot disagree with the code. Workflow tools represent pipelines exactly like this, and show each task's
# state in colour in their web interface.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Workflow tools
#
# - **Apache Airflow** (Airflow 3 since 2025): DAGs written in Python, scheduler, web UI; the most widespread
# - **Dagster** and **Prefect**: Python-first, data-aware (assets, typed inputs and outputs)
# - **Argo Workflows**, **Kubeflow Pipelines**: each task is a container on Kubernetes
# - Older Hadoop-era tools: **Oozie** (XML workflows on YARN), Azkaban, Luigi
# - Science: Snakemake, Nextflow; space ground segments often have their own orchestrators
#
# Compute engines (Spark, Dask) also build DAGs, but of **tasks inside one job**; workflow tools chain **jobs**.

# %% [markdown] slideshow={"slide_type": "notes"}
# Do not confuse the two levels of DAG. Inside a Spark or Dask job, the engine builds a graph of thousands of
# small tasks that run in seconds. A workflow tool manages a few coarse steps that run for minutes or hours,
# possibly on different systems, and handles retries, alerts and history.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 6. HPC, Big Data and Cloud
#
# **Guiding question: why do supercomputers keep storage away from the compute nodes?**
#
# - HPC for compute-bound problems: an ocean simulation in numbers
# - Cluster anatomy, batch schedulers, parallel file systems
# - The TOP500 list of June 2026
# - Two histories, then the cloud, and their convergence (HPDA)

# %% [markdown] slideshow={"slide_type": "notes"}
# Hadoop is not the only way to compute at scale. Supercomputers are older, and the cloud is now dominant. We
# compare the three families and see how they converge. About 25 minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## HPC: built for compute-bound problems
#
# High Performance Computing: weather and climate, aeronautics and rockets, fluid dynamics, materials...
# Example, the eNATL60 North Atlantic ocean model (NEMO, 1/60°): a grid of 8354 × 4729 points × 300 levels,
# at least 18,000 processors, a 40 s time step, 45 minutes of wall time per simulated day.

# %%
cores, wall_min_per_day, grid = 18_000, 45, (8354, 4729, 300)
cells = grid[0] * grid[1] * grid[2]
wall_days_per_year = 365 * wall_min_per_day / 60 / 24
core_hours_per_year = cores * 365 * wall_min_per_day / 60
print(f"{cells / 1e9:.1f} billion cells; one 3-D field in float32: {cells * 4 / 1e9:.0f} GB")
print(f"one simulated year: {wall_days_per_year:.1f} days of wall time on {cores:,} cores, "
      f"{core_hours_per_year / 1e6:.1f} M core-hours")

# %% [markdown]
# *Source: the eNATL60 project's description of its set-up (Ocean Next and MEOM-IGE, Grenoble), linked on the
# last slide.*

# %% [markdown] slideshow={"slide_type": "notes"}
# The arithmetic shows the scale: one simulated year needs more than eleven days of an 18,000-core machine,
# about five million core-hours. The input is small, initial and boundary conditions; the output is huge:
# a single snapshot of one 3-D variable is already tens of gigabytes, and the model writes several variables
# every hour. That is the opposite profile of a typical Hadoop job, where a huge input is reduced to a small
# result.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Anatomy of an HPC cluster

# %% tags=["hide-input"]
hpc = digraph(rankdir="TB", ranksep="0.5", nodesep="0.5")
hpc.node("users", "users (ssh)", shape="ellipse", fillcolor=PALETTE["data"])
hpc.node("login", "login nodes\nedit, compile, submit", fillcolor=PALETTE["neutral"])
hpc.node("sched", "scheduler\n(SLURM controller)", fillcolor=PALETTE["control"])
hpc.body.append("{rank=same; users; login; sched}")
with hpc.subgraph(name="cluster_compute") as compute:
    compute.attr(label="compute nodes (thousands), little or no local storage", style="rounded", color="#64748b",
                 labelloc="b")
    for i in range(1, 5):
        compute.node(f"c{i}", f"node {i}\n2 CPUs + 4 GPUs", fillcolor=PALETTE["compute"])
    keep_order(compute, [f"c{i}" for i in range(1, 5)])
hpc.node("net", "low-latency RDMA network (InfiniBand, Slingshot)", shape="box", fillcolor=PALETTE["neutral"],
         width="7")
hpc.node("pfs", "parallel file system (Lustre, GPFS): petabytes, hundreds of GB/s", shape="cylinder",
         fillcolor=PALETTE["storage"])
hpc.edges([("users", "login"), ("login", "sched")])
for i in range(1, 5):
    hpc.edge("sched", f"c{i}", style="dashed")
    hpc.edge(f"c{i}", "net", dir="both")
hpc.edge("net", "pfs", dir="both", penwidth="2")
fit(hpc, 12, 4.8)

# %% [markdown] slideshow={"slide_type": "notes"}
# Compare with the Hadoop cluster: here compute nodes have no significant local storage. All data lives in a
# separate parallel file system reached through a very fast, low-latency network. Users never log into compute
# nodes directly; they submit jobs from login nodes to a scheduler.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Batch schedulers
#
# A job states its needs (cores, memory, GPUs, **walltime**, queue, account); the scheduler orders the queue by
# priority and fair share, and fills gaps with short jobs (**backfill**). SLURM, PBS, LSF, Grid Engine.
#
# ```bash
# #!/bin/bash
# #SBATCH --job-name=ndvi-stats
# #SBATCH --ntasks=1 --cpus-per-task=4
# #SBATCH --mem=8G --time=00:30:00
# #SBATCH --output=ndvi-%j.log
# module load python/3.11
# python compute_ndvi.py --tile T31TCJ
# ```
#
# Submit with `sbatch job.sh`, watch with `squeue --me`, cancel with `scancel <id>`.

# %% [markdown] slideshow={"slide_type": "notes"}
# This script cannot run on the build machine, which has no SLURM, so it is shown as text. The lines starting
# with `#SBATCH` are read by the scheduler, not by bash. The walltime matters: a job that exceeds it is killed,
# and a short, accurate walltime lets the scheduler backfill your job earlier.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## High-performance storage
#
# Parallel POSIX file systems: IBM Storage Scale (GPFS), Lustre, BeeGFS, WEKA; millions of IOPS, hundreds of
# GB/s. Example, the pools of CNES's HAL cluster GPFS:

# %%
pools = pd.DataFrame([("metadata", "NVMe", 24, 1.7, 17.2), ("fast data", "SSD, RAID 6", 220, 1.92, 305),
                      ("capacity", "NL-SAS HDD, RAID 6", 1420, 8, 8253)],
                     columns=["pool", "media", "drives", "TB per drive", "usable TB"])
pools["raw TB"] = pools["drives"] * pools["TB per drive"]
pools["usable %"] = 100 * pools["usable TB"] / pools["raw TB"]
pools.style.format({"TB per drive": "{:g}", "raw TB": "{:,.0f}", "usable TB": "{:,.0f}", "usable %": "{:.0f}"}) \
    .hide(axis="index")

# %% [markdown]
# Served by DDN controllers over InfiniBand (56 and 100 Gb/s links), close to 200 GB/s in aggregate.
# *Figures from CNES's HAL storage diagram in the original version of this course (2021), linked on the last
# slide.*

# %% [markdown] slideshow={"slide_type": "notes"}
# Three pools for three needs: very fast flash for metadata, which is mirrored hence the low usable fraction;
# SSDs for hot data; and cheap large disks for capacity, protected by RAID 6. Usable capacity is about three
# quarters of raw for data pools. Compare with HDFS's triple replication, which keeps only a third.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The fastest machines: TOP500, June 2026 list

# %% tags=["hide-input"]
top = pd.DataFrame([   # TOP500, 67th list, June 2026: HPL Rmax in PFlop/s (FP64)
    (1, "LineShine (CN)", 2198, "none: LX2 CPUs"), (2, "El Capitan (US)", 1809, "AMD MI300A"),
    (3, "Frontier (US)", 1353, "AMD MI250X"), (4, "Aurora (US)", 1012, "Intel GPU Max"),
    (5, "JUPITER Booster (DE)", 1000, "NVIDIA GH200"), (9, "Fugaku (JP)", 442, "none: A64FX CPUs"),
], columns=["rank", "system", "Rmax PFlop/s", "accelerator"])
labels = [f"No. {rank}  {system}" for rank, system in zip(top["rank"], top["system"])]
fig, ax = plt.subplots(figsize=(10.5, 3.9))
colours = ["#ea580c" if a.startswith("none") else "#2563eb" for a in top["accelerator"]]
bars = ax.barh(labels[::-1], top["Rmax PFlop/s"][::-1], color=colours[::-1])
ax.bar_label(bars, labels=[f"{r:,} PF  ({a})" for r, a in zip(top["Rmax PFlop/s"][::-1], top["accelerator"][::-1])],
             padding=4, fontsize=12)
ax.set_xlim(0, 3300), ax.set_xlabel("Rmax on HPL, FP64 (PFlop/s), June 2026 list")
fig.tight_layout()

# %% [markdown]
# *TOP500, 67th list (June 2026, ISC Hamburg). Orange: CPU only; blue: GPU-accelerated. Nos. 6 to 8 (Eni
# HPC7, Microsoft Eagle, Eni HPC6) and 10 (Alps) are not drawn. 1 EFlop/s = 1000 PFlop/s.*

# %% [markdown] slideshow={"slide_type": "notes"}
# The June 2026 list (published at ISC in Hamburg) has a new number one: LineShine, at the National
# Supercomputing Center in Shenzhen, with 2.198 EFlop/s on HPL, the first system above two exaflops, and it
# has no GPU at all: about 13.8 million cores of a 304-core Armv9 chip, the LX2, for 42.2 MW. Five systems
# now exceed one exaflop; JUPITER in Jülich is Europe's first. Do not over-read the ranking: HPL measures
# dense FP64 linear algebra. On HPL-MxP, the mixed-precision benchmark closer to AI training, LineShine is
# only fourth (7.92 EFlop/s), behind three US GPU systems; El Capitan reached 16.7 EFlop/s on it in November
# 2025. Most of the top ten still rely on GPUs. The 68th list was presented at SC26 in Chicago
# (15-20 November 2026); check top500.org before the lecture, this slide shows the June list. Section 7
# explains why a CPU can win this particular benchmark.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Two histories
#
# | | HPC | Big Data (Hadoop) |
# |---|---|---|
# | since | 1960s | mid 2000s |
# | limited by | computation (compute-bound) | reading and moving data (data-bound) |
# | first users | weather, aerodynamics, nuclear, structures | web search, then e-commerce, banks, telecoms |
# | hardware | high-end CPUs, GPUs, fast networks | commodity servers, Ethernet |
# | storage | separate parallel file system | on the compute nodes (HDFS) |
# | principle | bring the data to the compute | bring the compute to the data |
# | on failure | restart from a checkpoint | re-run the failed task |

# %% [markdown] slideshow={"slide_type": "notes"}
# The two families solved different problems with different budgets. HPC centres are national or industrial
# facilities with specialised hardware. Hadoop was designed by web companies that needed to scan the web on
# thousands of cheap machines. Their opposite answers to data placement follow from those constraints.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Then came the cloud
#
# - **Compute separated from storage**, like HPC, but over commodity networks that became fast enough
# - **Object storage** (Amazon S3 in 2006, then GCS, Azure Blob, Ceph): software-defined, HTTP API, virtually
#   unlimited, very durable
# - **Scale compute and storage independently**: keep petabytes, rent 1,000 cores for one hour
# - **On demand and shared** by millions of customers; looks infinite to each user
# - Hosts everything: VMs, containers (Kubernetes), managed Spark, HPC-as-a-service, GPUs

# %% [markdown] slideshow={"slide_type": "notes"}
# The cloud broke Hadoop's coupling of storage and compute. A Hadoop cluster must stay up to keep its data;
# in the cloud, data sits in cheap object storage and compute exists only while a job runs. Proximity still
# matters: compute should run in the same region as the data, otherwise transfer costs and latency explode.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## HPC vs Big Data vs Cloud

# %% tags=["hide-input"]
comparison = pd.DataFrame({
    "HPC": ["computation", "small/medium in, large out", "high-end CPUs + GPUs, RDMA",
            "parallel FS, separate", "batch queue (SLURM)", "checkpoint / restart", "MPI, OpenMP, CUDA",
            "simulation: CFD, climate"],
    "Big Data (Hadoop)": ["I/O, data volume", "large in, small out", "commodity, Ethernet",
                          "HDFS, on compute nodes", "YARN", "built in: replicas, re-run tasks",
                          "MapReduce, Hive, Spark", "log analytics, ETL, indexing"],
    "Cloud": ["whatever you pay for", "any", "virtualised commodity + GPUs", "object storage, separate",
              "Kubernetes, autoscaling", "built in (managed services)", "Spark, Dask, containers",
              "anything, incl. HPC / big data as a service"],
}, index=["bound by", "data profile", "hardware", "storage", "scheduling", "fault tolerance",
          "programming", "typical jobs"])
comparison.style.set_properties(**{"text-align": "left", "font-size": "19px"}).set_table_styles(
    [{"selector": "th", "props": "font-size: 19px; text-align: left; padding: 4px 10px"}])

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the table row by row. The cloud column is the most flexible, but not the best at everything: tightly
# coupled MPI simulations still run best on a real HPC network, and object storage is not a POSIX file
# system. The course's labs sit in the cloud column: Spark, Dask and Kubernetes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Convergence: High Performance Data Analytics
#
# **HPDA** = HPC performance + Big Data scalability, for data-intensive science and AI.
#
# - HPC centres host data analytics and AI: Spark or Dask on SLURM allocations, Jupyter on login nodes
# - Hadoop moved towards HPC ideas: YARN is a general resource scheduler; HPC hardware became less exotic
# - Weak points each side fixed: Hadoop's non-standard file system and forced co-location; HPC's storage, hard
#   to scale and poor at millions of small files
# - The cloud borrowed from both: HPC instances with fast networks, and object storage everywhere
#
# Machine learning runs on all three: lots of data, or lots of models (hyper-parameter searches).

# %% [markdown] slideshow={"slide_type": "notes"}
# Today the boundaries are blurry. Training large AI models is an HPC workload with big data inputs; climate
# scientists analyse simulation outputs with Dask, a big data tool, on HPC machines. The choice of platform
# depends on the workload profile more than on the label.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 7. CPU vs GPGPU
#
# **Guiding question: a CPU-only machine tops the June 2026 TOP500, yet AI runs on GPUs. Why both?**
#
# - CPU: few complex cores; GPU: thousands of simple ones
# - Chips of 2024-2026 side by side, from vendor figures: precision changes the winner
# - Measured on this machine: the same sum, interpreted vs vectorised
# - Computed: when copying data to a GPU kills the speed-up
# - What a CPU-only No. 1 does and does not mean

# %% [markdown] slideshow={"slide_type": "notes"}
# General-purpose computing on GPUs changed both HPC and machine learning. We compare the two kinds of
# processors, measure the effect of vectorised code on the CPU, and estimate when a GPU pays off. Keep the
# guiding question on the board: the answer is that "faster" depends on the precision and on where the data
# is. About 20 minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## CPU: few complex cores, optimised for latency
#
# - **Tens to a few hundred cores** per chip: 192 in AMD's EPYC 9005 (2024), 256 announced for EPYC "Venice"
#   (2026), 304 in the LX2 of LineShine, the June 2026 TOP500 No. 1
# - High clock speeds, **out-of-order execution**, branch prediction, speculative execution
# - **Large caches** (megabytes per core) hide memory latency
# - **SIMD and matrix units** (AVX-512, Arm SVE2 and SME): many numbers per instruction
# - Good at: irregular code, branches, operating systems, databases, anything sequential
#
# Goal: finish **one** task as fast as possible.

# %% [markdown] slideshow={"slide_type": "notes"}
# Most of a CPU core's silicon is spent on making a single stream of instructions fast: predicting branches,
# reordering instructions, caching data. Very little is the arithmetic itself. That is the right design for
# general-purpose code. The recent twist: server CPUs add wide vector and matrix units (Arm's SME in the LX2,
# AMX in Intel's Xeons) and, in LineShine's case, memory on the package, which is how a CPU-only machine can
# lead a dense linear-algebra benchmark.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## GPU: many simple cores, optimised for throughput
#
# - **Thousands of simple cores** grouped in streaming multiprocessors
# - **SIMT**: groups of 32 threads (a "warp") run the same instruction on different data
# - Memory latency is hidden by **switching between thousands of threads**, not by big caches
# - **High-bandwidth memory** (HBM): about 8 TB/s and up to 288 GB per GPU on 2025-2026 parts
# - **Tensor cores**: matrix products in low precision (BF16, FP8, FP4); on the newest AI GPUs, FP64 shrinks
# - Attached through PCIe (or NVLink to its own CPU): data must be **copied** to the GPU first
#
# Goal: finish **millions** of identical small tasks per second.

# %% [markdown] slideshow={"slide_type": "notes"}
# A GPU gives up on making one thread fast and makes millions of threads fast in aggregate. It shines when
# the same operation applies to lots of data with few branches: images, matrices, neural networks. Its
# weak point is the copy across the bus, which we will quantify in three slides. Note the trend in the fifth
# bullet: AI-oriented GPUs trade double precision for low-precision throughput.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three chips of 2024-2026 side by side

# %%
nan = float("nan")
chips = pd.DataFrame([   # published peaks (sources under the table and on the further-reading slide)
    ("AMD EPYC 9965, x86 CPU (2024)", 13.8, nan, 614, nan),
    ("LX2, LineShine's Arm CPU (2026)", 60.3, nan, 4000, 690),
    ("NVIDIA B300, AI GPU (2025)", 1.25, 2250, 8000, 1100),
], columns=["chip", "FP64 TFLOP/s", "BF16 TFLOP/s", "memory GB/s", "watts"]).set_index("chip")
b300, epyc, lx2 = chips.loc["NVIDIA B300, AI GPU (2025)"], chips.iloc[0], chips.iloc[1]
print(f"FP64: the LX2 CPU has {lx2['FP64 TFLOP/s'] / b300['FP64 TFLOP/s']:.0f}x the peak of the B300 GPU; "
      f"memory: the B300 has {b300['memory GB/s'] / epyc['memory GB/s']:.0f}x the bandwidth of the EPYC")
table(chips.map(lambda v: "n/p" if v != v else f"{v:,.4g}"), index=True, size=19)

# %% [markdown]
# *EPYC 9965: 192 cores, 12 DDR5-6400 channels; FP64 peak as listed for 5th-generation EPYC in Hugging Face's
# hardware catalogue. LX2: 304 cores, 4 TB/s to 32 GB of on-package memory (Chips and Cheese,
# June 2026). B300 (HGX board): 288 GB HBM3e. BF16 is dense, without sparsity. n/p: not published.*

# %% [markdown] slideshow={"slide_type": "notes"}
# Precision decides the winner. In double precision, the arithmetic of simulations and of the HPL benchmark,
# the AI GPU of 2025 is far behind both CPUs: NVIDIA cut FP64 on Blackwell Ultra to favour low precision
# (its predecessor B200 had about 37 TFLOP/s of FP64). In BF16, the format of deep learning, the same GPU
# offers more than two thousand teraflops, far beyond any CPU. Memory bandwidth tells the other half:
# a standard x86 server streams about 0.6 TB/s, the GPU 8 TB/s, and the LX2 sits between with 4 TB/s of
# on-package memory, which is how LineShine feeds its cores. Quote these as peaks from vendors, not
# measurements.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Measured here: Python loop vs vectorised NumPy
#
# Even on a CPU, how you write the code decides whether the hardware's parallel units are used:

# %%
x = np.random.default_rng(0).random(2_000_000)

def python_sum_of_squares(values):
    total = 0.0
    for v in values:                      # one interpreted iteration per element
        total += v * v
    return total

values = x.tolist()
loop_s = median_seconds(python_sum_of_squares, values, repeat=5)     # helper in the setup
numpy_s = median_seconds(lambda a: a @ a, x, repeat=5, number=50)    # one call into compiled, SIMD code
assert np.isclose(python_sum_of_squares(values), x @ x)
print(f"Python loop: {loop_s * 1e3:8.1f} ms\nNumPy x @ x: {numpy_s * 1e3:8.2f} ms")
print(f"NumPy: {loop_s / numpy_s:,.0f}x the speed of the Python loop (median of 5, 1 thread, "
      f"{os.cpu_count()} cores)")

# %% [markdown] slideshow={"slide_type": "notes"}
# Same result, and NumPy is faster by the factor printed on the last line: on this kind of machine it is
# between fifty and a few hundred, never close to one, which is why the build checks only that it is large.
# NumPy runs a compiled loop that uses SIMD instructions and streams memory efficiently, while the Python
# loop interprets every addition. This is the first lesson of parallel computing: vectorise before you
# distribute. Both versions use a single thread, so the gap comes only from how the code is executed; each
# figure is the median of five runs on a small shared machine, measured when this deck was built.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a GPU changes: compute vs copy (1/2)
#
# A model with the peak figures of the previous slides. The data starts in the CPU's memory, so the GPU must
# first receive it over PCIe 5.0 (64 GB/s each way):

# %%
PCIE, CPU_BW, GPU_BW = 64e9, 614e9, 8000e9           # bytes per second: PCIe 5.0 x16, EPYC 9965, B300
CPU_F64 = epyc["FP64 TFLOP/s"] * 1e12                  # the published peak of two slides back; float32: twice that
PEAK = {"float32": (2 * CPU_F64, 75e12), "tf32 tensor": (2 * CPU_F64, 1100e12), "float64": (CPU_F64, 1.25e12)}

def estimate(name, precision, flops, bytes_touched, bytes_copied):
    """Ideal times: each side is bound by compute or by memory; the GPU also pays for the copies."""
    cpu_peak, gpu_peak = PEAK[precision]
    cpu_s = max(flops / cpu_peak, bytes_touched / CPU_BW)
    gpu_s = max(flops / gpu_peak, bytes_touched / GPU_BW) + bytes_copied / PCIE
    return name, precision, cpu_s * 1e3, gpu_s * 1e3, cpu_s / gpu_s

# %% [markdown] slideshow={"slide_type": "notes"}
# The model is deliberately simple: a computation is limited either by arithmetic (operations divided by the
# peak rate) or by memory (bytes divided by the bandwidth), whichever is slower; the GPU adds the time to copy
# its inputs in and its output back. Real codes reach a fraction of these peaks, on both sides.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What a GPU changes: compute vs copy (2/2)

# %%
n, m = 1e9, 16_384                                    # 1e9-element vectors; 16k x 16k matrices
gpu = pd.DataFrame([
    estimate("add two vectors", "float32", n, 12 * n, 12 * n),
    estimate("matrix product", "float32", 2 * m**3, 12 * m * m, 12 * m * m),
    estimate("matrix product", "tf32 tensor", 2 * m**3, 12 * m * m, 12 * m * m),
    estimate("matrix product", "float64", 2 * m**3, 24 * m * m, 24 * m * m),
], columns=["operation", "precision", "CPU (ms)", "GPU incl. copies (ms)", "GPU speed-up"])
print("GPU speed-up: " + ", ".join(f"{p} {op.split()[0]} {x:.2g}x" for op, p, x in
                                   gpu[["operation", "precision", "GPU speed-up"]].itertuples(index=False)))
table(gpu, precision=2, size=19)

# %% [markdown] slideshow={"slide_type": "notes"}
# Adding two vectors does one operation per twelve bytes: it is limited by memory, and copying the data over
# PCIe takes longer than the whole CPU computation, so the GPU loses by a factor of ten. A float32 matrix
# product does thousands of operations per byte: the GPU wins, modestly on its plain FP32 cores, several
# times on its tensor cores, and then the copy becomes most of its time. In float64 this AI GPU loses to a
# single CPU. Rules: keep data on the GPU, give it arithmetic-heavy work, and check that it is strong in your
# precision. These are ideal estimates from peak figures, not measurements; the build machine has no GPU.
# PCIe 6.0 (announced with AMD's 2026 CPUs) doubles the link, which shortens but does not remove the copy.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A CPU-only No. 1: what it does and does not mean
#
# - **LX2**: 304 Armv9 cores with vector (SVE2) and matrix (SME) units, 60 TFLOP/s of FP64 and 4&nbsp;TB/s of
#   on-package memory per chip: a CPU that borrowed the GPU's tricks
# - **HPL (dense FP64)**: LineShine leads with 2.198 EFlop/s for 42.2 MW, about 52 GFlop/s per watt
#   (El Capitan, GPU-accelerated: about 61 on the November 2025 list)
# - **HPL-MxP (mixed precision, closer to AI)**: LineShine is only 4th, 7.92 EFlop/s, behind three GPU systems
# - **AI GPUs move the other way**: 1.25 TFLOP/s of FP64 on a B300, for 2,250 of BF16
#
# "CPU or GPU?" really asks: **which precision, how much memory bandwidth, and where the data lives**.

# %% [markdown] slideshow={"slide_type": "notes"}
# This slide answers the guiding question of the section. LineShine is a deliberate design, partly forced by
# export controls on GPUs: scale out a CPU with matrix units and fast memory, and connect tens of thousands
# of them with a fast interconnect. It wins the FP64 benchmark and is competitive in energy; it does not
# win the AI-like benchmark. GPU makers optimise for the low precisions of AI, to the point of giving up most
# of FP64. Sources: the TOP500 June 2026 list and Chips and Cheese's report from ISC 2026, on the last slide.
# Ask the class: for the evaluation of day 4 (Dask and scikit-learn on tabular data), which matters most?
# (Memory and I/O, then CPU cores; not FP64 peaks.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## GPUs in big data and ML
#
# - **Deep learning** training and inference: PyTorch, JAX, TensorFlow; tensor cores in low precision
# - **GPU DataFrames**: RAPIDS cuDF (a pandas-like API, and a `cudf.pandas` accelerator mode), the Polars GPU
#   engine, **Dask-cuDF** for multi-GPU, cuML for classic ML
# - **Spark RAPIDS Accelerator**: a plugin that runs Spark SQL and DataFrame operations on GPUs
# - **HPC**: most of the top 10 of the June 2026 TOP500 use GPUs; the No. 1 (LineShine) and No. 9 (Fugaku)
#   are CPU-only
#
# When a GPU does not help: small data, branchy code, string processing, or data that must cross PCIe for
# little work. ML platforms mix both: CPUs to prepare data, GPUs to train.

# %% [markdown] slideshow={"slide_type": "notes"}
# GPUs are expensive and power hungry, so the question is always whether the workload keeps them busy. Deep
# learning does, almost perfectly. For classic data processing, joins and group-bys on large tables can gain
# several times on a GPU, but many pipelines are limited by reading data from storage, where a GPU changes
# nothing.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 8. BI vs Big Data
#
# **Guiding question: is a dashboard on a data warehouse "big data"?**
#
# - Business intelligence: known questions, curated data, KPIs
# - Big data: keep everything, look for questions later
# - Where the two meet today: lakehouses and cloud warehouses

# %% [markdown] slideshow={"slide_type": "notes"}
# A short section to place big data with respect to business intelligence, which many of you will meet in
# companies. Five minutes.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Business Intelligence and Big Data
#
# **BI**: strategies and technologies to analyse business information, giving historical, current and
# predictive views of operations. It may use big data tools, but it is usually seen as a distinct field.
#
# | | classic BI | Big Data |
# |---|---|---|
# | starting point | business questions, KPIs | the data itself: look for insights |
# | data | structured, internal, curated (SQL) | any type, internal and external, raw kept |
# | storage | data warehouse, often proprietary | data lake / lakehouse, mostly open source |
# | tools | reporting and dashboard suites | Hadoop, Spark, Dask, Python notebooks |
# | users | analysts, managers | data engineers, data scientists |

# %% [markdown] slideshow={"slide_type": "notes"}
# The difference is one of approach more than of technology. BI answers known questions reliably, with a
# well-modelled warehouse. Big data keeps everything to answer questions nobody has asked yet. Modern
# lakehouses and cloud warehouses serve both, and BI dashboards often sit on top of a big data platform.

# %% [markdown] slideshow={"slide_type": "slide"}
# # 9. Hadoop's legacy
#
# **Guiding question: what would a team building a data platform in 2026 keep from Hadoop?**
#
# - Is Hadoop dead? Its releases in 2026 and where it still runs
# - Then → now: what replaced each component
# - Object storage in practice, with Parquet parts written and read back

# %% [markdown] slideshow={"slide_type": "notes"}
# To finish, the question everybody asks: is Hadoop still relevant, and what should you use instead? About
# 10 minutes with the quiz.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Is Hadoop dead?
#
# - **Not quite**: Apache Hadoop is still maintained (3.4.3 in February 2026; 3.5.0, Java 17 only on servers,
#   in April 2026) and runs in many companies and administrations, often in managed services (EMR, Dataproc)
# - It grew with the web giants and seeded a rich open-source ecosystem: Hive, HBase, Kafka and Spark all
#   started in or around it
# - But HDFS and MapReduce are effectively **superseded** for new platforms
# - Its ideas live on everywhere: blocks and replicas, moving code to data, map / shuffle / reduce,
#   re-running failed tasks, a resource negotiator

# %% [markdown] slideshow={"slide_type": "notes"}
# Hadoop is in the position of a mainframe: still running important workloads, rarely chosen for new
# projects. Its 2026 releases are maintenance and modernisation: Java 17, a Google Cloud Storage connector,
# the removal of the old Azure WASB connector. Learning it is still worth it because every modern tool is
# explained by reference to it, and because you may well be asked to migrate a Hadoop cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Then → now

# %% tags=["hide-input"]
LEGACY = {   # then: (what replaced it, kind of component)
    "on-premises commodity cluster": (["public or private cloud", "HPC centres (HPDA)"], "neutral"),
    "HDFS": (["object storage (S3, GCS, Ceph)"], "storage"),
    "MapReduce": (["Spark", "Dask"], "compute"),
    "Hive on MapReduce": (["Spark SQL", "Trino", "DuckDB"], "compute"),
    "SequenceFile, text files": (["Parquet", "Zarr", "Cloud-Optimized GeoTIFF"], "data"),
    "Hive tables on HDFS": (["Iceberg or Delta Lake tables"], "data"),
    "YARN": (["Kubernetes", "HPC schedulers (SLURM)"], "control"),
    "Oozie": (["Airflow", "Dagster", "Prefect"], "control"),
}
legacy = digraph(rankdir="LR", ranksep="1.2", nodesep="0.12")
legacy.node("then", "Hadoop era (2006-2015)", shape="plain", style="", fontsize="17")
legacy.node("now", "a new platform (2026)", shape="plain", style="", fontsize="17")
legacy.edge("then", "now", style="invis")
previous = ("then", "now")
for then, (nows, kind) in LEGACY.items():
    legacy.node(then, then, fillcolor=PALETTE["neutral"], width="3.4")
    legacy.node(then + "_now", ", ".join(nows), fillcolor=PALETTE[kind], width="4.2")
    legacy.edge(then, then + "_now", penwidth="2")
    legacy.body.append(f'{{rank=same; "{previous[0]}" -> "{then}" [style=invis]}}')   # keep the dict order
    legacy.body.append(f'{{rank=same; "{previous[1]}" -> "{then}_now" [style=invis]}}')
    previous = (then, then + "_now")
fit(legacy, 12, 5.3)

# %% [markdown] slideshow={"slide_type": "notes"}
# This graph is generated from a dictionary, so it is easy to keep current. Read each arrow as "a new
# platform would usually use this instead". Object storage replaced HDFS, Spark and Dask replaced MapReduce,
# Kubernetes replaced YARN for most new deployments, and columnar or chunked formats like Parquet and Zarr
# replaced Hadoop's row-oriented files. The whole package became cloud computing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Object storage in practice
#
# Buckets of immutable objects addressed by key over HTTP; "folders" are only key prefixes. The same Python
# code works on S3 or on an in-memory store via fsspec:

# %%
import fsspec

trips = pd.DataFrame({"zone": ["A", "B", "A", "C"], "fare": [12.5, 8.0, 15.2, 22.1]})
for part, chunk in enumerate([trips.iloc[:2], trips.iloc[2:]]):
    chunk.to_parquet(f"memory://lake/curated/trips/part-{part:03d}.parquet")   # "s3://..." on a cloud

store = fsspec.filesystem("memory")
print(*(f"{key}  {store.size(key)} bytes" for key in store.find("/lake")), sep="\n")
pd.read_parquet("memory://lake/curated/trips/").groupby("zone")["fare"].sum()

# %% [markdown] slideshow={"slide_type": "notes"}
# Object stores have no real directories, no rename and no in-place edit: you write whole objects. In
# exchange they scale to exabytes and are extremely durable. Since December 2020, Amazon S3 has been strongly
# consistent: a read after a write sees the new object. Writing a dataset as many Parquet parts under a
# prefix is exactly how Spark and Dask write to object storage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz 3: after Hadoop
#
# A team builds a new data platform in 2026. What are they most likely to use instead of the Hadoop stack?
# (several answers)
#
# - A. Object storage instead of HDFS
# - B. Spark or Dask instead of MapReduce
# - C. A bigger NameNode
# - D. Kubernetes (or a cloud service) instead of YARN

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: A, B and D. Cloud computing with object storage, Spark or Dask, and Kubernetes,
# with open formats such as Parquet.</p>

# %% [markdown] slideshow={"slide_type": "notes"}
# C is the joke answer, but it describes what many companies actually did for years to keep their HDFS
# alive. The rest of the course follows exactly answers A, B and D: Spark today, Kubernetes and the cloud on
# day 2, Dask on day 3.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Take-aways
#
# - Hadoop = HDFS (blocks of 128 MB, 3 replicas, rack-aware) + MapReduce (map, shuffle, reduce) + YARN
# - Its principles survive: split data, move code to data when it helps, expect failures, re-run tasks
# - The shuffle is the expensive step; combiners and good partitioning reduce it
# - Data lakes keep all data; pipelines (DAGs) move it through zones; table formats made lakes reliable
# - HPC, Big Data and Cloud converge; GPUs dominate low-precision, arithmetic-heavy work if data stays on
#   them, while a CPU-only machine led the June 2026 TOP500 in FP64
# - New platforms: object storage + Parquet/Zarr + Spark/Dask + Kubernetes
#
# **Then, deck 03**: Spark.

# %% [markdown] slideshow={"slide_type": "notes"}
# If students remember one thing, it should be the map, shuffle and reduce flow: Spark's execution model in
# deck 03 is built on it, with the shuffle still at the centre of performance. Point to the further-reading
# slide: the four papers (GFS, MapReduce, HDFS, YARN) are short and readable.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - Papers: [GFS](https://static.googleusercontent.com/media/research.google.com/en//archive/gfs-sosp2003.pdf) (SOSP 2003),
#   [MapReduce](https://www.usenix.org/legacy/events/osdi04/tech/dean.html) (OSDI 2004),
#   [HDFS](https://storageconference.us/2010/Papers/MSST/Shvachko.pdf) (MSST 2010),
#   [YARN](https://dl.acm.org/doi/10.1145/2523616.2523633) (SoCC 2013),
#   [Disk-locality considered irrelevant](https://amplab.cs.berkeley.edu/publication/disk-locality-in-datacenter-computing-considered-irrelevant/) (HotOS 2011),
#   [Jupiter Rising](https://conferences.sigcomm.org/sigcomm/2015/pdf/papers/p183.pdf) (SIGCOMM 2015)
# - Hadoop: [releases](https://hadoop.apache.org/releases.html), [3.4.3](https://hadoop.apache.org/release/3.4.3.html) (Feb. 2026),
#   [3.5.0](https://hadoop.apache.org/release/3.5.0.html) (Apr. 2026); Yahoo's
#   [2008 terabyte sort and cluster](http://perspectives.mvdirona.com/2008/07/hadoop-wins-terasort/)
# - TOP500: [June 2026 list](https://top500.org/lists/top500/2026/06/),
#   [November 2025 list](https://top500.org/lists/top500/2025/11/);
#   [LineShine and the LX2 at ISC 2026](https://chipsandcheese.com/p/top500-at-isc26-we-have-a-new-number) (Chips and Cheese)
# - Hardware: [NVIDIA B300 figures](https://glennklockwood.com/garden/processors/B300) (G. Lockwood),
#   [5th-generation EPYC FP64 peak](https://huggingface.co/hardware) (Hugging Face hardware catalogue),
#   [B300 vs B200](https://verda.com/blog/gb300-nvl72-architecture) (Verda),
#   [EPYC Venice, 1.6 TB/s](https://www.tomshardware.com/pc-components/cpus/amds-256-core-epyc-venice-cpu-in-the-labs-now-coming-in-2026),
#   [ConnectX-8, 800 Gb/s](https://docs.nvidia.com/networking/display/connectx8supernic/introduction),
#   [Micron 9650, PCIe 6.0 SSD](https://www.pcgamer.com/hardware/ssds/almost-a-full-year-after-announcing-it-micron-finally-launches-the-worlds-first-pcie-6-0-ssd-with-up-to-28-gb-s-sequential-read-speeds),
#   [a 2008 1 TB SATA disk, 85 MB/s](https://www.computerworld.com/article/2539668/review--seagate-s-whopper-of-a-drive----the-1tb-barracuda.html)
# - Examples: [eNATL60 set-up](https://github.com/ocean-next/eNATL60/blob/master/02_experiment-setup.md);
#   CNES HAL storage figures in the [original course](https://github.com/guillaumeeb/isae-supaero-aibt103-bigdata)

# %% [markdown] slideshow={"slide_type": "notes"}
# The papers are the primary sources for the first half of the deck; the hardware links back every figure of
# the locality and CPU/GPU slides. Vendor and press figures are peaks: say so when you quote them.
