# ---
# jupyter:
#   course:
#     title: Containers Orchestration with Kubernetes
#     day: 2
#     slot: 11:15-12:15
#     summary: "Why orchestration, Kubernetes architecture and objects, manifests built from Python, managed offers"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Containers Orchestration with Kubernetes
#
# From one container on a laptop to thousands of containers on a fleet of machines
#
# Big Data Processing & Distribution

# %% [markdown] slideshow={"slide_type": "notes"}
# This session explains how data platforms are run in production today. We start from containers, see why
# running many of them needs an orchestrator, then open Kubernetes: its architecture, its objects and the
# way it keeps the cluster in the state we ask for. Every manifest on these slides was built by Python code
# with the official Kubernetes client while the deck was generated, and checked against the real schema.

# %% tags=["remove-cell"]
# Setup the audience does not need: plotting, tables, the quieter traceback style for the error slide.
import tempfile
from itertools import count

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Rectangle

from course import digraph, k8s
from course.diagrams import PALETTE, vm_vs_container

get_ipython().run_line_magic("xmode", "Minimal")
get_ipython().run_line_magic("config", "InlineBackend.figure_formats = ['svg']")
pd.set_option("display.max_colwidth", 60)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Today's plan
#
# 1. **Containers recap**: what they package, how they differ from virtual machines
# 2. **Why orchestration**: many containers on many machines
# 3. **Kubernetes architecture**: control plane, nodes, the reconciliation loop
# 4. **Objects**: Pod, Deployment, Service, ConfigMap, Namespace, built from Python
# 5. **Validation and deployment**: schemas, `kubectl apply`, Helm, operators
# 6. **Managed offers**: CaaS (GKE, EKS, AKS) and PaaS (Databricks, Coiled)

# %% [markdown] slideshow={"slide_type": "notes"}
# The first two parts are short: they set up the problem. Most of the time goes to parts three and four,
# because the vocabulary of Kubernetes objects is what students need to read the manifests of the lab.
# The last part connects Kubernetes to the managed data platforms they will meet in companies.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Containers recap: why package software this way?
#
# - Code must run the same on a laptop, in CI, in test, in production, on any cloud
# - A **container image** bundles the application, its libraries and its runtime
# - Build it **once**, run it **anywhere** a container runtime exists
# - Containers start in about a second and are thrown away freely: *cattle, not pets*
# - For data science: reproducible experiments, shared environments, deployable models

# %% [markdown] slideshow={"slide_type": "notes"}
# Remind students of the problem containers solve: "it works on my machine". The image is a frozen file
# system with everything the program needs except the kernel. Because images are immutable and start fast,
# we stop repairing individual servers and simply replace containers, which is the key to orchestration.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Containers vs virtual machines

# %% tags=["hide-input"]
vm_vs_container()

# %% [markdown] slideshow={"slide_type": "notes"}
# Both give isolation and portability. A virtual machine carries a full guest operating system, so it is
# heavier, slower to start and its resources are reserved up front. Containers share the host kernel and
# only bring their libraries: they are light, but the isolation is weaker because a kernel bug affects
# every container on the machine.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Images, registries and runtimes
#
# - **Image**: read-only layers plus metadata, named `registry/project/name:tag` (OCI standard)
# - **Registry**: where images are pushed and pulled (Docker Hub, GitHub, cloud registries)
# - **Runtime**: starts containers from images with Linux namespaces and cgroups
# - Kubernetes talks to runtimes through the CRI: **containerd** or **CRI-O**
# - Docker's own shim was removed in Kubernetes 1.24 (2022): Docker-built images still run, they are OCI

# %% [markdown] slideshow={"slide_type": "notes"}
# Students often think Kubernetes runs Docker. It runs OCI images through a CRI runtime, nowadays containerd
# or CRI-O; images built with Docker, Podman or Buildah all work. Namespaces isolate what a process sees and
# cgroups limit what it uses: the CPU and memory limits we write later become cgroup settings on the node.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Why orchestration?
#
# One container is easy. A platform runs **thousands** on **hundreds** of machines. Who decides:
#
# - **where** each container runs, given the free CPU and memory of every machine?
# - how many copies run, and how to **scale** them up and down with the load?
# - how clients **find** them when their addresses keep changing?
# - what happens when a container crashes or a machine **dies**?
# - how to roll out a **new version** with no downtime, and roll back?

# %% [markdown] slideshow={"slide_type": "notes"}
# Ask the room how they would do this with shell scripts and SSH: it quickly becomes a full-time job. An
# orchestrator automates exactly these decisions: placement, scaling, service discovery, self-healing and
# rolling updates. For a data platform, the same questions apply to Spark executors or Dask workers.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From Borg to Kubernetes
#
# | when | what |
# |---|---|
# | mid-2000s | Google runs its services on **Borg**, an internal cluster manager (paper in 2015) |
# | June 2014 | Google announces **Kubernetes** ("helmsman" in Greek, short **k8s**), open source |
# | July 2015 | Kubernetes 1.0; donated to the new **Cloud Native Computing Foundation** |
# | March 2018 | first project to *graduate* at the CNCF |
# | 2026 | 1.36 in April, 1.37 in August: three minor releases a year, each supported for about 14 months |
#
# Alternatives faded: Docker Swarm is marginal; Apache Mesos (with Marathon) went to the Apache Attic in
# 2025; CoreOS Fleet was discontinued.

# %% tags=["hide-input"]
print(f"This deck checks its manifests against the schemas of Kubernetes {k8s.K8S_VERSION}")

# %% [markdown] slideshow={"slide_type": "notes"}
# Kubernetes inherits a decade of lessons from Borg, in particular the declarative model and the idea of
# labels. Its success comes from the open governance of the CNCF and from every cloud offering it as a
# managed service. Today, learning Kubernetes is learning the standard interface to a cluster. Dates:
# 1.36 "Haru" came out on 22 April 2026, 1.37 on 26 August 2026, and 1.38 is planned for 16 December
# 2026; each minor release gets regular patches for 12 months, then 2 months of maintenance mode. The
# printed line comes from the installed schema package, so it follows the course's environment.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: what is *not* the job of an orchestrator?
#
# 1. Restart a container that crashed
# 2. Place containers on machines that have enough free CPU and memory
# 3. Write the Dockerfile that builds your application's image
# 4. Change the number of running copies when the load changes

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: 3.** The image is built before deployment (by you or your CI); the orchestrator only runs it.
# Restarting, placing and scaling are exactly what it automates.

# %% [markdown] slideshow={"slide_type": "notes"}
# Give the audience thirty seconds. Some students will hesitate on answer 4: autoscaling is indeed an
# orchestrator feature in Kubernetes, with the HorizontalPodAutoscaler. Building images belongs to the
# "build" step of build, ship, run, not to the "run" step.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kubernetes architecture

# %% tags=["hide-input"]
arch = digraph(rankdir="LR", size="10,5.2!", nodesep="0.2", ranksep="0.5")
arch.node("you", "kubectl, Helm,\nPython client\n(HTTPS)", shape="oval", fillcolor=PALETTE["data"])
with arch.subgraph(name="cluster_cp") as cp:
    cp.attr(label="Control plane", style="rounded,filled", fillcolor="#fffbeb", color="#b45309")
    cp.node("api", "kube-apiserver", fillcolor=PALETTE["control"])
    cp.node("etcd", "etcd\n(cluster state)", shape="cylinder", fillcolor=PALETTE["storage"])
    for name in ["kube-scheduler", "kube-controller-manager", "cloud-controller-manager"]:
        cp.node(name, name, fillcolor=PALETTE["control"])
for n in (1, 2):
    with arch.subgraph(name=f"cluster_node{n}") as node:
        node.attr(label=f"Worker node {n}", style="rounded,filled", fillcolor="#f0fdf4", color="#15803d")
        node.node(f"kubelet{n}", "kubelet", fillcolor=PALETTE["compute"])
        node.node(f"proxy{n}", "kube-proxy", fillcolor=PALETTE["compute"])
        node.node(f"cri{n}", "containerd", fillcolor=PALETTE["compute"])
        node.node(f"pods{n}", "Pod | Pod | Pod", shape="record", fillcolor=PALETTE["data"])
        node.edge(f"kubelet{n}", f"cri{n}")
        node.edge(f"cri{n}", f"pods{n}")
arch.edge("you", "api")
arch.edge("api", "etcd", dir="both")
for name in ["kube-scheduler", "kube-controller-manager", "cloud-controller-manager"]:
    arch.edge(name, "api", dir="both", style="dashed")
for n in (1, 2):
    arch.edge("api", f"kubelet{n}", dir="both", label="watch")
    arch.edge("api", f"proxy{n}", style="dashed")
arch

# %% [markdown] slideshow={"slide_type": "notes"}
# Walk the picture from left to right. Every client, including the other control-plane components, only
# talks to the API server; only the API server reads and writes etcd. On each worker node, the kubelet
# watches the API server for pods assigned to its node and asks the container runtime to start them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The control plane: the brain
#
# - **kube-apiserver**: the only entry point; authenticates, validates and stores every object (REST + watch)
# - **etcd**: a consistent, replicated key-value store holding the whole cluster state
# - **kube-scheduler**: picks a node for each new pod, from its resource *requests* and constraints
# - **kube-controller-manager**: runs the controllers (Deployment, ReplicaSet, Job, Node...) that
#   turn desired state into actions
# - **cloud-controller-manager**: talks to the cloud (load balancers, node lifecycle, routes)
#
# In production it runs on 3 or 5 machines (etcd needs a majority); managed offers hide it completely.

# %% [markdown] slideshow={"slide_type": "notes"}
# The important idea is that the components do not call each other: they all read and write objects
# through the API server and react to changes they watch. etcd uses the Raft consensus protocol, which is
# why an odd number of members is used. On GKE, EKS or AKS you never see these machines.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The worker nodes: the muscles
#
# - **kubelet**: the node agent; starts the pods assigned to its node, runs their health probes, reports
#   their status
# - **container runtime** (containerd, CRI-O): pulls images, creates containers with namespaces and cgroups
# - **kube-proxy**: programs the node's network rules so that a Service address reaches its pods
# - **Pod**: the unit of scheduling: one or more containers sharing an IP address and volumes
#
# Nodes are interchangeable: a pool of identical VMs that the cloud can add or remove.

# %% [markdown] slideshow={"slide_type": "notes"}
# A pod is not a container: it is a small group of containers that always run together on the same node,
# for example an application and a log shipper. Most pods have a single container. Nodes are cattle too:
# when one disappears, the control plane recreates its pods elsewhere.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Declarative: you describe the goal, controllers do the work

# %% tags=["hide-input"]
loop = digraph(rankdir="TB", size="9,4.8!", nodesep="0.7", ranksep="0.4")
loop.node("spec", "You: kubectl apply\nDeployment web, replicas: 3", shape="note", fillcolor=PALETTE["data"])
loop.node("desired", "Desired state: spec\n(stored in etcd)", shape="cylinder", fillcolor=PALETTE["storage"])
loop.node("diff", "2. Compare\n3 wanted, 2 running", fillcolor=PALETTE["control"])
loop.node("act", "3. Act\ncreate 1 pod", fillcolor=PALETTE["compute"])
loop.node("observe", "1. Observe\nthe pods that really run", fillcolor=PALETTE["compute"])
loop.node("actual", "Actual state: status\n(the real world)", shape="cylinder", fillcolor=PALETTE["storage"])
for pair in (("spec", "desired"), ("act", "observe")):
    with loop.subgraph() as row:
        row.attr(rank="same")
        row.node(pair[0])
        row.node(pair[1])
loop.edge("spec", "desired")
loop.edge("desired", "diff")
loop.edge("diff", "act")
loop.edge("act", "actual", label=" changes")
loop.edge("actual", "observe", label=" watched")
loop.edge("observe", "diff", label=" forever", style="dashed")
loop

# %% [markdown] slideshow={"slide_type": "notes"}
# This loop is the heart of Kubernetes. You never say "start a container": you store a desired state, and
# controllers endlessly compare it with what they observe and act to reduce the difference. Because the loop
# never stops, failures are repaired without anybody running a command.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A reconciliation loop in a few lines of Python

# %%
desired, nodes = 3, ["node-a", "node-b", "node-c"]
pods = {"web-1": "node-a", "web-2": "node-b", "web-3": "node-b"}
new_id = count(4)

def reconcile(pods, nodes, desired):
    running = {pod: node for pod, node in pods.items() if node in nodes}     # 1. observe
    while len(running) < desired:                                            # 2. compare
        least_busy = min(nodes, key=list(running.values()).count)
        running[f"web-{next(new_id)}"] = least_busy                         # 3. act
    return running

nodes.remove("node-b")                                  # a machine dies...
print("after the failure:", {p: n for p, n in pods.items() if n in nodes})
print("after reconcile:  ", reconcile(pods, nodes, desired))

# %% [markdown] slideshow={"slide_type": "notes"}
# This toy controller has the same shape as the real ReplicaSet controller: observe, compare, act. The
# machine node-b disappears with two pods; the next pass sees one running pod out of three and creates two
# replacements on the least loaded nodes. The real scheduler uses free CPU and memory instead of a count.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Kubernetes objects: the vocabulary
#
# | family | objects | what for |
# |---|---|---|
# | workloads | **Pod**, ReplicaSet, **Deployment** | run and keep *N* copies of a stateless app |
# | | StatefulSet, DaemonSet | stable names and disks (databases); one pod per node (agents) |
# | batch | Job, CronJob | run to completion, once or on a schedule |
# | network | **Service**, Ingress, Gateway API | a stable address and load balancing; HTTP routing from outside |
# | configuration | **ConfigMap**, Secret | settings and credentials kept out of the image |
# | storage | PersistentVolume, PersistentVolumeClaim | disks that outlive pods |
# | organisation | **Namespace**, labels, HorizontalPodAutoscaler | scopes and quotas; grouping; scaling with load |
#
# Each object has `apiVersion`, `kind`, `metadata` (name, labels) and usually `spec` (what you want).

# %% [markdown] slideshow={"slide_type": "notes"}
# We cannot cover every object; the ones in bold are built on the next slides. Insist on the common shape:
# the spec is written by you, the status is written by the cluster. Ingress still works, but the popular
# ingress-nginx controller was retired (announced in November 2025, no more fixes after March 2026) and the
# Gateway API is the recommended path now.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A Pod, built with the Python client

# %%
from kubernetes import client as k
from course import k8s  # small course helpers: to_yaml, validate, write_manifests, apply

size = k.V1ResourceRequirements(requests={"cpu": "250m", "memory": "128Mi"},
                                limits={"cpu": "500m", "memory": "256Mi"})
hello = k.V1Container(name="hello", image="python:3.13-slim", resources=size,
                      command=["python", "-c", "print('hello from a pod')"])
pod = k.V1Pod(api_version="v1", kind="Pod", metadata=k.V1ObjectMeta(name="hello"),
              spec=k.V1PodSpec(containers=[hello], restart_policy="Never"))
print(k8s.to_yaml(pod, compact=True))

# %% [markdown] slideshow={"slide_type": "notes"}
# The official client has one Python class per Kubernetes type, with snake_case attributes. The helper
# turns the object into the camelCase dictionary the API expects and prints it as YAML: exactly what you
# would write by hand in hello.yaml. Note that we rarely create bare pods: nothing recreates them if they die.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Requests and limits
#
# - **requests**: what the pod is *guaranteed*; the scheduler only places it on a node with that much free
# - **limits**: the ceiling, enforced by cgroups on the node
#   - above its CPU limit a container is **throttled** (slowed down)
#   - above its memory limit it is **killed** (`OOMKilled`) and restarted
# - CPU in cores or millicores (`250m` = a quarter of a core), memory in bytes (`128Mi`, `2Gi`)
# - requests = limits gives the *Guaranteed* class: the last to be evicted under pressure
#
# For Dask or Spark workers: set the worker memory limit to the container limit.

# %% [markdown] slideshow={"slide_type": "notes"}
# This slide matters for the lab. If requests are too high, pods stay Pending because no node has room;
# if limits are too low, workers are OOMKilled in the middle of a computation. Dask reads its container's
# memory limit and starts spilling to disk before reaching it, which only works if the limit is set.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A Deployment: keep 3 copies running

# %%
labels = {"app": "web"}
web = k.V1Container(name="web", image="nginx:1.29")
deploy = k.V1Deployment(
    api_version="apps/v1", kind="Deployment", metadata=k.V1ObjectMeta(name="web"),
    spec=k.V1DeploymentSpec(
        replicas=3, selector=k.V1LabelSelector(match_labels=labels),
        template=k.V1PodTemplateSpec(metadata=k.V1ObjectMeta(labels=labels),
                                     spec=k.V1PodSpec(containers=[web]))))
print(k8s.to_yaml(deploy, compact=True))

# %% [markdown] slideshow={"slide_type": "notes"}
# A Deployment holds a pod template and a number of replicas. The selector says which pods belong to it,
# through their labels, so the labels of the template must match. Changing the image in the template
# triggers a rolling update: new pods are started before old ones are stopped.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Who owns what: Deployment, ReplicaSet, Pods, Service

# %% tags=["hide-input"]
own = digraph(rankdir="LR", size="10,4!")
own.node("dep", "Deployment web\nreplicas: 3, image nginx:1.29", fillcolor=PALETTE["control"])
own.node("rs", "ReplicaSet web-5d8f\n(one per version)", fillcolor=PALETTE["control"])
own.node("svc", "Service web\nselector app=web\nweb.shop.svc:80", fillcolor=PALETTE["storage"])
own.node("client", "other pods", shape="oval", fillcolor=PALETTE["neutral"])
for i, suffix in enumerate(["q7x", "k2m", "z9t"]):
    own.node(f"p{i}", f"Pod web-5d8f-{suffix}\nlabels app=web", fillcolor=PALETTE["data"])
    own.edge("svc", f"p{i}", style="dashed", color="#2563eb", label="selects by label" if i == 0 else "")
    own.edge("rs", f"p{i}", label="owns" if i == 2 else "")
own.edge("dep", "rs", label="owns")
own.edge("client", "svc", label="http://web")
own

# %% [markdown] slideshow={"slide_type": "notes"}
# The Deployment creates a ReplicaSet per version of the template, and the ReplicaSet creates the pods.
# The Service does not own anything: it continuously selects the pods whose labels match and balances
# traffic between them. Labels and selectors are how loosely coupled objects find each other.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A Service: one stable name in front of changing pods

# %%
svc = k.V1Service(
    api_version="v1", kind="Service", metadata=k.V1ObjectMeta(name="web"),
    spec=k.V1ServiceSpec(selector=labels,            # the pods labelled app=web
                         ports=[k.V1ServicePort(name="http", port=80, target_port=80)]))
print(k8s.to_yaml(svc, compact=True))

# %% [markdown] slideshow={"slide_type": "fragment"}
# Inside the cluster, `http://web` (or `web.<namespace>.svc.cluster.local`) now reaches one of the 3 pods.
# Types: `ClusterIP` (default, internal), `NodePort`, `LoadBalancer` (a cloud load balancer).

# %% [markdown] slideshow={"slide_type": "notes"}
# Pods come and go with new IP addresses each time; the Service gives a fixed virtual IP and a DNS name.
# The Dask scheduler in the lab is reached exactly like this: workers connect to the scheduler's Service
# name, not to a pod address. LoadBalancer services are how something becomes reachable from the Internet.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A Namespace and a ConfigMap

# %%
shop = k.V1Namespace(api_version="v1", kind="Namespace", metadata=k.V1ObjectMeta(name="shop"))
settings = k.V1ConfigMap(api_version="v1", kind="ConfigMap",
                         metadata=k.V1ObjectMeta(name="web-settings", namespace="shop"),
                         data={"LOG_LEVEL": "info", "CACHE_MB": "256"})
web.env_from = [k.V1EnvFromSource(config_map_ref=k.V1ConfigMapEnvSource(name="web-settings"))]
deploy.metadata.namespace = svc.metadata.namespace = "shop"      # next to their ConfigMap
print(k8s.to_yaml([shop, settings], compact=True))

# %% [markdown] slideshow={"slide_type": "notes"}
# A namespace is a named scope: names must be unique inside it, and quotas and permissions apply per
# namespace, which is how several teams or students share one cluster. The ConfigMap keeps settings out of
# the image; the last code line makes the web container receive them as environment variables.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Check manifests offline, against the real schema

# %%
objects = [shop, settings, pod, deploy, svc]
newest = k8s.K8S_VERSION                                        # the newest schemas installed
oldest = f"1.{int(newest.split('.')[1]) - 2}"                   # Kubernetes patches the 3 newest minors
pd.DataFrame([{"object": f"{o.kind}/{o.metadata.name}", "apiVersion": o.api_version,
               "valid for": f"{k8s.validate(o, oldest)} and {k8s.validate(o, newest)}"} for o in objects])

# %% [markdown] slideshow={"slide_type": "fragment"}
# `k8s.validate` uses the published OpenAPI schemas (package `kubernetes-validate`) in **strict** mode:
# unknown fields are errors, as with `kubectl apply --validate=strict` on a real API server.

# %% [markdown] slideshow={"slide_type": "notes"}
# Without a cluster we can still catch most mistakes before deploying. The schemas come from the
# Kubernetes releases themselves, so the same manifest can be checked against the version of the target
# cluster: here the newest release whose schemas are installed and the oldest one still patched. Strict mode matters: a plain API call only gets a warning for an unknown field, which is dropped.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## A manifest with three mistakes

# %% tags=["raises-exception"]
bad = k8s.to_dict(deploy)
bad["spec"]["replica"] = 5                                         # typo: the field is "replicas"
bad["spec"]["template"]["spec"]["containers"][0]["port"] = 80     # no such field: "ports" is a list
del bad["spec"]["selector"]                                        # required: which pods are mine?
k8s.validate(bad)

# %% [markdown] slideshow={"slide_type": "notes"}
# Every problem is reported with its path in the document ($ is the top of the manifest). Without strict
# validation the typo "replica" would be dropped with a mere warning and the deployment would run a single
# pod, a bug that is hard to notice. The missing selector would be refused at apply time; here we see it before.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## From manifests to a running cluster
#
# - **`kubectl apply -f manifests/`**: send the desired state; create or update, never "run"
# - `kubectl get pods -w`, `kubectl describe pod ...`, `kubectl logs ...`: watch and debug
# - **Helm**: a *chart* = manifest templates + `values.yaml`; `helm install` renders and applies them
# - **GitOps** (Argo CD, Flux): the manifests live in Git, a controller applies every commit
# - **Python**: the same client we used applies objects (server-side apply)

# %%
paths = k8s.write_manifests([shop, settings, deploy, svc], tempfile.mkdtemp())
print([p.name for p in paths])
print("cluster available:", k8s.cluster_available())

# %% [markdown] slideshow={"slide_type": "notes"}
# The files are numbered so that kubectl applies the namespace first. This build machine has no cluster,
# so cluster_available says False and nothing is applied; in the lab the same call applies the manifests
# when a kubeconfig points to a real cluster. Helm is how most third-party software, including JupyterHub
# and the Dask operator, is installed.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Extending Kubernetes: custom resources and operators

# %% tags=["hide-input"]
op = digraph(rankdir="TB", size="9,4.4!", nodesep="0.5", ranksep="0.35")
op.node("crd", "CustomResourceDefinition\nteaches the API a new kind", fillcolor=PALETTE["neutral"])
op.node("user", "kubectl apply\nDaskCluster demo, 4 workers", shape="note", fillcolor=PALETTE["data"])
op.node("api", "kube-apiserver + etcd\nstores the DaskCluster", fillcolor=PALETTE["control"])
op.node("operator", "Dask operator\n(a controller, in a pod)", fillcolor=PALETTE["control"])
op.node("objs", "scheduler Pod + Service\n4 worker Pods", fillcolor=PALETTE["compute"])
op.edge("crd", "api", style="dashed", label=" installed once")
op.edge("user", "api")
op.edge("api", "operator", label=" watch", dir="both")
op.edge("operator", "objs", label=" creates, repairs, scales")
op

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Operator = CRD + controller**: domain knowledge (how to run Dask, Spark, Kafka, PostgreSQL...) coded as
# a reconciliation loop. Examples: Dask operator, Kubeflow Spark operator, Strimzi (Kafka).

# %% [markdown] slideshow={"slide_type": "notes"}
# A CustomResourceDefinition adds a new kind to the API, with its own schema; the operator is a program
# running in the cluster that watches those objects and reconciles them, exactly like the built-in
# controllers. Users then ask for "a Dask cluster with four workers" instead of writing pods and services.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The custom resources of the Dask operator

# %%
import yaml

rows = []
for path in sorted(k8s.CRD_FOLDER.glob("*.yaml")):      # CRDs shipped inside dask-kubernetes
    crd = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    rows.append({"kind": crd["spec"]["names"]["kind"], "group": crd["spec"]["group"],
                 "short names": ", ".join(crd["spec"]["names"].get("shortNames", [])),
                 "scope": crd["spec"]["scope"]})
pd.DataFrame(rows)

# %% [markdown] slideshow={"slide_type": "notes"}
# These are the four kinds the Dask operator adds once its Helm chart is installed. A DaskCluster creates a
# scheduler and a default worker group; DaskWorkerGroup adds more workers with other resources; DaskJob
# runs a script on a temporary cluster; DaskAutoscaler lets the scheduler decide how many workers it needs.
# Lab 13 builds and validates a DaskCluster against this very schema.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Who manages what: CaaS and PaaS

# %% tags=["hide-input"]
layers = ["Hardware, network", "Virtual machines", "Nodes: OS, runtime", "Control plane",
          "Containers, manifests", "Spark / Dask clusters", "Your code and data"]
offers = {"On premises": "YYYYYYY", "IaaS\n(VMs)": "PPYYYYY", "CaaS\nGKE, EKS, AKS": "PPSPYYY",
          "PaaS\nDatabricks, Coiled": "PPPPPSY"}
colours = {"Y": PALETTE["control"], "P": PALETTE["compute"], "S": PALETTE["storage"]}
fig, ax = plt.subplots(figsize=(12, 5.5), dpi=90)
for col, (offer, who) in enumerate(offers.items()):
    for row, (layer, w) in enumerate(zip(layers, who)):
        ax.add_patch(Rectangle((col * 2.45, row * 0.6), 2.35, 0.54, facecolor=colours[w], edgecolor="#334155"))
        ax.text(col * 2.45 + 1.175, row * 0.6 + 0.27, layer, ha="center", va="center", fontsize=12.5)
    ax.text(col * 2.45 + 1.175, 4.55, offer, ha="center", va="center", fontsize=12, fontweight="bold")
for i, (w, text) in enumerate([("Y", "you"), ("S", "shared"), ("P", "provider")]):
    ax.add_patch(Rectangle((9.95, 2.6 - i * 0.6), 0.3, 0.3, facecolor=colours[w], edgecolor="#334155"))
    ax.text(10.35, 2.75 - i * 0.6, text, va="center", fontsize=12)
ax.set_xlim(-0.05, 11.2)
ax.set_ylim(-0.05, 4.95)
ax.axis("off")
plt.show()

# %% [markdown] slideshow={"slide_type": "notes"}
# Read the chart column by column: the further right, the more the provider operates for you and the less
# you control. With managed Kubernetes (Containers as a Service) the provider runs the control plane and
# helps with nodes; you still write manifests. A data Platform as a Service gives you Spark or Dask
# clusters directly: you bring code and data.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Managed data platforms: control plane vs data plane

# %% tags=["hide-input"]
saas = digraph(rankdir="LR", size="10,4!", nodesep="0.4", ranksep="0.7")
saas.node("you", "Your notebook, IDE\nor scheduled job", shape="oval", fillcolor=PALETTE["data"])
with saas.subgraph(name="cluster_vendor") as v:
    v.attr(label="Vendor's account", style="rounded,filled", fillcolor="#fffbeb", color="#b45309")
    v.node("cp", "Control plane\nauth, UI, logs, costs", fillcolor=PALETTE["control"])
with saas.subgraph(name="cluster_customer") as c:
    c.attr(label="Your cloud account", style="rounded,filled", fillcolor="#f0fdf4", color="#15803d")
    with c.subgraph() as column:
        column.attr(rank="same")
        column.node("compute", "Compute: VMs or pods\nrunning Spark or Dask", fillcolor=PALETTE["compute"])
        column.node("bucket", "Your buckets", shape="cylinder", fillcolor=PALETTE["storage"])
saas.edge("you", "cp", label="API")
saas.edge("cp", "compute", label="provisions")
saas.edge("you", "compute", label="code, results", style="dashed")
saas.edge("compute", "bucket", dir="both", label="data")
saas

# %% [markdown] slideshow={"slide_type": "fragment"}
# - **Databricks**: managed Spark "lakehouse" (Delta Lake, Unity Catalog), classic or serverless compute
# - **Coiled**: managed Dask; it starts plain cloud VMs through the cloud APIs, **no Kubernetes** at all
# - On Kubernetes itself: **JupyterHub** / BinderHub, **Kubeflow**, the Dask and Spark operators

# %% [markdown] slideshow={"slide_type": "notes"}
# Many data platforms split a vendor-run control plane from compute that runs in the customer's account,
# close to the data and billed to the customer. Coiled explicitly chose not to use Kubernetes, to start
# clusters faster and avoid operating one; it shows that orchestration is a means, not a goal.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Quiz: a node dies
#
# Your Deployment `web` asks for 3 replicas. The node running 2 of them loses power. What happens?
#
# 1. Nothing until somebody runs `kubectl apply` again
# 2. The ReplicaSet controller sees 1 running pod out of 3 and creates 2 new pods on healthy nodes
# 3. etcd restarts the dead machine
# 4. The Service `web` is deleted because some of its pods disappeared

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Answer: 2.** The desired state (3) is still stored; reconciliation repairs the difference by itself.
# The Service simply stops routing to the dead pods and routes to the new ones.

# %% [markdown] slideshow={"slide_type": "notes"}
# This question checks that the declarative model is understood. Mention the delay: the node is marked
# unreachable after less than a minute, and by default its pods are evicted five minutes later, so repair
# is automatic but not instantaneous. etcd only stores state; it never touches machines.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Try it on your laptop
#
# - A local cluster in containers: **kind**, **k3d** or **minikube** (they need Docker or Podman)
# - `kind create cluster` then `kubectl get nodes`
# - `kubectl apply -f manifests/`, `kubectl get pods -w`, delete a pod and watch it come back
# - `kubectl scale deployment web --replicas 5`, `kubectl rollout undo deployment web`
# - Managed clusters for real work: GKE, EKS, AKS (all have free tiers or student credits)
#
# Lab 13 (Dask on Kubernetes, day 2) builds a Dask platform this way.

# %% [markdown] slideshow={"slide_type": "notes"}
# Encourage students to install kind before the lab if their laptop allows it; it runs a complete
# Kubernetes inside one container. Everything seen today works there, except cloud load balancers.
# Deleting a pod by hand and seeing it recreated is the best way to feel the reconciliation loop.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Key takeaways
#
# - Containers package software; an **orchestrator** places, scales, heals and updates them
# - Kubernetes = a **control plane** (API server, etcd, scheduler, controllers) + **worker nodes**
#   (kubelet, runtime, kube-proxy)
# - You declare a **desired state**; controllers **reconcile** it forever
# - Objects: Pod, Deployment, Service, ConfigMap, Namespace... as YAML or from Python
# - Validate manifests before applying them; operators extend Kubernetes to Dask, Spark...
# - Managed offers move the line between your work and the provider's

# %% [markdown] slideshow={"slide_type": "notes"}
# Summarise with the loop picture in mind: almost everything in Kubernetes is a controller reconciling a
# desired state. Deck 13 and lab 13 use this to deploy a full data platform: JupyterHub and Dask on
# Kubernetes, with the Dask operator.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Further reading
#
# - A. Verma et al., [*Large-scale cluster management at Google with Borg*](https://research.google/pubs/large-scale-cluster-management-at-google-with-borg/),
#   EuroSys 2015
# - B. Burns, B. Grant, D. Oppenheimer, E. Brewer, J. Wilkes, [*Borg, Omega, and Kubernetes*](https://queue.acm.org/detail.cfm?id=2898444),
#   ACM Queue 2016: what Kubernetes kept and changed from Borg
# - Kubernetes docs: [cluster components](https://kubernetes.io/docs/concepts/overview/components/);
#   release notes of [Kubernetes 1.37](https://kubernetes.io/releases/1.37/) and the
#   [1.38 schedule](https://github.com/kubernetes/sig-release/blob/master/releases/release-1.38/README.md)
# - [kubernetes-validate](https://github.com/willthames/kubernetes-validate), the schemas used on these slides;
#   the [Dask Kubernetes operator](https://kubernetes.dask.org/en/latest/operator.html)

# %% [markdown] slideshow={"slide_type": "notes"}
# The Borg paper and the ACM Queue article are the two readings to recommend: the second one is short and
# explains the reconciliation loop, labels and the Pod from the designers' point of view. The release pages
# give the support dates of each minor version.
