"""deploy/k8s against the code: the generated files are current, every setting a pod gets is one its service
reads and validates, the probe paths and the port are the app's own, and scaling stops at the partitions.

Each overlay's environment is assembled as kustomize would (the Deployment's env, the rcm-settings ConfigMap
from base/settings.env merged with the overlay's file, the credentials the overlay generates or the operator is
told to create) and handed to the service's own settings class and app, as the pod would at start.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from rcm_platform.settings import environment_names
from rcm_schemas import CONSUMING_SERVICES
from rcm_schemas.topics import TOPICS
from rcmctl.k8s_manifests import stale_files
from starlette.routing import Match

K8S = Path(__file__).resolve().parents[3] / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")


def _yaml_documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _kustomization(folder: Path) -> dict[str, Any]:
    return yaml.safe_load((folder / "kustomization.yaml").read_text())


def _env_file(path: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#")
    )
    return dict(pairs)


def _deployment(service: str) -> dict[str, Any]:
    return next(d for d in _yaml_documents(K8S / "base" / f"{service}.yaml") if d["kind"] == "Deployment")


def _settings_config_map(overlay: str) -> dict[str, str]:
    values = _env_file(K8S / "base" / "settings.env")
    for generator in _kustomization(K8S / "overlays" / overlay).get("configMapGenerator", []):
        assert generator["name"] == "rcm-settings" and generator["behavior"] == "merge"
        for name in generator["envs"]:
            values |= _env_file(K8S / "overlays" / overlay / name)
    return values


def _credentials(overlay: str, service: str) -> dict[str, str]:
    generated = {
        g["name"]: dict(literal.split("=", 1) for literal in g["literals"])
        for g in _kustomization(K8S / "overlays" / overlay).get("secretGenerator", [])
    }
    if generated:
        return generated[f"rcm-{service}-credentials"]
    # Created by the operator with the keys the overlay's comment and docs/operations.md name.
    prefix = f"RCM_{service.upper()}_"
    return {
        f"{prefix}MONGO_URI": "mongodb://user:secret@store:27017/?authSource=admin",
        f"{prefix}KAFKA_USERNAME": service,
        f"{prefix}KAFKA_PASSWORD": "secret",
    }


def _pod_environment(overlay: str, service: str) -> dict[str, str]:
    container = _deployment(service)["spec"]["template"]["spec"]["containers"][0]
    refs = {next(iter(ref)): next(iter(ref.values()))["name"] for ref in container["envFrom"]}
    assert refs == {"configMapRef": "rcm-settings", "secretRef": f"rcm-{service}-credentials"}
    direct = {item["name"]: item["value"] for item in container["env"]}
    return _settings_config_map(overlay) | _credentials(overlay, service) | direct


def _serves(app: Any, path: str) -> bool:
    """The app routes a GET of `path` (as a request would be matched, included routers too)."""
    scope = {"type": "http", "path": path, "method": "GET", "root_path": ""}
    return any(route.matches(scope)[0] is Match.FULL for route in app.router.routes)


def test_the_generated_manifests_are_current() -> None:
    assert stale_files(K8S) == [], "run `uv run rcm docs k8s`"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_file_an_overlay_names_exists_and_every_manifest_is_a_named_object(overlay: str) -> None:
    pending, seen = [K8S / "overlays" / overlay], set()
    while pending:
        folder = pending.pop().resolve()
        seen.add(folder)
        kustomization = _kustomization(folder)
        for entry in [*kustomization.get("resources", []), *kustomization.get("components", [])]:
            target = folder / entry
            assert target.exists(), f"{folder}/kustomization.yaml names {entry}, which does not exist"
            if target.is_dir():
                pending.append(target)
            else:
                for document in _yaml_documents(target):
                    assert {"apiVersion", "kind", "metadata"} <= document.keys(), target
                    assert document["metadata"]["name"], target
        for generator in kustomization.get("configMapGenerator", []):
            assert all((folder / name).exists() for name in generator.get("envs", []))
    assert K8S.joinpath("base").resolve() in seen


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", CONSUMING_SERVICES)
def test_a_pod_starts_with_settings_its_service_reads_and_probes_its_app_serves(
    overlay: str, service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = _pod_environment(overlay, service)
    app_module = importlib.import_module(f"rcm_{service}.app")
    settings_class = type(app_module.default_settings())
    readers = {
        f"RCM_{other.upper()}_": type(importlib.import_module(f"rcm_{other}.app").default_settings())
        for other in CONSUMING_SERVICES
    }
    for name in environment:  # the shared ConfigMap also carries the other services' settings
        reader = next((cls for prefix, cls in readers.items() if name.startswith(prefix)), settings_class)
        prefix = next((p for p, cls in readers.items() if cls is reader), "")
        assert name in environment_names(reader, prefix), (
            f"{name}: no service setting reads it (a typo is ignored)"
        )
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = app_module.default_settings()  # validates every value, as the pod's start does

    pod = _deployment(service)["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["command"] == ["python", "-m", f"rcm_{service}"]
    [port] = container["ports"]
    assert (port["name"], port["containerPort"]) == (
        "http",
        settings.http_port,
    ) and settings.http_host == "0.0.0.0"
    app = app_module.build_app(settings).http
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["port"] == "http"
        assert _serves(app, container[probe]["httpGet"]["path"]), f"{probe}: the app has no such route"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    startup = container["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= settings.startup_wait_s
    assert pod["terminationGracePeriodSeconds"] > settings.shutdown_timeout_s
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    assert settings.phi_keys_dir in mounts


@pytest.mark.parametrize("service", CONSUMING_SERVICES)
def test_scaling_follows_the_services_consumer_group_and_stops_at_its_partitions(service: str) -> None:
    inputs = {topic.name: topic.partitions for topic in TOPICS if service in topic.consumers}
    [scaled] = [
        d
        for d in _yaml_documents(K8S / "components/keda/scaled-objects.yaml")
        if d["metadata"]["name"] == service
    ]
    [autoscaler] = [
        d
        for d in _yaml_documents(K8S / "components/hpa/autoscalers.yaml")
        if d["metadata"]["name"] == service
    ]
    assert scaled["spec"]["maxReplicaCount"] == autoscaler["spec"]["maxReplicas"] == max(inputs.values())
    lag = [t["metadata"] for t in scaled["spec"]["triggers"] if t["type"] == "kafka"]
    assert sorted(m["topic"] for m in lag) == sorted(inputs)
    settings = importlib.import_module(f"rcm_{service}.app").default_settings()
    assert {m["consumerGroup"] for m in lag} == {settings.group_id}
    assert {m["bootstrapServersFromEnv"] for m in lag} <= _settings_config_map("prod").keys()
    assert scaled["spec"]["scaleTargetRef"]["name"] == _deployment(service)["metadata"]["name"]
