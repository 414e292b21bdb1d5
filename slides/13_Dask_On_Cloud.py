# ---
# jupyter:
#   course:
#     title: Deploying a Data Platform with Kubernetes and Dask
#     day: 2
#     slot: 13:15-14:00
#     summary: "A data platform on Kubernetes: JupyterHub, the Dask operator, Dask-Gateway, Pangeo"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Deploying a Data Platform with Kubernetes and Dask
#
# Notebooks for every user, Dask clusters on demand, data in object storage
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# Deck 12 gave us Kubernetes: objects, controllers, operators. This one assembles a complete
# data platform on top of it, the kind that research teams and companies run: JupyterHub for the users and
# Dask for the distributed computations. The lab that follows deploys the Dask part step by step.

# %% tags=["remove-cell"]
# Setup the audience does not need: plotting, SVG figures, the short traceback style for the error slide.
import time

import matplotlib.pyplot as plt
import numpy as np

from course import digraph
from course.diagrams import PALETTE

get_ipython().run_line_magic("xmode", "Minimal")
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['svg']")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **What a data platform needs**, and the one we build in this course
# 2. **JupyterHub** on Kubernetes, and DaskHub
# 3. **Dask on Kubernetes**: the Dask operator, Dask Gateway, plain manifests
# 4. **Pangeo**: a community and a software stack for big scientific data
# 5. **The same Dask code**, on a laptop or on the cluster; scaling and autoscaling
# 6. **The lab**: deploy a Dask platform yourself

# %% [markdown] slideshow={"slide_type": "notes"}
# We go from the architecture to the concrete objects, then to the code the users run. The last part
# explains what the lab asks you to do, so that you can start it right after the session.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What does a data platform need?
#
# - **Interactive work** for many users: a notebook server each, a shared software environment
# - **Elastic compute**: a Dask (or Spark) cluster per user, as big as the problem, only while it is used
# - **Shared data**: object storage (S3, GCS, Azure Blob) holding Parquet and Zarr files
# - **Operations**: authentication, quotas, monitoring, upgrades, and a bill that follows the usage
#
# Kubernetes gives the common layer: containers for the environments, pods for users and workers,
# node pools that grow and shrink.

# %% [markdown] slideshow={"slide_type": "notes"}
# These needs come from real platforms such as the Pangeo deployments used by climate scientists. A laptop
# covers the first need only; a classic HPC cluster covers compute but not elasticity. The cloud plus
# Kubernetes lets us pay for workers only while a computation runs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The platform of this course

# %% tags=["hide-input"]
plat = digraph(rankdir="TB", size="10,5.3!", nodesep="0.35", ranksep="0.45")
plat.node("browser", "Students' browsers", shape="oval", fillcolor=PALETTE["data"])
pools = {"core": ("core node pool", "#fffbeb", "#b45309"), "users": ("user node pool", "#fdf2f8", "#be185d"),
         "dask": ("Dask node pool: autoscaled, 0 to 10 nodes", "#f0fdf4", "#15803d")}
nodes = {"core": [("proxy", "proxy-public\n(LoadBalancer)"), ("hub", "JupyterHub\nlogin + KubeSpawner"),
                  ("operator", "Dask operator\nor Dask Gateway")],
         "users": [("alice", "jupyter-alice\npod + disk"), ("bob", "jupyter-bob\npod + disk")],
         "dask": [("sched", "scheduler pod\n+ Service :8786"), ("workers", "worker pods x 4\n(scaled by Dask)")]}
colour = {"core": PALETTE["control"], "users": PALETTE["data"], "dask": PALETTE["compute"]}
with plat.subgraph(name="cluster_k8s") as kube:
    kube.attr(label="Kubernetes cluster (GKE, EKS, AKS... or kind on a laptop)", style="rounded", color="#334155")
    for pool, (label, fill, line) in pools.items():
        with kube.subgraph(name=f"cluster_{pool}") as box:
            box.attr(label=label, style="rounded,filled", fillcolor=fill, color=line)
            with box.subgraph() as row:
                row.attr(rank="same")
                for name, text in nodes[pool]:
                    row.node(name, text, fillcolor=colour[pool])
plat.node("bucket", "Object storage bucket: Parquet, Zarr", shape="cylinder", fillcolor=PALETTE["storage"])
plat.edge("browser", "proxy", label=" HTTPS")
plat.edge("proxy", "hub")
plat.edge("hub", "alice", label=" spawns")
plat.edge("hub", "bob")
plat.edge("alice", "operator", label=" new cluster", style="dashed", constraint="false")
plat.edge("operator", "workers", label=" creates")
plat.edge("alice", "sched", label=" Client")
plat.edge("sched", "workers", dir="both")
plat.edge("workers", "bucket", label=" read, write")
plat

# %% [markdown] slideshow={"slide_type": "notes"}
# Read it from the left. The browser reaches the hub through one public address; the hub authenticates the
# student and starts a notebook pod for them. From the notebook, the student asks for a Dask cluster: the
# operator or the gateway creates a scheduler and workers in a separate, autoscaled node pool. Workers read
# the data directly from the bucket, never through the notebook.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## JupyterHub on Kubernetes
#
# - **JupyterHub**: multi-user Jupyter; a *hub* (login, spawner) and a *proxy* in front of user servers
# - **Zero to JupyterHub**: the official Helm chart; `helm upgrade --install` with a `config.yaml`
# - **KubeSpawner**: one pod per user, from the image you choose, with a persistent volume for `$HOME`
# - Idle servers are culled; user pods can use their own node pool that scales to zero at night
# - **BinderHub** (mybinder.org) builds images from a Git repository and launches them on the same stack
#
# **DaskHub** = a Helm chart bundling JupyterHub and Dask Gateway; its pinned versions lag behind, so
# install the two charts (or JupyterHub + the Dask operator) directly.

# %% [markdown] slideshow={"slide_type": "notes"}
# Zero to JupyterHub is the standard way to run JupyterHub on Kubernetes, maintained by the Jupyter
# community. The old course used the DaskHub chart; it still exists but pins old versions of its two
# components, which is why we recommend combining the upstream charts yourself.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Three ways to run Dask on Kubernetes
#
# | | plain manifests / `dask` Helm chart | **Dask operator** (dask-kubernetes) | **Dask Gateway** |
# |---|---|---|---|
# | what you get | one long-lived cluster | clusters as `DaskCluster` resources | clusters through a gateway server |
# | created by | `kubectl apply`, Helm | `kubectl apply` or `KubeCluster(...)` | `gateway.new_cluster()` |
# | users | one team | people with Kubernetes rights | many users, no Kubernetes rights |
# | extras | none | autoscaling, `DaskJob`, worker groups | auth, per-user limits, options form |
# | used in | the lab | the lab (optional part) | JupyterHub platforms |

# %% [markdown] slideshow={"slide_type": "notes"}
# The choice depends on who the users are. A team that owns its namespace is happy with the operator; a
# platform for hundreds of students needs the gateway, which hides Kubernetes and enforces limits. The lab
# starts with plain manifests, because they show every object the other two create for you.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The Dask operator
#
# ```bash
# helm install --repo https://helm.dask.org --create-namespace -n dask-operator \
#      --generate-name dask-kubernetes-operator          # once per cluster: CRDs + controller
# ```
#
# ```python
# from dask_kubernetes.operator import KubeCluster
# cluster = KubeCluster(name="demo", n_workers=4)       # creates a DaskCluster resource
# client = cluster.get_client()                         # port-forward when outside the cluster
# cluster.scale(10); cluster.adapt(minimum=0, maximum=20)
# ```
#
# The classic `KubeCluster` (pod templates) was deprecated in 2022 and removed in 2024: old tutorials break.

# %% [markdown] slideshow={"slide_type": "notes"}
# The operator is installed once by the cluster administrator. After that, a Python user creates a cluster
# with KubeCluster, which only writes a DaskCluster object; the operator does the rest. adapt lets the Dask
# scheduler ask for more or fewer workers depending on the work queued.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A `DaskCluster`, built live

# %%
from course import k8s

cluster = k8s.dask_cluster("demo", "dask-lab", workers=4, cpu="2", memory="4Gi")
view = {"metadata": cluster["metadata"],
        "spec": {"worker": cluster["spec"]["worker"], "scheduler": "... pod spec + service spec"}}
print(k8s.to_yaml(view, compact=True))

# %% [markdown] slideshow={"slide_type": "notes"}
# The course helper builds the pod specs with the official Kubernetes client and wraps them in the custom
# resource. Only the worker part is shown: four replicas, each with two cores and four gibibytes reserved
# and capped. The operator will name the workers and pass them the scheduler address itself.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Validated against the operator's own schema

# %%
from dask_kubernetes.operator import make_cluster_spec

print("ours:      ", k8s.validate(cluster))
print("operator's:", k8s.validate(make_cluster_spec("demo", n_workers=4)))

# %% tags=["raises-exception"]
wrong = k8s.dask_cluster("demo", "dask-lab")
wrong["spec"]["workers"] = wrong["spec"].pop("worker")        # "workers" instead of "worker"
k8s.validate(wrong)

# %% [markdown] slideshow={"slide_type": "notes"}
# The schema comes from the CustomResourceDefinition shipped inside the dask-kubernetes package, the one
# the Helm chart installs. Both our resource and the one generated by the operator's helper pass. A typo in
# a field name is caught with its path, before anything reaches a cluster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Dask Gateway: clusters as a service
#
# - A **gateway server** in the cluster: a REST API, authentication (JupyterHub tokens, Kerberos...) and a
#   proxy that routes each client to its scheduler
# - Backends: **Kubernetes**, HPC job queues, YARN; administrators set limits and a cluster options form
#
# ```python
# from dask_gateway import Gateway
# gateway = Gateway()                       # address and auth come from the JupyterHub config
# options = gateway.cluster_options()       # e.g. worker_cores 1-4, worker_memory 1-8 GiB, image
# cluster = gateway.new_cluster(options)
# cluster.scale(20)
# client = cluster.get_client()
# cluster.shutdown()                        # or it stops when its idle timeout expires
# ```

# %% [markdown] slideshow={"slide_type": "notes"}
# The gateway is what makes a shared platform safe: users never touch Kubernetes objects, they only ask the
# gateway for clusters within the limits the administrator allows. Remind students to shut clusters down,
# or rely on the idle timeout, because workers cost money while they exist.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Pangeo: a community and a stack
#
# - A community of geoscientists and developers working with huge simulation and satellite datasets
# - The **stack**: Jupyter + **Dask** + **Xarray** + **Zarr**, with fsspec, Kerchunk / VirtualiZarr, Icechunk
# - A **recipe**: JupyterHub + Dask on Kubernetes (cloud) or on HPC job queues, data in cloud object storage
# - Docker images maintained by the community (`pangeo-notebook`, `ml-notebook`)
# - The public Pangeo cloud hubs were shut down at the end of 2024: run your own platform (like today's)
#
# On day 3, deck 22 takes Dask itself in depth, with Xarray and Zarr from the Pangeo stack.

# %% [markdown] slideshow={"slide_type": "notes"}
# Pangeo is the origin of much of this architecture: DaskHub and Dask Gateway were developed largely for
# it. The community stopped operating public hubs, but the software, the images and the recipes are alive.
# Point out that students will reuse Xarray and Zarr in the Dask session on day 3 (deck 22).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The same Dask code, here on a local cluster

# %%
from course import dask_client
import dask.array as da

client = dask_client()                 # LocalCluster here; a remote scheduler when DASK_SCHEDULER_ADDRESS is set
print(f"{len(client.scheduler_info()['workers'])} workers, {sum(client.nthreads().values())} threads")

rng = da.random.default_rng(2026)
points = rng.random((20_000_000, 2), chunks=(2_000_000, 2))   # 20 M points in 10 chunks
inside = ((points ** 2).sum(axis=1) <= 1).sum()
start = time.perf_counter()
print(f"pi ≈ {4 * inside.compute() / len(points):.5f} in {time.perf_counter() - start:.1f} s")

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the classic Monte Carlo estimate of pi: the fraction of random points of the unit square that
# fall inside the quarter circle. The graph has ten independent chunks, so it spreads over any number of
# workers. Nothing in this cell knows where the workers run: that is decided by the client.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Only the client changes
#
# | where the workers run | how the notebook gets its client |
# |---|---|
# | this laptop or build machine | `Client(LocalCluster(n_workers=2))` |
# | plain manifests (the lab) | `Client("tcp://dask-scheduler.dask-lab.svc:8786")` |
# | the Dask operator | `KubeCluster(name="demo").get_client()` |
# | Dask Gateway | `Gateway().new_cluster().get_client()` |
# | the course helper | `dask_client()`: reads `DASK_SCHEDULER_ADDRESS`, else a LocalCluster |
#
# Same Dask version everywhere: the images run `ghcr.io/dask/dask:` + the notebook's `dask.__version__`.

# %% [markdown] slideshow={"slide_type": "notes"}
# The computation code is identical; only the first lines change. This is why we develop on a laptop with a
# small sample and move to the cluster for the full data. Versions matter: the client, the scheduler and the
# workers must run the same Dask, distributed and Python versions, or Dask prints mismatch warnings or fails.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Scaling and autoscaling: ask for 20 workers

# %% tags=["hide-input"]
# A simple model, not a measurement: a node fits 3 workers, the pool starts with 1 node and may grow to
# 5; a new node is ready after 100 s; the user closes the cluster at 600 s; idle nodes go after 10 minutes.
t = np.arange(0, 1500, 5)
asked = np.where(t < 600, 20, 0)
nodes = np.select([t < 100, t < 1200], [1, 5], 1)
running = np.select([t < 15, t < 115, t < 600], [0, 3, 15], 0)
fig, ax = plt.subplots(figsize=(12, 4.6), dpi=90)
ax.step(t, asked, where="post", ls="--", color="#64748b", label="workers asked")
ax.step(t, running, where="post", lw=2.5, color="#15803d", label="workers running")
ax.step(t, nodes, where="post", lw=2.5, color="#b45309", label="nodes in the Dask pool")
ax.fill_between(t, running, asked, step="post", color="#fde68a", alpha=0.5, label="pods Pending")
ax.annotate("pool maximum reached:\n5 pods stay Pending", (230, 16.6), fontsize=13)
ax.set_title("A simple model, not a measurement: 3 workers per node, at most 5 nodes", fontsize=13, loc="left")
ax.annotate("cluster closed", (610, 12), fontsize=13)
ax.annotate("idle nodes removed", (1210, 2.2), fontsize=13)
ax.set_xlabel("seconds after cluster.scale(20)")
ax.legend(loc="upper right", fontsize=13)
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Walk through the curves. Pods that do not fit stay Pending; the cluster autoscaler sees them and adds
# nodes, which takes a minute or two. When the pool reaches its maximum, or a cloud quota, the remaining pods
# wait forever. After the cluster closes, the nodes stay for a while before the autoscaler removes them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: where are my workers?
#
# You run `cluster.scale(20)`. After five minutes the dashboard shows 15 workers and
# `kubectl get pods` shows 5 worker pods `Pending`. What is the most likely reason?
#
# 1. Dask cannot use more than 15 workers per scheduler
# 2. The node pool reached its maximum size (or a quota): no node has room for the pods' requests
# 3. The scheduler crashed after the 15th worker
# 4. The worker image is too large to download

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: 2.** `Pending` means "not scheduled": no node satisfies the resource requests.
# `kubectl describe pod` shows the reason (`Insufficient cpu`, `max node group size reached`...).

# %% [markdown] slideshow={"slide_type": "notes"}
# This is the question the old hands-on asked after scaling to twenty workers. A Dask scheduler handles
# thousands of workers, and a crashed scheduler would lose all of them. A slow image pull gives
# ContainerCreating, not Pending. Teach students to read kubectl describe before guessing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The lab: deploy a Dask platform on Kubernetes

# %% tags=["hide-input"]
lab = digraph(rankdir="TB", size="9.5,4.6!", nodesep="0.5", ranksep="0.35")
lab.node("build", "1. Build objects\nkubernetes client", fillcolor=PALETTE["control"])
lab.node("check", "2. Validate\nKubernetes + CRD schemas", fillcolor=PALETTE["control"])
lab.node("write", "3. Write YAML\nmanifests/", shape="note", fillcolor=PALETTE["data"])
lab.node("cluster", "cluster\navailable?", shape="diamond", fillcolor=PALETTE["neutral"])
lab.node("apply", "4a. Apply, wait,\nport-forward", fillcolor=PALETTE["compute"])
lab.node("local", "4b. LocalCluster\non this machine", fillcolor=PALETTE["compute"])
lab.node("run", "5. Same Dask code\npi, dataframe, scale", fillcolor=PALETTE["storage"])
with lab.subgraph() as row:
    row.attr(rank="same")
    row.edges([("build", "check"), ("check", "write")])
lab.edge("write", "cluster")
lab.edge("cluster", "apply", label="yes")
lab.edge("cluster", "local", label="no")
lab.edges([("apply", "run"), ("local", "run")])
lab

# %% [markdown] slideshow={"slide_type": "fragment"}
# Run it anywhere: the course environment, Binder, or your own cluster (`kind create cluster`, then start
# Jupyter with `KUBECONFIG` set). Students can also `kubectl apply -f manifests/` by hand.

# %% [markdown] slideshow={"slide_type": "notes"}
# The lab never needs a cloud account: without a cluster it validates and writes the manifests, then runs
# the computations on a local Dask cluster. With kind or a real cluster, the same notebook applies the
# manifests and connects to the scheduler. Exercises are marked; the checks after each step tell you
# whether your answer is right.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: who repairs the worker?
#
# A `DaskCluster` asks for 4 workers. You delete one worker pod with `kubectl delete pod`. Then...
#
# 1. The cluster keeps 3 workers until you apply the resource again
# 2. The Dask operator notices 3 workers instead of 4 and creates a new worker pod
# 3. The whole Dask cluster is deleted
# 4. The scheduler restarts and all results are lost

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: 2.** The operator is a controller: it reconciles the DaskCluster's desired state, exactly like
# a Deployment's controller does for pods. Running tasks of the lost worker are recomputed by Dask.

# %% [markdown] slideshow={"slide_type": "notes"}
# Two levels of resilience meet here. Kubernetes, through the operator, restores the number of workers;
# Dask, through its task graph, recomputes the results that lived on the lost worker. Together they make
# worker failures an inconvenience rather than a disaster.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What changed since older tutorials (late 2026)
#
# - dask-kubernetes (2026.3) is **operator only**: classic `KubeCluster` and `HelmCluster` are gone
# - Dask Gateway is maintained (2026.3); its chart needs Kubernetes 1.30 or newer
# - The DaskHub chart lags: prefer Zero to JupyterHub + Dask Gateway or the operator
# - No public Pangeo hubs any more; Coiled runs Dask on plain VMs, without Kubernetes
# - CLI: `dask scheduler`, `dask worker` (the old `dask-worker` name still appears in generated specs)
# - Images: pin a Dask version instead of `latest`

# %% [markdown] slideshow={"slide_type": "notes"}
# Many tutorials found online were written for the classic dask-kubernetes API and fail today. Use this
# slide as a checklist when reading older material, including the previous version of this course.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key takeaways
#
# - A data platform = **JupyterHub** for people + **Dask clusters** on demand + **object storage** for data
# - On Kubernetes: operators (Dask operator) or gateways (Dask Gateway) create clusters for users
# - Custom resources such as `DaskCluster` can be built in Python and validated before deployment
# - The computation code does not change between a laptop and the cloud: only the client does
# - Autoscaling has limits: resource requests, node pool sizes, quotas
#
# **Next**: lab 13, build and deploy this platform yourself.

# %% [markdown] slideshow={"slide_type": "notes"}
# Close by connecting to the lab: everything in these takeaways appears in it, from building the objects to
# running the same code locally or on a cluster. On day 3, deck 22 studies Dask itself, the engine that runs on
# this platform.


# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - [Dask Kubernetes operator](https://kubernetes.dask.org/) (the `DaskCluster` resource, `KubeCluster`) and
#   Dask's [Kubernetes deployment guide](https://docs.dask.org/en/stable/deploying-kubernetes.html)
# - [Dask-Gateway](https://gateway.dask.org/): clusters as a service, with authentication
# - [Zero to JupyterHub with Kubernetes](https://z2jh.jupyter.org/): the JupyterHub Helm chart
# - The [operator pattern](https://kubernetes.io/docs/concepts/extend-kubernetes/operator/) and
#   [custom resources](https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/custom-resources/)
# - [Pangeo](https://pangeo.io/): the community and its stack

# %% [markdown] slideshow={"slide_type": "notes"}
# Point students who want to deploy the platform for real to the operator documentation first, then to
# Zero to JupyterHub. The Kubernetes pages on operators explain the pattern behind every item of this deck.
