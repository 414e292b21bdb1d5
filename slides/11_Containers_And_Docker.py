# ---
# jupyter:
#   course:
#     title: Containers and Docker
#     day: 2
#     slot: 10:00-11:15
#     summary: "Containers vs virtual machines, images and layers, namespaces and cgroups, Dockerfiles"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Containers and Docker
#
# ### Package once, run anywhere: what a container really is, and how to build one
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# This deck opens the container box. We start with the problem containers solve, compare them with virtual
# machines, then look inside: the Linux kernel features that isolate a container, read live from the
# machine that built these slides, and the layered images it starts from, rebuilt here in a few lines of
# Python. Then Docker's tools, the OCI standards, alternatives, data science uses and good practices.

# %% tags=["remove-cell"]
# Setup the audience does not need.
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import ChainMap
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from course import digraph, table
from course.diagrams import PALETTE, vm_vs_container

WORK = Path(tempfile.mkdtemp(prefix="layers-"))   # scratch folder for the image layers built below


def grid(rows, columns, size=19):
    """A typed table for a slide, from rows of text."""
    return table(pd.DataFrame(rows, columns=columns).astype("string"), size=size)


def short(digest):
    """sha256:1642937bbb40bfcf... as docker prints it: the algorithm and 12 hex digits."""
    return digest[:19] + "…"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **Why containers**: the "works on my machine" problem
# 2. **Containers vs virtual machines**
# 3. **Under the hood**: namespaces, cgroups and layered file systems, seen live on this machine
# 4. **Images**: layers, Dockerfiles, registries, the OCI standards
# 5. **Docker and its alternatives**: architecture, Podman, Apptainer
# 6. **Containers for data science**, good practices, and today's hands-on

# %% [markdown] slideshow={"slide_type": "notes"}
# Part three is the heart of the deck: once students see that a container is an ordinary process with a
# restricted view of the machine, everything else (images, layers, security limits) becomes logical. There
# is no Docker engine on the machine that builds the slides, so the demos use the kernel and Python directly.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## "But it works on my machine!"
#
# Your analysis runs on your laptop. On the cluster, or on a colleague's machine:
#
# - `ModuleNotFoundError`, or the **wrong version**: pandas 2 here, pandas 3 there
# - a system library is missing (`libgdal`, a Java runtime for Spark, CUDA for the GPU)
# - another Python, another OS, another CPU architecture (x86-64 vs ARM)
# - "install instructions" in a README that nobody has followed for a year
#
# Software depends on far more than its own code. The idea of containers: **ship the environment with
# the code**.

# %% [markdown] slideshow={"slide_type": "notes"}
# Ask who has already lost an afternoon to an environment problem: usually most of the room. Code moves
# from a laptop to continuous integration, test, production, or from one cloud to another, and each move
# is a chance for the environment to differ. Virtual environments fix the Python part, not the rest.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Build once, run anywhere
#
# - A **container image** bundles the application, its libraries, its runtime and a minimal OS user space
# - The same image runs on a laptop, a CI runner, a cloud VM or a Kubernetes cluster
# - It hides the differences of the host: distribution, installed packages, configuration
# - It starts in about a second and is thrown away after use: **cattle, not pets** again
# - It is a file: versioned, stored in a registry, compared, rolled back
#
# Build → **ship** → run: the image moves, not the installation instructions.

# %% [markdown] slideshow={"slide_type": "notes"}
# The shipping-container metaphor is deliberate: a standard box that any ship, train or truck can carry,
# whatever is inside. A container image is the standard box for software. The same immutable artefact goes
# through tests and into production, so what was tested is exactly what runs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Containers vs virtual machines

# %% tags=["hide-input"]
vm_vs_container()

# %% [markdown] slideshow={"slide_type": "notes"}
# On the left every VM carries a whole operating system with its own kernel on top of the hypervisor. On
# the right the containers are just groups of processes on one kernel, each with its own libraries and
# files. In the cloud both are combined: containers run inside VMs, which run on hypervisors.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Same goals, different trade-offs

# %% tags=["hide-input"]
grid([("isolates", "a whole computer (own kernel)", "processes (shared kernel)"),
      ("size", "gigabytes (a full OS)", "megabytes to a few gigabytes"),
      ("start time", "tens of seconds to minutes", "about a second"),
      ("resources", "reserved up front", "shared, limited on demand"),
      ("security boundary", "strong: hardware-assisted", "weaker: one kernel bug affects all"),
      ("runs", "any OS (Windows on Linux...)", "Linux programs (in a Linux VM on Mac/Windows)"),
      ("talk to each other", "like separate computers, over a network", "virtual networks, shared volumes")],
     ["", "virtual machine", "container"])

# %% [markdown] slideshow={"slide_type": "notes"}
# Both give isolation and portability. VMs pay for their strong isolation with a full OS per instance and
# pre-allocated resources. Containers are light but share the host kernel, so their isolation is only as
# good as that kernel. On macOS and Windows, Docker Desktop and Podman quietly run a small Linux VM.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what is a container?
#
# 1. A lightweight virtual machine with its own small kernel
# 2. A package holding an application and everything it needs to run, started as isolated processes on
#    the host's kernel
# 3. A compressed archive of source code
# 4. A Python virtual environment

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: 2.</p>
#
# No kernel inside (that is what makes it light); more than a virtual environment (system libraries and
# files too).

# %% [markdown] slideshow={"slide_type": "notes"}
# Answer 1 is the most common misconception and the next slides show why it is wrong: a container is a
# normal process that the kernel shows a restricted view of the machine. Answer 4 is only a part of the
# story: a virtual environment isolates Python packages but not the system around them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Under the hood: three Linux features
#
# - **Namespaces** limit what a process **sees**: its own process list, network interfaces, host name,
#   mount points, user IDs (in the kernel since 2002-2013)
# - **Control groups (cgroups)** limit what a process **uses**: CPU time, memory, number of processes,
#   disk I/O (from Google, in the kernel since 2008; v2 since 2016)
# - **Union (overlay) file systems** give it a **root file system** assembled from read-only image
#   layers plus one writable layer
# - Plus: capabilities (a split of root's powers), seccomp (forbidden system calls), AppArmor/SELinux
#
# A container = a process started with all of these. No new kernel, no emulation.

# %% [markdown] slideshow={"slide_type": "notes"}
# None of this was invented by Docker: the kernel features existed, and earlier tools such as LXC used
# them. Docker's contribution was packaging: a simple image format, a build recipe, a registry and a
# friendly command line. Let us look at these features on the machine that built the slides.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Namespaces of this very process
#
# Each link in `/proc/self/ns` names the namespace the current process (this deck's Python kernel) is in:

# %%
ISOLATES = {"cgroup": "its view of the cgroup tree", "ipc": "shared memory, message queues",
            "mnt": "mount points: the file tree", "net": "interfaces, IP addresses, ports",
            "pid": "process IDs (PID 1 inside)", "time": "boot and monotonic clocks",
            "user": "user and group IDs", "uts": "host name"}
rows = []
for name, what in ISOLATES.items():
    link = Path("/proc/self/ns", name)
    ident = os.readlink(link).split(":")[1].strip("[]") if link.exists() else "not in this kernel"
    rows.append({"namespace": name, "identifier": ident, "isolates": what})
table(pd.DataFrame(rows), size=18)

# %% [markdown] slideshow={"slide_type": "notes"}
# Every process is in exactly one namespace of each kind; the number is an identifier, an inode number.
# Two processes showing the same number share that view of the system. A container runtime starts the
# container's first process in new namespaces, so its numbers differ from the host's.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A container without Docker: `unshare`
#
# Start a shell in new **user**, **UTS** (host name) and **PID** namespaces, with its own `/proc`:

# %%
inside = ("hostname box-42; echo host name: $(hostname); echo user: $(id -un), PID $$; "
          "echo processes visible: $(ls /proc | grep -c '^[0-9]'); readlink /proc/self/ns/uts")
cmd = ["unshare", "--user", "--map-root-user", "--uts", "--pid", "--fork", "--mount-proc", "sh", "-c", inside]
try:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    print(result.stdout.strip() or f"this kernel refused: {result.stderr.strip()}")
except FileNotFoundError:
    print("the unshare command (util-linux) is not installed on this machine")
print("outside, this deck's kernel is still in", os.readlink("/proc/self/ns/uts"))

# %% [markdown] slideshow={"slide_type": "notes"}
# Inside, the shell believes it is process 1 on a machine called box-42 where it is root, and sees only a
# handful of processes. Outside nothing changed: different namespace identifiers. Root inside is mapped to
# the ordinary user outside, which is how rootless Podman works. Add a mount namespace with an image's
# files as root directory and cgroup limits, and you have a container.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Control groups: what may this process use?
#
# The kernel accounts CPU, memory, I/O and processes **per group**. What does the build machine offer?

# %%
unified = Path("/sys/fs/cgroup/cgroup.controllers")          # present only on a cgroup v2 host
if unified.exists():
    mode, controllers = "v2: a single tree, every controller in it", unified.read_text().split()
else:                                                        # v1: a separate tree per controller
    rows = [line.split() for line in Path("/proc/cgroups").read_text().splitlines()[1:]]
    controllers = [name for name, _, _, enabled in rows if enabled == "1"]
    mode = "v1: a separate tree per controller"
print("cgroup", mode)
print("controllers:", ", ".join(sorted(controllers)))

# %% [markdown] slideshow={"slide_type": "fragment"}
# On a cgroup v2 host, the default of current distributions, a process in a Docker container shows one line
# in `/proc/<pid>/cgroup`, e.g. `0::/system.slice/docker-3f2a9c41d7e0….scope`: one group per container,
# whose limit files (`memory.max`, `cpu.max`, `pids.max`) the runtime writes.

# %% [markdown] slideshow={"slide_type": "notes"}
# The cell reports what the build machine offers without printing where its own process sits. cgroup v2,
# in the kernel since 2016, is the default of systemd-based distributions (Debian since 11, Ubuntu since
# 21.10, Fedora, RHEL 9) and what current Kubernetes nodes expect; v1 gives every controller its own tree
# and survives on older hosts and in some sandboxes, which is what the first line reveals if it says v1.
# Point at the memory, cpu and pids controllers: they are the three limits of the next slide. The example
# in the fragment is what a cgroup v2 host shows for a container's process: the path names the container's
# scope, created by the runtime.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From `docker run` flags to cgroup files
#
# `docker run --memory 2g --cpus 1.5 --pids-limit 100 ...` becomes a few writes in the container's cgroup
# (cgroup v2 file names):

# %%
def cgroup_settings(memory="2g", cpus=1.5, pids=100, period_us=100_000):
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    return {"memory.max": int(float(memory[:-1]) * units[memory[-1].lower()]),   # bytes
            "cpu.max": f"{int(cpus * period_us)} {period_us}",   # quota per period, in µs
            "pids.max": pids}

cgroup_settings()

# %% [markdown] slideshow={"slide_type": "fragment"}
# Over its memory limit the container is **killed** (OOM); over its CPU quota it is **throttled**: 1.5 CPUs =
# 150 ms of CPU time every 100 ms. Kubernetes' `limits` end up in exactly these files.

# %% [markdown] slideshow={"slide_type": "notes"}
# The CPU limit is a quota: in every period of 100 milliseconds the processes of the group may use 150
# milliseconds of CPU time in total, spread over any cores. The memory limit is hard. This is why a Dask
# worker should know its container's memory limit: it can spill to disk before the kernel kills it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Union file systems: layers stacked into one tree
#
# - An image is a stack of **read-only layers**; each layer holds the files a build step added or changed
# - **overlayfs** (in the kernel) merges them: `lowerdir` = the image layers, `upperdir` = the container's
#   **writable layer**, `merged` = what the container sees as `/`
# - Reading a file: the top-most layer that has it wins
# - Writing a file from a lower layer: it is first copied up (**copy-on-write**)
# - Deleting a file from a lower layer: a **whiteout** marker in the upper layer hides it
# - Layers are identified by the **hash of their content**: identical layers are stored once and shared
#
# Next slides: the same mechanics, rebuilt with `tarfile` and a dictionary.

# %% [markdown] slideshow={"slide_type": "notes"}
# The layered design is what makes images cheap: ten containers of the same image share its layers on
# disk and in the page cache, and each only adds its own small writable layer. Deleting the container
# deletes the writable layer; the image is untouched, which is why containers are disposable.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Live: three layers as tar archives

# %%
def write_layer(name, files):
    """A layer is a tar archive; None as content marks a deleted file (a whiteout)."""
    path = WORK / f"{name}.tar"
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for member, text in files.items():
            if text is None:                               # OCI convention: an empty ".wh.<name>" file
                folder, _, base = member.rpartition("/")
                member, text = f"{folder}/.wh.{base}", ""
            info = tarfile.TarInfo(member)                 # mtime 0, uid 0: reproducible bytes
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return path

# %% tags=["hide-output"]
layers = {"base": write_layer("base", {"etc/os-release": "Debian 13", "usr/bin/python3": "<interpreter>",
                                       "etc/motd": "Welcome!"}),
          "deps": write_layer("deps", {"usr/lib/python3/dask/__init__.py": "version = '2026.8.0'",
                                       "usr/lib/python3/pandas/__init__.py": "version = '2.3.3'"}),
          "app": write_layer("app", {"app/job.py": "print('hello')", "etc/motd": None})}

# %%
for name, path in layers.items():
    digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{name:4} {short(digest)} {tarfile.open(path).getnames()}")

# %% [markdown] slideshow={"slide_type": "notes"}
# This is literally the format of an OCI image layer: a tar archive of the files a build step produced,
# named by its SHA-256 digest. The third layer adds our program and deletes the welcome message of the base
# layer with a whiteout file. Because the archives are reproducible, rebuilding them gives the same digests.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Live: stack the layers into the container's `/`

# %%
def merge(layers):
    """Apply the layers bottom-up, as overlayfs shows them: the top-most copy wins."""
    view = {}
    for name, path in layers.items():
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                folder, _, base = member.name.rpartition("/")
                if base.startswith(".wh."):                            # a whiteout hides a lower file
                    view.pop(f"{folder}/{base[4:]}", None)
                else:
                    view[member.name] = (name, tar.extractfile(member).read().decode())
    return view

image = merge(layers)
table(pd.DataFrame([(p, layer, text) for p, (layer, text) in sorted(image.items())],
                   columns=["path", "from layer", "content"]), size=18)

# %% [markdown] slideshow={"slide_type": "notes"}
# The merged view has the files of all three layers, each tagged with the layer it comes from, and no
# etc/motd any more: the whiteout in the app layer hides it although the base layer still contains it.
# Real overlayfs does the same lookups in the kernel, directory by directory, without copying anything.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Live: a container's writable layer, with `ChainMap`

# %%
image_files = {path: text for path, (_, text) in image.items()}     # read-only: shared by all containers
writable_a, writable_b = {}, {}                                        # one thin layer per container
container_a = ChainMap(writable_a, image_files)                        # writes go to the first mapping
container_b = ChainMap(writable_b, image_files)

container_a["app/job.py"] = "print('patched in A')"                   # copy-on-write
container_a["tmp/result.csv"] = "x,y\n1,2"
print("A sees:   ", container_a["app/job.py"], "| B sees:", container_b["app/job.py"])
print("A's layer:", list(writable_a), "| image still has:", image_files["app/job.py"])

# %% [markdown] slideshow={"slide_type": "notes"}
# A ChainMap looks keys up in its mappings in order and writes only into the first one: exactly the
# behaviour of an upper layer over read-only lower layers. Container A's changes stay in A's layer; B and
# the image are untouched. Delete the container, and its writable layer goes with it: persistent data
# belongs in volumes or object storage.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Images, layers, containers: the vocabulary

# %% tags=["hide-input"]
voc = digraph(rankdir="BT", size="11,4.2!", nodesep="0.35", ranksep="0.45")
voc.node("image", "{app: job.py|deps: dask, pandas|base: Debian + Python}", shape="record",
         style="filled", fillcolor=PALETTE["storage"], xlabel="image dask-job:1.0\n(read-only layers)")
for c in "ABC":
    voc.node(c, f"{{container {c}|writable layer}}", shape="record", style="filled", fillcolor=PALETTE["compute"])
    voc.edge("image", c, label="docker run" if c == "A" else "")
voc.node("dockerfile", "Dockerfile\n(the recipe)", shape="note", fillcolor=PALETTE["data"])
voc.edge("dockerfile", "image", label="docker build", dir="back")
voc

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Layer**: files added by one build step · **Image**: ordered layers + configuration, named `name:tag` ·
# **Container**: a running (or stopped) instance of an image, with its own writable layer ·
# **Dockerfile**: the recipe · **Registry**: where images are stored and shared

# %% [markdown] slideshow={"slide_type": "notes"}
# An analogy that works for programmers: the image is a class, containers are instances; an image built
# FROM another image is a subclass that adds layers on top of its parent. Three containers of one image
# share every read-only layer and only differ by their thin writable layers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Live: how much do layers save?
#
# Five fictional images of a data team, with realistic sizes (MB, uncompressed); a layer is identified by
# its digest, so a shared parent is stored once:

# %% tags=["remove-cell"]
BASE = [("debian-13-slim", 80), ("python-3.12", 50)]
DEPS = [("pip: dask, pandas, pyarrow", 310)]
IMAGES = {
    "python:3.12-slim": BASE,
    "team/dask-etl:1.0": BASE + DEPS + [("etl.py v1.0", 1)],
    "team/dask-etl:1.1": BASE + DEPS + [("etl.py v1.1", 1)],
    "team/spark-job:2.0": BASE + [("openjdk-17-jre", 190), ("pip: pyspark", 430), ("job.py", 1)],
    "team/notebook:3.0": BASE + DEPS + [("pip: jupyterlab", 160)],
}

# %%
rows, on_disk = [], set()
for image_name, image_layers in IMAGES.items():      # pulled to the same machine, in this order
    new = [(layer, size) for layer, size in image_layers if layer not in on_disk]
    on_disk.update(layer for layer, _ in image_layers)
    rows.append({"image": image_name, "layers": len(image_layers),
                 "size MB": sum(size for _, size in image_layers),
                 "downloaded MB": sum(size for _, size in new)})
pulls = pd.DataFrame(rows)
display(table(pulls, size=18))
print(f"{pulls['size MB'].sum()} MB of images, {pulls['downloaded MB'].sum()} MB actually stored")

# %% [markdown] slideshow={"slide_type": "notes"}
# The second version of the ETL image costs one megabyte to ship, because only its last layer changed. The
# Spark and notebook images reuse the Python base. This is why the order of instructions in a Dockerfile
# matters: put what changes rarely at the bottom, what changes often at the top.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Docker: the tool that made containers popular
#
# - **2013**: dotCloud, a small PaaS company, open-sources Docker (PyCon lightning talk, March); the
#   company becomes Docker Inc.
# - Containers were not new (chroot 1979, FreeBSD jails, Solaris zones, LXC 2008): Docker made them
#   **easy**: a recipe (Dockerfile), an image format, a public registry (Docker Hub), a simple CLI
# - **2015**: the Open Container Initiative standardises images and runtimes
# - **2017**: containerd goes to the CNCF; Docker's open-source core becomes the **Moby** project
# - **2021**: Docker Desktop becomes paid for larger companies (free for students, education, small firms)
# - Today: Docker Engine (open source), Docker Desktop, Docker Hub, Docker Build Cloud...

# %% [markdown] slideshow={"slide_type": "notes"}
# Docker's slogan is build, share and run any application anywhere. Its success came from the developer
# experience, not from new kernel technology. The company split its open-source parts into projects
# governed by foundations, which is why Kubernetes and Podman can use the same standards today.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Anatomy of a Dockerfile: a small Dask image
#
# Written by the deck with the exact versions of its own environment:

# %% tags=["hide-input"]
pins = " ".join(f"{p}=={version(p)}" for p in ("dask", "distributed", "pandas", "pyarrow", "bokeh"))
dockerfile = f"""\
FROM python:{sys.version_info.major}.{sys.version_info.minor}-slim
# dependencies first: this layer is rebuilt only when the versions change
RUN pip install --no-cache-dir {pins}
RUN useradd --create-home --uid 1000 dask
USER dask
WORKDIR /home/dask
# our code last: it changes most often
COPY --chown=dask:dask etl.py .
EXPOSE 8786 8787
ENTRYPOINT ["dask"]
CMD ["scheduler"]
"""
(WORK / "Dockerfile").write_text(dockerfile)
print(dockerfile)

# %% [markdown] slideshow={"slide_type": "notes"}
# Read it top to bottom: a slim official Python base, the pinned libraries in one layer, an unprivileged
# user, a working directory, our code, the ports of the scheduler and its dashboard, and the default
# command. The same image runs a worker with `docker run dask-etl worker tcp://scheduler:8786`, because
# the arguments replace CMD and are appended to the ENTRYPOINT.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Can we build it here?

# %%
engine_socket = any(Path(p).exists() for p in ("/var/run/docker.sock", "/run/docker.sock"))
print("docker command line:", "present" if shutil.which("docker") else "absent")
print("Docker engine socket:", "present" if engine_socket else "absent")
print("podman:", "present" if shutil.which("podman") else "absent")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The machine that built these slides has **no container engine**, so the image is not built here:
# `docker build -t dask-etl:0.1 .` is the first step of the hands-on, on your own machine.

# %% [markdown] slideshow={"slide_type": "notes"}
# Being honest about the environment: a CLI without a daemon cannot build or run anything, because all the
# work is done by the engine. The Dockerfile was written to a temporary folder and would build as is.
# Students will run it on their laptops or in Cloud Shell, which has Docker installed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The main Dockerfile instructions

# %% tags=["hide-input"]
grid([("FROM", "the parent image; every image starts from one (or from scratch)"),
      ("RUN", "run a command at build time; its file changes become a new layer"),
      ("COPY / ADD", "copy files from the build context into the image (ADD also fetches and unpacks)"),
      ("ENV / ARG", "environment variables of the container / variables of the build only"),
      ("WORKDIR", "the current directory for the next instructions and at run time"),
      ("USER", "the user the next instructions and the container run as"),
      ("EXPOSE", "documents the ports the application listens on"),
      ("ENTRYPOINT / CMD", "the program started by docker run / its default arguments")],
     ["instruction", "what it does"], size=19)

# %% [markdown] slideshow={"slide_type": "notes"}
# Each instruction creates a layer or changes the image configuration. The Dockerfile is plain text:
# versioned with the code, reviewed, and rebuilt identically by anyone, as long as the versions are pinned
# and any data it downloads is fixed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Build, ship, run

# %% tags=["hide-input"]
bsr = digraph(rankdir="LR", size="11.5,4!", nodesep="0.3", ranksep="0.55")
bsr.node("src", "Git repository\nDockerfile + code", shape="note", fillcolor=PALETTE["data"])
with bsr.subgraph(name="cluster_build") as b:
    b.attr(label="laptop or CI", style="rounded", color="#64748b")
    b.node("img", "image\ndask-etl:0.1", shape="box3d", fillcolor=PALETTE["storage"])
bsr.node("reg", "Registry\nDocker Hub, GHCR,\nArtifact Registry", shape="cylinder", fillcolor=PALETTE["control"])
with bsr.subgraph(name="cluster_run") as r:
    r.attr(label="any host: VM, cluster node", style="rounded", color="#64748b")
    for c in "ABC":
        r.node(f"c{c}", f"container {c}", fillcolor=PALETTE["compute"])
        bsr.edge("reg", f"c{c}", label="docker pull\n+ run" if c == "B" else "")
bsr.edge("src", "img", label="docker build")
bsr.edge("img", "reg", label="docker push")
bsr

# %% [markdown] slideshow={"slide_type": "fragment"}
# ```bash
# docker build -t ghcr.io/alice/dask-etl:0.1 .      # build from the Dockerfile in "."
# docker push ghcr.io/alice/dask-etl:0.1            # ship: upload the missing layers
# docker run --rm -p 8787:8787 ghcr.io/alice/dask-etl:0.1   # run, on any machine
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the whole workflow. In real projects the build and push happen in continuous integration on
# every commit, and the run happens in Kubernetes or a cloud service. Only missing layers travel in both
# directions, thanks to content addressing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Registries and image names
#
# Public: Docker Hub (pull limits for anonymous users), GitHub (`ghcr.io`), Quay (`quay.io`); cloud:
# Google Artifact Registry (Container Registry shut down in March 2025), Amazon ECR, Azure ACR; self-hosted: Harbor.

# %%
def parse(ref):
    """Split an image reference the way Docker reads it."""
    ref, _, digest = ref.partition("@")
    first, _, rest = ref.partition("/")
    registry = first if rest and ("." in first or ":" in first or first == "localhost") else "docker.io"
    path = rest if registry == first else ref
    path = path if "/" in path or registry != "docker.io" else "library/" + path   # official images
    path, _, tag = path.partition(":")
    return {"registry": registry, "repository": path, "tag": tag or ("" if digest else "latest"),
            "digest": short(digest) if digest else ""}

refs = ["python:3.12-slim", "jupyter/scipy-notebook", "ghcr.io/dask/dask:2026.8.0",
        "europe-west9-docker.pkg.dev/my-project/images/etl:0.1", "localhost:5000/etl@sha256:" + "ab" * 32]
table(pd.DataFrame(map(parse, refs)), size=17)

# %% [markdown] slideshow={"slide_type": "notes"}
# A name without a registry means Docker Hub, and a single-word name means an official image in the library
# namespace. A missing tag means latest, which is only a convention and can change at any moment: pin a tag,
# or better a digest, which identifies the exact content. Google's Container Registry was replaced by
# Artifact Registry, whose host names start with the region.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Docker's architecture

# %% tags=["hide-input"]
arch = digraph(rankdir="TB", size="11.5,4.6!", nodesep="0.6", ranksep="0.45")
arch.node("cli", "docker CLI\nbuild, run, push", shape="oval", fillcolor=PALETTE["data"])
arch.node("dockerd", "dockerd\n(Docker Engine)\nimages, builds (BuildKit),\nnetworks, volumes",
          fillcolor=PALETTE["control"])
arch.node("containerd", "containerd\nimage store, snapshots,\ncontainer lifecycle", fillcolor=PALETTE["control"])
arch.node("shim", "containerd-shim\n(one per container)", fillcolor=PALETTE["compute"])
arch.node("runc", "runc\n(OCI runtime)", fillcolor=PALETTE["compute"])
arch.node("kernel", "Linux kernel\nnamespaces · cgroups\noverlayfs · seccomp", shape="box3d",
          fillcolor=PALETTE["neutral"])
arch.node("registry", "registry", shape="cylinder", fillcolor=PALETTE["storage"])
arch.node("kubelet", "kubelet\n(Kubernetes)", shape="oval", fillcolor=PALETTE["data"])
arch.edge("cli", "dockerd", label="REST API\n(unix socket)")
arch.edge("dockerd", "containerd", label="gRPC")
arch.edge("kubelet", "containerd", label="CRI", style="dashed")
arch.edges([("containerd", "shim"), ("shim", "runc"), ("runc", "kernel")])
arch.edge("dockerd", "registry", label="pull / push", dir="both")
for row in (["cli", "dockerd", "registry"], ["kubelet", "containerd"], ["shim", "runc", "kernel"]):
    with arch.subgraph() as same:
        same.attr(rank="same")
        for name in row:
            same.node(name)
arch

# %% [markdown] slideshow={"slide_type": "notes"}
# The docker command is only a client: it sends HTTP requests to the daemon over a socket, which is why it
# could be installed here without an engine. The daemon delegates containers to containerd, which starts a
# small shim per container, and the shim calls runc, which sets up namespaces and cgroups and then executes
# the program. Kubernetes skips dockerd entirely and talks to containerd through the CRI.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The OCI standards
#
# The **Open Container Initiative** (Linux Foundation, 2015) keeps containers tool-independent:
#
# - **image spec**: layers (tar archives), a JSON configuration, a **manifest** listing them by digest
# - **runtime spec**: how to run an unpacked image (`config.json` + root file system); runc is the reference
# - **distribution spec**: the HTTP API of registries (push and pull by digest)
#
# Docker, Podman, containerd, CRI-O, Apptainer, Kubernetes and every registry implement them: an image
# built by one tool runs with all the others.

# %% [markdown] slideshow={"slide_type": "notes"}
# The OCI was created in 2015 by Docker, CoreOS, Google and others, when competing container formats
# threatened to split the ecosystem. Docker donated its image format and runc. Version 1.0 of the image and
# runtime specifications came out in 2017, the distribution specification in 2021.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ## Live: our three layers as an OCI image manifest

# %%
def descriptor(media_type, data):
    return {"mediaType": media_type, "digest": "sha256:" + hashlib.sha256(data).hexdigest(), "size": len(data)}

config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["python3", "/app/job.py"]},
                     "rootfs": {"type": "layers", "diff_ids": [descriptor("", p.read_bytes())["digest"]
                                                               for p in layers.values()]}}).encode()
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": descriptor("application/vnd.oci.image.config.v1+json", config),
            "layers": [descriptor("application/vnd.oci.image.layer.v1.tar", p.read_bytes())
                       for p in layers.values()]}
print("image digest = digest of the manifest:", short(descriptor("", json.dumps(manifest).encode())["digest"]))
table(pd.DataFrame([manifest["config"], *manifest["layers"]]).assign(digest=lambda d: d.digest.map(short)),
      size=16)

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the real structure: a manifest points to a configuration blob and to the layer blobs, all by
# SHA-256 digest and size. The digest of the manifest itself is the image digest that you can pin with
# @sha256. Registries add an index on top, listing one manifest per CPU architecture, which is how
# the same tag serves x86 and ARM machines. Real layers are usually gzip or zstd compressed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Podman and other runtimes
#
# - **Podman** (Red Hat): same commands as Docker (`alias docker=podman`), **no daemon**, **rootless**
#   by default (user namespaces, as in our `unshare` demo), pods like Kubernetes
# - **Buildah**, **Skopeo**: build images and copy them between registries without a daemon
# - **Apptainer** (formerly Singularity): the HPC favourite; one `.sif` file per image, runs as *you*,
#   uses the cluster's file systems and GPUs; converts Docker images
# - **containerd + nerdctl**, **CRI-O**: the runtimes under Kubernetes
# - Stronger isolation: **gVisor** (a kernel in user space), **Kata Containers** and **Firecracker**
#   (lightweight VMs per container)
# - Desktops: Docker Desktop, Podman Desktop, Rancher Desktop, Colima: all run a small Linux VM

# %% [markdown] slideshow={"slide_type": "notes"}
# Thanks to OCI, an image built with Docker runs with Podman, containerd or Apptainer, and vice versa.
# HPC centres rarely allow Docker, because its daemon runs as root; Apptainer fits their security model.
# When isolation must be stronger than a shared kernel, for example for untrusted code, providers put each
# container in its own micro-VM.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: `docker run` on a fresh machine
#
# You type `docker run ghcr.io/dask/dask:2026.8.0` on a machine that never saw this image. What happens?
#
# 1. Docker builds the image from its Dockerfile, then runs it
# 2. Docker pulls the missing layers from the registry, adds a writable layer, and starts the entrypoint as
#    an isolated process
# 3. Docker boots a virtual machine with the Linux kernel stored in the image
# 4. Docker copies the image's files into your home directory and runs them

# %% [markdown] slideshow={"slide_type": "fragment"}
# <p class="quiz-answer">Answer: 2.</p>
#
# Build happens once, elsewhere; run = pull what is missing + writable layer + namespaces and cgroups.

# %% [markdown] slideshow={"slide_type": "notes"}
# This question checks the build, ship, run workflow and the layer model together. A second run of the
# same command starts in about a second, because every layer is now on disk. There is no kernel in the
# image: answer 3 describes a virtual machine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Containers for data science
#
# - **Reproducibility**: an experiment, a paper's figures, a trained model with its exact environment
# - **Shared environments**: the whole team, the CI and the cluster use the same image
# - **Hand-over and deployment**: a model served from an image; versions = tags
# - **System dependencies** pip cannot install: Java for Spark, GDAL, CUDA drivers' user space
# - **Scaling out**: Dask and Spark workers on Kubernetes are containers of *your* image
#
# Ready-made images: Jupyter Docker Stacks (`quay.io/jupyter/...`), Pangeo, Rocker (R), NVIDIA NGC (GPU).

# %% [markdown] slideshow={"slide_type": "notes"}
# For a data scientist the first benefit is reproducibility: a result can be re-run years later from an
# image digest. The second is scale: on a cluster, every worker must have the same libraries as the client,
# and an image is the simplest way to guarantee it. The Jupyter images moved from Docker Hub to Quay in 2023.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Binder, repo2docker and dev containers
#
# - **repo2docker** turns a Git repository into an image from the files it already has:
#   `environment.yml`, `requirements.txt`, `apt.txt`, `postBuild`, `install.R`... (or a Dockerfile)
# - **Binder** (mybinder.org, BinderHub) runs repo2docker, then starts the image with Jupyter for anyone
# - **Dev containers** (`.devcontainer/devcontainer.json`): VS Code, GitHub Codespaces, JetBrains open the
#   project *inside* a container

# %%
course_repo = Path("..")                            # the course repository (decks run from slides/)
seen = ["environment.yml", "requirements.txt", "apt.txt", "postBuild", "Dockerfile", "binder"]
print("repo2docker would find here:", [name for name in seen if (course_repo / name).exists()])

# %% [markdown] slideshow={"slide_type": "-"}
# ```json
# {"image": "mcr.microsoft.com/devcontainers/python:3.12",
#  "features": {"ghcr.io/devcontainers/features/java:1": {"version": "17"}},
#  "postCreateCommand": "pip install -r requirements.txt", "forwardPorts": [8787, 8888]}
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# No Dockerfile needed: repo2docker reads the usual environment files and writes the Dockerfile itself.
# This course's repository has an environment.yml, so Binder would build it with conda. The dev container
# file asks an editor to open the project in a Python image with Java added, a setup that suits Spark.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Good practices
#
# - **Small images**: `-slim` or distroless bases, `--no-cache-dir`, a `.dockerignore`, multi-stage builds
# - **Pinned versions**: base image tag (or digest), exact package versions or a lock file; never `latest`
# - **Non-root**: a `USER` in the image; drop capabilities; read-only root file system where possible
# - **Cache-friendly order**: dependencies first, code last (next slide)
# - **No secrets in layers**: a deleted file is still in the layer below; use build secrets and env vars
# - **One process per container**, logs to stdout, configuration from the environment
# - **Scan** images for known vulnerabilities (Trivy, Grype, registry scanners) and rebuild regularly

# %% [markdown] slideshow={"slide_type": "notes"}
# The secrets point surprises students: remember the whiteout demo, deleting a file in a later layer only
# hides it, the bytes are still in the image for anyone who pulls it. Pinning is what makes a rebuild next
# year give the same environment; scanning and regular rebuilds are what keep it secure.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Live: why the order of instructions matters
#
# The build cache reuses a step when its parent, its instruction and its input files are unchanged.
# We edit `etl.py` and rebuild two Dockerfiles:

# %%
def build(steps, files, cache):
    key, rebuilt = "", []
    for instruction, inputs, seconds in steps:
        key = hashlib.sha256((key + instruction + "".join(files[f] for f in inputs)).encode()).hexdigest()
        if key not in cache:
            cache.add(key)
            rebuilt.append((instruction, seconds))
    return rebuilt

code_first = [("COPY . .", ["requirements.txt", "etl.py"], 1), ("RUN pip install -r requirements.txt", [], 90)]
deps_first = [("COPY requirements.txt .", ["requirements.txt"], 1),
              ("RUN pip install -r requirements.txt", [], 90), ("COPY etl.py .", ["etl.py"], 1)]
for name, steps in [("code first", code_first), ("dependencies first", deps_first)]:
    files, cache = {"requirements.txt": "dask==2026.8.0", "etl.py": "v1"}, set()
    build(steps, files, cache)                                   # first build fills the cache
    files["etl.py"] = "v2"                                       # a one-line change in our code
    rebuilt = build(steps, files, cache)
    print(f"{name:18}: {len(rebuilt)} step(s) rebuilt, ~{sum(s for _, s in rebuilt)} s")

# %% [markdown] slideshow={"slide_type": "notes"}
# Each step's cache key chains the previous key with the instruction and the content of the files it
# copies, which is how BuildKit decides. When the code is copied before installing dependencies, every
# code change invalidates the expensive pip install. Copying only the requirements first keeps that layer
# cached: the rebuild takes a second.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Multi-stage builds: build tools stay behind
#
# ```dockerfile
# FROM python:3.12 AS build                      # big image: compilers, headers
# RUN python -m venv /opt/venv
# COPY requirements.txt .
# RUN /opt/venv/bin/pip install --no-cache-dir -r requirements.txt
#
# FROM python:3.12-slim                          # small final image
# COPY --from=build /opt/venv /opt/venv          # only the result of the first stage
# ENV PATH=/opt/venv/bin:$PATH
# RUN useradd --uid 1000 app
# USER app
# COPY etl.py /app/
# CMD ["python", "/app/etl.py"]
# ```
#
# Only the last stage is shipped: smaller images, fewer tools for an attacker, faster pulls.

# %% [markdown] slideshow={"slide_type": "notes"}
# The first stage has everything needed to compile packages; the second copies only the finished virtual
# environment into a slim base. Both stages use the same Python version and path, so the copied environment
# works. The same pattern is used for compiled languages, where the final image can hold a single binary.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Hands-on: your first containers
#
# 1. Install Docker Engine (Linux), Docker Desktop or Podman, or use **Cloud Shell**; `docker run hello-world`
# 2. `docker run -it --rm python:3.12-slim python`; in another terminal `docker ps`, `docker images`
# 3. `docker run --rm -p 8888:8888 quay.io/jupyter/scipy-notebook` and open the printed URL
# 4. Save the Dask Dockerfile of this deck with a small `etl.py`; `docker build -t dask-etl:0.1 .`,
#    then `docker history dask-etl:0.1` and `docker image inspect dask-etl:0.1`
# 5. A Dask cluster of containers:
#    `docker network create dask`,
#    `docker run -d --name scheduler --network dask -p 8787:8787 dask-etl:0.1`,
#    `docker run -d --network dask dask-etl:0.1 worker tcp://scheduler:8786`; open localhost:8787
# 6. Push the image to Artifact Registry in your Google Cloud project (or GHCR); clean up with
#    `docker system prune`

# %% [markdown] slideshow={"slide_type": "notes"}
# Students with an ARM laptop get ARM images automatically when they exist; the official Python and Jupyter
# images are multi-architecture. Step five is the bridge to Kubernetes: a scheduler and workers as
# containers on a shared network, found by name. In deck 12, Kubernetes starts these same containers for us.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key takeaways
#
# - A container is an **isolated process**: **namespaces** (what it sees), **cgroups** (what it uses), a
#   **layered file system** (its `/`), on the host's kernel
# - An **image** = read-only layers + configuration, addressed by **digest**, named `registry/repo:tag`
# - **Build** (Dockerfile) → **ship** (registry) → **run** (any engine): the OCI standards make it portable
# - Docker = CLI + dockerd + containerd + runc; Podman and Apptainer run the same images without a daemon
# - For data science: reproducible environments, identical workers, Binder and dev containers
# - Small, pinned, non-root, cache-friendly images

# %% [markdown] slideshow={"slide_type": "notes"}
# Summarise by going back to the unshare demo and the three tar layers: students who remember those two
# pictures understand containers better than most users of Docker. Deck 12 shows how Kubernetes runs
# thousands of such containers on a fleet of machines.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - The OCI standards: [image spec](https://github.com/opencontainers/image-spec),
#   [runtime spec](https://github.com/opencontainers/runtime-spec),
#   [distribution spec](https://github.com/opencontainers/distribution-spec)
# - Linux: [namespaces(7)](https://man7.org/linux/man-pages/man7/namespaces.7.html),
#   [Control Group v2](https://www.kernel.org/doc/html/latest/admin-guide/cgroup-v2.html),
#   [overlayfs](https://www.kernel.org/doc/html/latest/filesystems/overlayfs.html) (whiteouts, copy-up)
# - Docker's [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
# - B. Burns et al., [*Borg, Omega, and Kubernetes*](https://queue.acm.org/detail.cfm?id=2898444), ACM Queue
#   (2016): ten years of containers at Google, and why the kernel features came from there

# %% [markdown] slideshow={"slide_type": "notes"}
# The OCI specifications are short and readable: the image manifest we rebuilt by hand is described in the
# image spec. The cgroup v2 document is the reference for every limit file named in this deck; the
# overlayfs page explains whiteouts and copy-up exactly as the tar-layer demo showed them.
