"""Kubernetes manifests built with the official `kubernetes` client, checked offline, applied when a cluster answers.

Built-in kinds are validated with `kubernetes_validate` (strict: unknown fields are errors), the Dask operator's
custom resources (DaskCluster...) with `jsonschema` against the CRD schemas that dask-kubernetes ships.
"""

import functools
import importlib.util
import os
import re
from pathlib import Path

import dask
import jsonschema
import kubernetes_validate as kv
import yaml
from kubernetes import client as k
from kubernetes import config
from kubernetes.dynamic import DynamicClient, exceptions
from kubernetes_validate import utils as kvu
from referencing import Registry, Resource

# The newest Kubernetes minor release whose schemas the installed kubernetes-validate ships (e.g. "1.37"): the one
# place the course's version comes from; decks and labs print it from here.
K8S_VERSION = kvu.major_minor(kvu.latest_version())
DASK_IMAGE = f"ghcr.io/dask/dask:{dask.__version__}"  # the same Dask on the cluster as in the notebook
SCHEDULER_PORTS = {"tcp-comm": 8786, "http-dashboard": 8787}
CRD_FOLDER = (Path(importlib.util.find_spec("dask_kubernetes").origin).parent
              / "operator/deployment/helm/dask-kubernetes-operator/crds")
NO_CLUSTER = "No Kubernetes cluster answers: point KUBECONFIG at one (e.g. `kind create cluster`), or use kubectl."


class ManifestError(ValueError):
    """A manifest that the schema rejects; `.problems` lists 'path: message' strings."""
    def __init__(self, what: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{what} is not valid:\n" + "\n".join(f"  - {p}" for p in problems))


def to_dict(obj):
    """Plain data (camelCase keys) of a client object or a dict, without None values (the API server drops them)."""
    data = k.ApiClient().sanitize_for_serialization(obj)
    if isinstance(data, dict):
        return {key: to_dict(value) for key, value in data.items() if value is not None}
    return [to_dict(value) for value in data] if isinstance(data, list) else data


def to_yaml(objs, compact: bool = False) -> str:
    """YAML of one object or a list, `---`-separated (what `kubectl apply -f` reads); compact: [a, b] leaves."""
    docs = [to_dict(o) for o in (objs if isinstance(objs, (list, tuple)) else [objs])]  # fresh dicts: no &anchors
    return yaml.safe_dump_all(docs, sort_keys=False, default_flow_style=None if compact else False)


def container(name, args=(), cpu="1", memory="2Gi", ports=None, image=DASK_IMAGE) -> k.V1Container:
    """A container whose resource requests equal its limits, so the scheduler can count on them."""
    size = {"cpu": cpu, "memory": memory}
    ports = [k.V1ContainerPort(name=n, container_port=p) for n, p in (ports or {}).items()] or None
    return k.V1Container(name=name, image=image, args=list(args) or None, ports=ports,
                         resources=k.V1ResourceRequirements(requests=size, limits=dict(size)))


def namespace(name: str) -> k.V1Namespace:
    """A Namespace: a named scope for objects, quotas and permissions."""
    return k.V1Namespace(api_version="v1", kind="Namespace", metadata=k.V1ObjectMeta(name=name))


def pod(name: str, ns: str, ctr: k.V1Container) -> k.V1Pod:
    """A bare Pod running one container once (nothing recreates it if its node fails)."""
    return k.V1Pod(api_version="v1", kind="Pod", spec=k.V1PodSpec(containers=[ctr], restart_policy="Never"),
                   metadata=k.V1ObjectMeta(name=name, namespace=ns, labels={"app": name}))


def deployment(name: str, ns: str, ctr: k.V1Container, replicas: int = 1) -> k.V1Deployment:
    """A Deployment that keeps `replicas` pods labelled app=<name> running."""
    labels = {"app": name}
    pods = k.V1PodTemplateSpec(metadata=k.V1ObjectMeta(labels=labels), spec=k.V1PodSpec(containers=[ctr]))
    spec = k.V1DeploymentSpec(replicas=replicas, selector=k.V1LabelSelector(match_labels=labels), template=pods)
    return k.V1Deployment(api_version="apps/v1", kind="Deployment",
                          metadata=k.V1ObjectMeta(name=name, namespace=ns, labels=labels), spec=spec)


def service(name: str, ns: str, selector: dict, ports: dict) -> k.V1Service:
    """A ClusterIP Service: a stable name (<name>.<ns>.svc) in front of the pods that match `selector`."""
    ports = [k.V1ServicePort(name=n, port=p, target_port=n) for n, p in ports.items()]
    return k.V1Service(api_version="v1", kind="Service", metadata=k.V1ObjectMeta(name=name, namespace=ns),
                       spec=k.V1ServiceSpec(selector=selector, ports=ports))


def dask_manifests(ns: str = "dask", workers: int = 2, cpu: str = "1", memory: str = "2Gi") -> list:
    """Namespace, scheduler Deployment + Service and worker Deployment of a plain Dask cluster."""
    scheduler = container("scheduler", ["dask", "scheduler"], "500m", "1Gi", SCHEDULER_PORTS)
    worker = container("worker", ["dask", "worker", f"tcp://dask-scheduler.{ns}.svc:8786"], cpu, memory)
    return [namespace(ns), deployment("dask-scheduler", ns, scheduler),
            service("dask-scheduler", ns, {"app": "dask-scheduler"}, SCHEDULER_PORTS),
            deployment("dask-worker", ns, worker, replicas=workers)]


def dask_cluster(name: str, ns: str = "dask", workers: int = 2, cpu: str = "1", memory: str = "2Gi") -> dict:
    """A `DaskCluster` custom resource: the Dask operator turns it into pods and a service."""
    scheduler = container("scheduler", ["dask", "scheduler"], "500m", "1Gi", SCHEDULER_PORTS)
    worker = container("worker", ["dask", "worker", "--name", "$(DASK_WORKER_NAME)"], cpu, memory)
    selector = {"dask.org/cluster-name": name, "dask.org/component": "scheduler"}
    spec = {"scheduler": {"spec": k.V1PodSpec(containers=[scheduler]),
                          "service": service(name, ns, selector, SCHEDULER_PORTS).spec},
            "worker": {"replicas": workers, "spec": k.V1PodSpec(containers=[worker])}}
    return to_dict({"apiVersion": "kubernetes.dask.org/v1", "kind": "DaskCluster",
                    "metadata": {"name": name, "namespace": ns}, "spec": spec})


def _strict(node):
    """Reject unknown fields, as the API server's strict field validation does (unless the CRD keeps them)."""
    if isinstance(node, dict) and "properties" in node:
        node.setdefault("additionalProperties", bool(node.get("x-kubernetes-preserve-unknown-fields")))
    for child in node.values() if isinstance(node, dict) else node if isinstance(node, list) else []:
        _strict(child)
    return node


@functools.cache
def _crd_validator(api_version: str, kind: str):
    """Validator for a Dask operator custom resource (from the CRD files dask-kubernetes ships), or None."""
    if api_version != "kubernetes.dask.org/v1" or not (path := CRD_FOLDER / f"{kind.lower()}.yaml").exists():
        return None
    crd = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schema = _strict(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])  # the CRDs have one version: v1
    schema["properties"].update(apiVersion={"type": "string"}, kind={"type": "string"},
                                metadata={"type": "object", "required": ["name"]})
    schema["required"] = ["apiVersion", "kind", "metadata", *schema.get("required", [])]
    return jsonschema.Draft202012Validator(schema)


def validate(manifest, k8s_version: str = K8S_VERSION) -> str:
    """Check a manifest offline; return the schema it matched, or raise ManifestError listing every problem."""
    data = to_dict(manifest)
    what = f"{data.get('kind')}/{(data.get('metadata') or {}).get('name')}"
    api_version, kind = str(data.get("apiVersion")), str(data.get("kind"))
    validator, label = _crd_validator(api_version, kind), f"CRD {api_version}"
    if validator is None:
        try:  # kubernetes_validate picks the schema version, and says when a kind or a version is unknown
            return f"Kubernetes {kv.validate(data, k8s_version, strict=True)}"
        except (kv.SchemaNotFoundError, kvu.VersionNotSupportedError, KeyError) as err:
            raise ManifestError(what, [getattr(err, "message", f"$: {err} is a required property")]) from None
        except kv.ValidationError as err:  # it stops at the first problem: load its schema to list them all
            label, version = f"Kubernetes {err.version}", err.version
            full = [v for v in kvu.all_versions() if v.startswith(version + ".")][-1]
            folder = f"kubernetes-json-schema/v{full}-local-strict"
            api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)  # as kubernetes_validate: apps/v1 -> apps-v1
            schema = kvu.schema_contents(f"{folder}/{kind.lower()}-{api}.json", version)
            defs = Resource.from_contents(kvu.schema_contents(f"{folder}/_definitions.json", version))
            registry = Resource.from_contents(schema) @ (defs @ Registry())
            validator = jsonschema.Draft202012Validator(schema, registry=registry)
    problems = sorted(f"{err.json_path}: {err.message}" for err in validator.iter_errors(data))
    if problems:
        raise ManifestError(f"{what} ({label})", sorted(problems))
    return label


def write_manifests(objs, folder) -> list[Path]:
    """Write each object to `folder/NN-kind-name.yaml`, numbered so that `kubectl apply -f folder` keeps the order."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    paths = []
    for i, data in enumerate(map(to_dict, objs)):
        paths.append(Path(folder) / f"{i:02d}-{data['kind'].lower()}-{data['metadata']['name']}.yaml")
        paths[-1].write_text(to_yaml(data))
    return paths


def api_client(timeout: float = 3.0):
    """An ApiClient from the in-cluster config or the kubeconfig, or None when neither loads or answers."""
    cfg, inside = k.Configuration(), "KUBERNETES_SERVICE_HOST" in os.environ  # set in every pod
    try:
        if inside:
            config.load_incluster_config(client_configuration=cfg)
        else:  # KUBECONFIG read now, not when `kubernetes` was imported: a notebook may set it late
            config.load_kube_config(os.environ.get("KUBECONFIG"), client_configuration=cfg)
        cfg.retries = 0  # one try only: an unreachable server must not stall the notebook
        api = k.ApiClient(cfg)
        k.VersionApi(api).get_code(_request_timeout=(timeout, timeout), _preload_content=False)
        return api
    except Exception:  # no or bad config, refused, timed out, unauthorised...: no usable cluster
        return None


def cluster_available(timeout: float = 3.0) -> bool:
    """True only when a kubeconfig or in-cluster config loads AND the API server answers within `timeout` s."""
    return api_client(timeout) is not None


def apply(objs, field_manager: str = "bigdata-course") -> list[str]:
    """Validate, then server-side apply each object in order (creates or updates); return what was applied."""
    if (api := api_client()) is None:
        raise RuntimeError(NO_CLUSTER)
    dyn, done = DynamicClient(api), []
    for data in map(to_dict, objs):
        validate(data)
        try:
            res = dyn.resources.get(api_version=data["apiVersion"], kind=data["kind"])
        except exceptions.ResourceNotFoundError:
            raise RuntimeError(f"This cluster does not know {data['kind']}: install its operator first.") from None
        dyn.server_side_apply(res, body=data, field_manager=field_manager, force_conflicts=True)
        done.append(f"{data['kind'].lower()}/{data['metadata']['name']} applied")
    return done
