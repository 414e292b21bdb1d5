"""course.k8s: Kubernetes objects built with the real client, validated offline, written as YAML, applied only
when a cluster answers. No mocks: the "no cluster" cases use real kubeconfig files and real loopback sockets."""

import os
import socket
import time
from pathlib import Path

import pytest
import yaml

from course import k8s


@pytest.fixture
def no_pod_env(monkeypatch):
    """Behave as a laptop, not as a pod inside a cluster."""
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)


def kubeconfig(path, port):
    """A real kubeconfig file for an API server at 127.0.0.1:port."""
    path.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "lab",
        "clusters": [{"name": "lab", "cluster": {"server": f"http://127.0.0.1:{port}"}}],
        "users": [{"name": "student", "user": {"token": "not-a-secret"}}],
        "contexts": [{"name": "lab", "context": {"cluster": "lab", "user": "student"}}]}))
    return path


def test_dask_manifests_are_built_with_the_client_and_carry_resources():
    objs = k8s.dask_manifests("dask-lab", workers=3, cpu="2", memory="4Gi")
    assert [type(o).__name__ for o in objs] == ["V1Namespace", "V1Deployment", "V1Service", "V1Deployment"]
    worker = k8s.to_dict(objs[3])
    assert worker["spec"]["replicas"] == 3
    ctr = worker["spec"]["template"]["spec"]["containers"][0]
    assert ctr["resources"] == {"requests": {"cpu": "2", "memory": "4Gi"}, "limits": {"cpu": "2", "memory": "4Gi"}}
    assert "tcp://dask-scheduler.dask-lab.svc:8786" in ctr["args"]
    scheduler, service = k8s.to_dict(objs[1]), k8s.to_dict(objs[2])
    assert service["spec"]["selector"] == scheduler["spec"]["template"]["metadata"]["labels"]
    assert {p["port"] for p in service["spec"]["ports"]} == {8786, 8787}


def test_to_dict_uses_camel_case_and_drops_none():
    data = k8s.to_dict(k8s.container("c", ports={"http": 80}))
    assert data["ports"] == [{"containerPort": 80, "name": "http"}]
    assert "command" not in data and None not in data.values()
    assert k8s.to_dict({"a": None, "b": [{"c": None, "d": 1}]}) == {"b": [{"d": 1}]}


@pytest.mark.parametrize("build", [
    lambda: k8s.namespace("dask-lab"),
    lambda: k8s.pod("hello", "dask-lab", k8s.container("hello", ["python", "-c", "print(1)"], "250m", "256Mi")),
    lambda: k8s.deployment("web", "dask-lab", k8s.container("web"), replicas=2),
    lambda: k8s.service("web", "dask-lab", {"app": "web"}, {"http": 80}),
], ids=["namespace", "pod", "deployment", "service"])
def test_valid_builtin_manifests_pass(build):
    assert k8s.validate(build()) == f"Kubernetes {k8s.K8S_VERSION}"
    assert k8s.validate(build(), "1.33") == "Kubernetes 1.33"


def test_the_course_uses_the_newest_kubernetes_the_offline_schemas_cover():
    from kubernetes_validate import utils

    covered = {utils.major_minor(version) for version in utils.all_versions()}
    newest = max(covered, key=lambda version: tuple(map(int, version.split("."))))
    assert k8s.K8S_VERSION == newest
    assert tuple(map(int, k8s.K8S_VERSION.split("."))) >= (1, 37), "Kubernetes 1.37 was released in August 2026"


def test_the_dask_platform_and_daskcluster_pass():
    for obj in k8s.dask_manifests("dask-lab"):
        k8s.validate(obj)
    assert k8s.validate(k8s.dask_cluster("demo", "dask-lab")) == "CRD kubernetes.dask.org/v1"


def test_the_operators_own_helper_passes_too():
    from dask_kubernetes.operator import make_cluster_spec

    assert k8s.validate(make_cluster_spec("demo", n_workers=2)).startswith("CRD")


def test_unknown_field_is_reported_with_its_name():
    data = k8s.to_dict(k8s.deployment("web", "dask-lab", k8s.container("web")))
    data["spec"]["replica"] = 3  # typo for replicas
    with pytest.raises(k8s.ManifestError, match="'replica' was unexpected") as caught:
        k8s.validate(data)
    assert caught.value.problems == ["$.spec: Additional properties are not allowed ('replica' was unexpected)"]


def test_missing_required_field_and_typo_are_all_listed():
    data = k8s.to_dict(k8s.deployment("web", "dask-lab", k8s.container("web")))
    del data["spec"]["template"]["spec"]["containers"][0]["name"]
    data["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    with pytest.raises(k8s.ManifestError) as caught:
        k8s.validate(data)
    text = str(caught.value)
    assert "Deployment/web" in text and "'name' is a required property" in text and "'imagePullPolicyy'" in text
    assert len(caught.value.problems) == 2


def test_daskcluster_schema_is_strict_and_checks_required_fields():
    data = k8s.dask_cluster("demo", "dask-lab")
    data["spec"]["workers"] = 3
    del data["spec"]["worker"]
    with pytest.raises(k8s.ManifestError) as caught:
        k8s.validate(data)
    assert sorted(caught.value.problems) == [
        "$.spec: 'worker' is a required property",
        "$.spec: Additional properties are not allowed ('workers' was unexpected)"]


def test_unknown_kind_and_missing_kind_fail_clearly():
    with pytest.raises(k8s.ManifestError, match="Couldn't find schema for kind Deploymnet"):
        k8s.validate({"apiVersion": "apps/v1", "kind": "Deploymnet", "metadata": {"name": "x"}})
    with pytest.raises(k8s.ManifestError, match="'apiVersion' is a required property"):
        k8s.validate({"kind": "Pod", "metadata": {"name": "x"}})


def test_yaml_round_trip_without_anchors():
    objs = k8s.dask_manifests("dask-lab") + [k8s.dask_cluster("demo", "dask-lab")]
    text = k8s.to_yaml(objs)
    assert text.count("\n---\n") == len(objs) - 1
    assert "&id" not in text and "*id" not in text
    assert list(yaml.safe_load_all(text)) == [k8s.to_dict(o) for o in objs]
    assert yaml.safe_load(k8s.to_yaml(objs[0])) == {"apiVersion": "v1", "kind": "Namespace",
                                                    "metadata": {"name": "dask-lab"}}


def test_write_manifests_numbers_files_in_apply_order(tmp_path):
    objs = k8s.dask_manifests("dask-lab")
    paths = k8s.write_manifests(objs, tmp_path / "manifests")
    assert [p.name for p in paths] == ["00-namespace-dask-lab.yaml", "01-deployment-dask-scheduler.yaml",
                                       "02-service-dask-scheduler.yaml", "03-deployment-dask-worker.yaml"]
    assert sorted(paths) == paths
    for path, obj in zip(paths, objs):
        assert yaml.safe_load(path.read_text()) == k8s.to_dict(obj)
        k8s.validate(yaml.safe_load(path.read_text()))


def test_no_cluster_without_kubeconfig(tmp_path, monkeypatch, no_pod_env):
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    assert k8s.cluster_available() is False
    with pytest.raises(RuntimeError, match="No Kubernetes cluster answers: point KUBECONFIG"):
        k8s.apply(k8s.dask_manifests("dask-lab"))


@pytest.mark.skipif(any(Path(p).expanduser().exists() for p in
                        os.environ.get("KUBECONFIG", "~/.kube/config").split(os.pathsep) if p),
                    reason="a kubeconfig exists here: this machine may really have a cluster")
def test_no_cluster_on_this_machine(no_pod_env):
    assert k8s.cluster_available() is False  # the build and CI machines have no API server


def test_refused_connection_is_no_cluster(tmp_path, monkeypatch, no_pod_env):
    with socket.socket() as sock:  # take a free port, then close it: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig(tmp_path / "config", port)))
    assert k8s.cluster_available(timeout=1) is False


def test_silent_server_does_not_hang(tmp_path, monkeypatch, no_pod_env):
    with socket.socket() as sock:  # accepts connections, never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        monkeypatch.setenv("KUBECONFIG", str(kubeconfig(tmp_path / "config", sock.getsockname()[1])))
        start = time.monotonic()
        assert k8s.cluster_available(timeout=1) is False
        assert time.monotonic() - start < 5
