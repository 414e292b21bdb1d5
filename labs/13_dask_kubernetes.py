# ---
# jupyter:
#   course:
#     title: Deploy a Dask platform on Kubernetes
#     day: 2
#     slot: 14:00-17:15
#     summary: "Build, validate and deploy a Dask cluster on Kubernetes, or run the same code locally"
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: deploy a Dask platform on Kubernetes
#
# You will describe a small Dask cluster (a scheduler, its Service, two workers) as Kubernetes objects
# built with the official `kubernetes` Python client, check them against the Kubernetes schema, write them
# as YAML files, deploy them when a cluster is available, and run the same Dask computations on it. A last
# part writes the same cluster as a `DaskCluster` resource for the Dask operator.
#
# ## With or without a Kubernetes cluster
#
# - **Against a real Kubernetes cluster**: make one (`kind create cluster --name dask-lab` on a laptop with
#   Docker or Podman, or a managed GKE, EKS or AKS cluster), check that `kubectl get nodes` answers, and start
#   Jupyter with `KUBECONFIG` pointing to that cluster's configuration (or set `os.environ["KUBECONFIG"]` in
#   the first code cell). The notebook then really applies the manifests and connects to the scheduler.
#
# Without a cluster nothing is lost: every manifest is still built, validated and written to `manifests/`
# (next to this notebook, ready for `kubectl apply -f manifests/`), and the Dask part runs on a local cluster.
#
# **Exercises**: write your answer in the cells that say `# your code here`. The cells that follow contain
# `assert` checks: if they run silently, your answer is right; until you answer, they stop with a hint.

# %%
import os
import time
from pathlib import Path

import yaml
from kubernetes import client as k

from course import dask_client, k8s

NAMESPACE = "dask-lab"
MANIFESTS = Path("manifests")  # next to this notebook
IMAGE = k8s.DASK_IMAGE         # the Dask version of this notebook: client and cluster must match
print("image:", IMAGE)
print("Kubernetes cluster available:", k8s.cluster_available())

# %% [markdown]
# ## Part 1: a namespace
#
# A namespace groups all the objects of the lab: names only need to be unique inside it, and deleting it
# deletes everything at once.
#
# **Exercise 1.** Create `ns`, a `k.V1Namespace` named `NAMESPACE` with the label `course: bigdata`.
# The client does not fill in `api_version` and `kind`: set them yourself (`"v1"`, `"Namespace"`).

# %% tags=["solution"]
ns = k.V1Namespace(api_version="v1", kind="Namespace",
                   metadata=k.V1ObjectMeta(name=NAMESPACE, labels={"course": "bigdata"}))

# %% tags=["check"]
assert k8s.to_dict(ns)["metadata"] == {"name": NAMESPACE, "labels": {"course": "bigdata"}}
print(k8s.validate(ns))
print(k8s.to_yaml(ns))

# %% [markdown]
# ## Part 2: the scheduler and its Service
#
# The scheduler runs `dask scheduler` and listens on two ports: **8786** (named `tcp-comm`) for workers and
# clients, **8787** (named `http-dashboard`) for the dashboard. Give it half a core and 1 GiB of memory,
# with requests equal to limits.
#
# **Exercise 2a.** Create `scheduler_container`, a `k.V1Container` named `scheduler`, with image `IMAGE`,
# args `["dask", "scheduler"]`, the two named ports (`k.V1ContainerPort`) and the resources
# (`k.V1ResourceRequirements` with `requests` and `limits` `{"cpu": "500m", "memory": "1Gi"}`).

# %% tags=["solution"]
scheduler_size = {"cpu": "500m", "memory": "1Gi"}
scheduler_container = k.V1Container(
    name="scheduler", image=IMAGE, args=["dask", "scheduler"],
    ports=[k.V1ContainerPort(name="tcp-comm", container_port=8786),
           k.V1ContainerPort(name="http-dashboard", container_port=8787)],
    resources=k.V1ResourceRequirements(requests=scheduler_size, limits=scheduler_size))

# %% [markdown]
# **Exercise 2b.** Create `scheduler_deployment`, a `k.V1Deployment` (`apps/v1`) named `dask-scheduler` in
# `NAMESPACE`, with **1** replica. Its pods carry the label `app: dask-scheduler`, and its selector must
# match that label (`k.V1LabelSelector(match_labels=...)`). The pod template holds `scheduler_container`.

# %% tags=["solution"]
scheduler_labels = {"app": "dask-scheduler"}
scheduler_deployment = k.V1Deployment(
    api_version="apps/v1", kind="Deployment",
    metadata=k.V1ObjectMeta(name="dask-scheduler", namespace=NAMESPACE, labels=scheduler_labels),
    spec=k.V1DeploymentSpec(
        replicas=1, selector=k.V1LabelSelector(match_labels=scheduler_labels),
        template=k.V1PodTemplateSpec(metadata=k.V1ObjectMeta(labels=scheduler_labels),
                                     spec=k.V1PodSpec(containers=[scheduler_container]))))

# %% tags=["check"]
sched = k8s.to_dict(scheduler_deployment)
template = sched["spec"]["template"]
assert sched["metadata"] == {"name": "dask-scheduler", "namespace": NAMESPACE, "labels": {"app": "dask-scheduler"}}
assert sched["spec"]["replicas"] == 1
assert sched["spec"]["selector"]["matchLabels"] == template["metadata"]["labels"], "selector and labels differ"
assert {p["name"]: p["containerPort"] for p in template["spec"]["containers"][0]["ports"]} == {
    "tcp-comm": 8786, "http-dashboard": 8787}
assert template["spec"]["containers"][0]["resources"]["limits"] == {"cpu": "500m", "memory": "1Gi"}
print(k8s.validate(scheduler_deployment))

# %% [markdown]
# Pods get a new IP address each time they start. A **Service** gives the scheduler a stable name,
# `dask-scheduler.dask-lab.svc`, that workers and clients use.
#
# **Exercise 2c.** Create `scheduler_service`, a `k.V1Service` (`v1`) named `dask-scheduler` in `NAMESPACE`,
# selecting the pods labelled `app: dask-scheduler`, with two `k.V1ServicePort`: `tcp-comm` (port 8786) and
# `http-dashboard` (port 8787), each with `target_port` set to the container port's *name*.

# %% tags=["solution"]
scheduler_service = k.V1Service(
    api_version="v1", kind="Service", metadata=k.V1ObjectMeta(name="dask-scheduler", namespace=NAMESPACE),
    spec=k.V1ServiceSpec(selector={"app": "dask-scheduler"},
                         ports=[k.V1ServicePort(name="tcp-comm", port=8786, target_port="tcp-comm"),
                                k.V1ServicePort(name="http-dashboard", port=8787, target_port="http-dashboard")]))

# %% tags=["check"]
svc = k8s.to_dict(scheduler_service)
assert svc["metadata"]["name"] == "dask-scheduler"
assert svc["spec"]["selector"] == template["metadata"]["labels"], "the Service must select the scheduler pods"
assert sorted((p["port"], p["targetPort"]) for p in svc["spec"]["ports"]) == [
    (8786, "tcp-comm"), (8787, "http-dashboard")]
print(k8s.validate(scheduler_service))
SCHEDULER_ADDRESS = f"tcp://dask-scheduler.{NAMESPACE}.svc:8786"  # the Service's name inside the cluster
print("workers will connect to", SCHEDULER_ADDRESS)

# %% [markdown]
# ## Part 3: the workers
#
# Each worker runs `dask worker <scheduler address>`. Give each one **1 core and 2 GiB**, requests equal to
# limits: the Kubernetes scheduler then places a worker only where that much is free, and `dask worker`
# reads its container's limits to choose its number of threads and its memory limit.
#
# **Exercise 3.** Create `worker_container` (name `worker`, image `IMAGE`, args
# `["dask", "worker", SCHEDULER_ADDRESS]`, the resources above) and `worker_deployment`, a Deployment named
# `dask-worker` in `NAMESPACE` with **2** replicas and pods labelled `app: dask-worker`.

# %% tags=["solution"]
worker_size = {"cpu": "1", "memory": "2Gi"}
worker_container = k.V1Container(
    name="worker", image=IMAGE, args=["dask", "worker", SCHEDULER_ADDRESS],
    resources=k.V1ResourceRequirements(requests=worker_size, limits=worker_size))
worker_labels = {"app": "dask-worker"}
worker_deployment = k.V1Deployment(
    api_version="apps/v1", kind="Deployment",
    metadata=k.V1ObjectMeta(name="dask-worker", namespace=NAMESPACE, labels=worker_labels),
    spec=k.V1DeploymentSpec(
        replicas=2, selector=k.V1LabelSelector(match_labels=worker_labels),
        template=k.V1PodTemplateSpec(metadata=k.V1ObjectMeta(labels=worker_labels),
                                     spec=k.V1PodSpec(containers=[worker_container]))))

# %% tags=["check"]
work = k8s.to_dict(worker_deployment)
container = work["spec"]["template"]["spec"]["containers"][0]
assert work["metadata"]["name"] == "dask-worker" and work["metadata"]["namespace"] == NAMESPACE
assert work["spec"]["replicas"] == 2
assert SCHEDULER_ADDRESS in container["args"], "workers must be given the scheduler's Service address"
assert container["resources"]["requests"] == container["resources"]["limits"] == {"cpu": "1", "memory": "2Gi"}
print(k8s.validate(worker_deployment))

# %% [markdown]
# ## Part 4: validate everything, and read validation errors
#
# `k8s.validate` checks a manifest offline against the Kubernetes schema in **strict** mode: an unknown
# field is an error, as with `kubectl apply --validate=strict`. Your four objects, next to the course's
# reference implementation (`k8s.dask_manifests`):

# %% tags=["check"]
objects = [ns, scheduler_deployment, scheduler_service, worker_deployment]
reference = k8s.dask_manifests(NAMESPACE, workers=2)
for mine, ref in zip(objects, reference):
    print(f"{mine.kind:<11} {mine.metadata.name:<15} {k8s.validate(mine):<16} reference: {ref.metadata.name}")
assert [o.kind for o in objects] == [o.kind for o in reference]

# %% [markdown]
# A colleague wrote a bigger worker by hand, in YAML, and it does not deploy:

# %%
broken = yaml.safe_load("""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dask-worker-big
  namespace: dask-lab
spec:
  replica: 1
  selector:
    matchLabels:
      app: dask-worker-big
  template:
    metadata:
      labels:
        app: dask-worker-big
    spec:
      containers:
      - name: worker
        image: IMAGE
        args: [dask, worker, "tcp://dask-scheduler.dask-lab.svc:8786"]
        resource:
          limits: {cpu: "4", memory: 16Gi}
""".replace("IMAGE", IMAGE))
try:
    k8s.validate(broken)
except k8s.ManifestError as error:
    print(error)

# %% [markdown]
# **Exercise 4.** Read the error, then fix `broken` in place (change the dictionary, do not rewrite it) so
# that it validates. Keep its values: one replica, 4 cores and 16 GiB as limits.

# %% tags=["solution"]
broken["spec"]["replicas"] = broken["spec"].pop("replica")
big = broken["spec"]["template"]["spec"]["containers"][0]
big["resources"] = big.pop("resource")

# %% tags=["check"]
print(k8s.validate(broken))
assert broken["spec"]["replicas"] == 1
assert broken["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] == "16Gi"

# %% [markdown]
# ## Part 5: the same cluster as a `DaskCluster` resource
#
# With the **Dask operator** installed in the cluster (`helm install --repo https://helm.dask.org
# --create-namespace -n dask-operator --generate-name dask-kubernetes-operator`), one custom resource
# replaces your four objects: the operator creates the scheduler, its Service and the workers, and keeps
# them in the state you asked for. Its schema ships with the `dask-kubernetes` package, and `k8s.validate`
# checks against it.
#
# **Exercise 5.** Create `dask_cluster`, a **dict** with `apiVersion: kubernetes.dask.org/v1`,
# `kind: DaskCluster`, `metadata` (name `lab`, namespace `NAMESPACE`) and a `spec` with:
#
# - `worker`: `replicas: 2` and `spec`: a pod spec whose container `worker` runs
#   `["dask", "worker", "--name", "$(DASK_WORKER_NAME)"]` (the operator provides the scheduler address)
#   with the resources of Part 3;
# - `scheduler`: `spec`: a pod spec with `scheduler_container`, and `service`: a service spec selecting
#   `dask.org/cluster-name: lab` and `dask.org/component: scheduler`, with the ports of your Service.
#
# Tip: build the pod and service specs with the client (`k.V1PodSpec`, `k.V1ServiceSpec`) and convert
# them with `k8s.to_dict`.

# %% tags=["solution"]
operator_worker = k.V1Container(name="worker", image=IMAGE, args=["dask", "worker", "--name", "$(DASK_WORKER_NAME)"],
                                resources=worker_container.resources)
operator_service = k.V1ServiceSpec(selector={"dask.org/cluster-name": "lab", "dask.org/component": "scheduler"},
                                   ports=scheduler_service.spec.ports)
dask_cluster = {
    "apiVersion": "kubernetes.dask.org/v1", "kind": "DaskCluster",
    "metadata": {"name": "lab", "namespace": NAMESPACE},
    "spec": {"worker": {"replicas": 2, "spec": k8s.to_dict(k.V1PodSpec(containers=[operator_worker]))},
             "scheduler": {"spec": k8s.to_dict(k.V1PodSpec(containers=[scheduler_container])),
                           "service": k8s.to_dict(operator_service)}}}

# %% tags=["check"]
print(k8s.validate(dask_cluster))
assert dask_cluster["spec"]["worker"]["replicas"] == 2
assert k8s.to_dict(dask_cluster)["spec"]["scheduler"]["service"]["selector"]["dask.org/component"] == "scheduler"
print(k8s.to_yaml(dask_cluster["spec"]["worker"], compact=True))

# %% [markdown]
# ## Part 6: write the manifests
#
# The files are numbered so that `kubectl apply -f manifests/` creates the namespace first. The
# `DaskCluster` goes to a sub-folder: `kubectl apply -f` on a folder does not descend into sub-folders, so it
# is only applied when you ask for it (`kubectl apply -f manifests/operator/`, after installing the operator).

# %% tags=["check"]
paths = k8s.write_manifests(objects, MANIFESTS)
paths += k8s.write_manifests([dask_cluster], MANIFESTS / "operator")
for path in paths:
    print(path)
for path, obj in zip(paths, objects + [dask_cluster]):
    assert yaml.safe_load(path.read_text()) == k8s.to_dict(obj), f"{path} does not round-trip"
    k8s.validate(yaml.safe_load(path.read_text()))

# %% [markdown]
# By hand, with a cluster, the same files deploy with kubectl:
#
# ```bash
# kubectl apply -f manifests/
# kubectl -n dask-lab get pods -w                       # Pending, ContainerCreating, Running
# kubectl -n dask-lab port-forward svc/dask-scheduler 8786:8786 8787:8787
# DASK_SCHEDULER_ADDRESS=tcp://127.0.0.1:8786 jupyter lab   # then dask_client() connects to it
# ```

# %% [markdown]
# ## Part 7: deploy, or run locally
#
# Two helpers for the cluster case. The first waits until a Deployment's pods are ready, like
# `kubectl rollout status`. The second finds an address of the scheduler that this notebook can reach: the
# Service's name when the notebook runs inside the cluster (for instance on JupyterHub), otherwise a
# port-forward through the API server, like `kubectl port-forward`.

# %%
def wait_until_ready(api, namespace, name, timeout=300):
    """Poll a Deployment until all its replicas are ready; return how many are."""
    apps = k.AppsV1Api(api)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = apps.read_namespaced_deployment_status(name, namespace).status
        if status.ready_replicas and status.ready_replicas == status.replicas:
            return status.ready_replicas
        time.sleep(3)
    raise TimeoutError(f"{name} not ready after {timeout} s: look at `kubectl -n {namespace} describe pods`")


def reachable_scheduler(namespace):
    """tcp:// address of the scheduler Service, reachable from this notebook."""
    if "KUBERNETES_SERVICE_HOST" in os.environ:  # this notebook runs in a pod of the cluster
        return SCHEDULER_ADDRESS
    import socket

    from kr8s.objects import Service  # installed with dask-kubernetes

    with socket.socket() as sock:  # pick a free local port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    Service.get("dask-scheduler", namespace=namespace).portforward(8786, local_port=port).start()
    time.sleep(2)  # the forward runs in a background thread
    return f"tcp://127.0.0.1:{port}"


# %%
from distributed import Client

ON_KUBERNETES = k8s.cluster_available()
if ON_KUBERNETES:
    for line in k8s.apply(objects):
        print(line)
    api = k8s.api_client()
    for name in ("dask-scheduler", "dask-worker"):
        print(name, "ready replicas:", wait_until_ready(api, NAMESPACE, name))
    client = Client(reachable_scheduler(NAMESPACE), direct_to_workers=False)
else:
    print("No Kubernetes cluster answers (no kubeconfig, or its API server is unreachable).")
    print(f"The manifests are in {MANIFESTS}/; the same Dask code runs on a local cluster instead.")
    client = dask_client()
client.wait_for_workers(2, timeout=300)
workers = client.scheduler_info()["workers"]
print(f"{len(workers)} workers, {sum(client.nthreads().values())} threads,",
      f"{sum(w['memory_limit'] for w in workers.values()) / 2**30:.1f} GiB of worker memory")

# %% [markdown]
# ## Part 8: compute
#
# From here on, the code does not know where the workers run.
#
# **Exercise 8.** Estimate π with `dask.array`: draw 20 million points uniformly in the unit square with
# `da.random.default_rng(2026).random((20_000_000, 2), chunks=(2_000_000, 2))`, count the points inside the
# quarter circle (x² + y² ≤ 1) and store 4 × that fraction, as a Python float, in `pi_estimate`.

# %% tags=["solution"]
import dask.array as da

points = da.random.default_rng(2026).random((20_000_000, 2), chunks=(2_000_000, 2))
inside = ((points ** 2).sum(axis=1) <= 1).sum()
pi_estimate = float(4 * inside.compute() / points.shape[0])

# %% tags=["check"]
print(f"pi ≈ {pi_estimate:.5f}")
assert isinstance(pi_estimate, float)
assert abs(pi_estimate - 3.14159) < 0.005

# %% [markdown]
# A dataframe too: `dask.datasets.timeseries` generates a week of synthetic records (one every 10 seconds)
# directly on the workers, partition by partition, so nothing is downloaded.

# %%
import dask

ddf = dask.datasets.timeseries("2026-01-01", "2026-01-08", freq="10s", seed=42)
print(ddf.npartitions, "partitions,", len(ddf), "rows")
ddf.groupby("name").x.mean().compute().round(4).head()

# %% [markdown]
# ## Part 9: scale, declaratively
#
# On Kubernetes you do not "start a worker": you change the desired state and apply it again; the Deployment
# controller creates the missing pods and the new workers connect to the scheduler by themselves.
#
# **Exercise 9.** Ask for **3** workers: change `worker_deployment`'s replicas, validate it, write the
# manifests again (so the files match), then apply `worker_deployment` if `ON_KUBERNETES`; otherwise, on
# the local cluster, call `client.cluster.scale(3)`, its way of changing its desired number of workers.

# %% tags=["solution"]
worker_deployment.spec.replicas = 3
k8s.validate(worker_deployment)
k8s.write_manifests(objects, MANIFESTS)
if ON_KUBERNETES:
    print(k8s.apply([worker_deployment]))
elif client.cluster is not None:  # the LocalCluster started by dask_client()
    client.cluster.scale(3)
else:  # a scheduler named by DASK_SCHEDULER_ADDRESS, deployed with kubectl
    print(f"now run: kubectl apply -f {MANIFESTS}/03-deployment-dask-worker.yaml")

# %% tags=["check"]
desired = yaml.safe_load((MANIFESTS / "03-deployment-dask-worker.yaml").read_text())["spec"]["replicas"]
assert desired == 3, f"manifests/ still ask for {desired} workers: change the replicas and write the manifests again"
if not ON_KUBERNETES and client.cluster is not None:
    assert len(client.cluster.worker_spec) == 3, "ask the local cluster for 3 workers too (client.cluster.scale)"
client.wait_for_workers(3, timeout=120)  # asked for: new pods (or local processes) take a moment to join
assert len(client.scheduler_info()["workers"]) == 3
print("3 workers:", sum(client.nthreads().values()), "threads")

# %% [markdown]
# ## Part 10: clean up, and questions
#
# Deleting the namespace deletes every object of the lab; on a cloud cluster with autoscaling, watch the
# nodes (`kubectl get nodes -w`) during the next minutes.

# %%
if ON_KUBERNETES:
    client.close()
    k.CoreV1Api(k8s.api_client()).delete_namespace(NAMESPACE)
    print(f"namespace {NAMESPACE} is being deleted")
elif client.cluster is not None:
    client.cluster.scale(2)
    print("local cluster back to 2 workers; it stops with the kernel")
else:
    print(f"now run: kubectl delete namespace {NAMESPACE}")

# %% [markdown]
# Answer in a few sentences (in a markdown cell of your own):
#
# 1. While the pods started, which states did `kubectl get pods -w` show, and what happens in each?
# 2. Ask for 20 workers on a kind cluster. How many run, and why? What does `kubectl describe pod` say
#    about the others?
# 3. Delete one worker pod with `kubectl delete pod`. What does Kubernetes do, and what does Dask do with
#    the results that lived on that worker?
# 4. What would change if you applied `manifests/operator/` (with the operator installed) instead of the
#    four files: who creates the pods, and how do you scale?
# 5. On a managed cluster with a node autoscaler, what happens to the nodes a few minutes after you delete
#    the namespace, and why does it matter for the bill?
