"""deploy/k8s's overlays render and decode strictly into the Kubernetes API types, offline (deploy/k8s/validate).

The negative cases break a copy of deploy/k8s in one place each and expect the validator to name the object and
the field. The validator is built once into the user cache; the first test to need it pays for the build.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rcm_schemas import CONSUMING_SERVICES
from rcmctl.cli import app
from rcmctl.k8s_validate import (
    Validation,
    cached_binary,
    ensure_validator,
    source_digest,
    validate_overlays,
    validator_module,
)
from typer.testing import CliRunner

K8S = Path(__file__).resolve().parents[3] / "deploy" / "k8s"

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def k8s_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy, ignore=shutil.ignore_patterns("validate"))
    return copy


def _edit_object(path: Path, kind: str, name: str, edit: Edit) -> None:
    documents = [d for d in yaml.safe_load_all(path.read_text()) if d]
    [target] = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    edit(target)
    path.write_text(yaml.safe_dump_all(documents, sort_keys=False))


def test_every_overlay_renders_and_every_object_decodes_strictly() -> None:
    services = len(CONSUMING_SERVICES)
    # Per service a Deployment, Service, PodDisruptionBudget and scaler (HPA in dev, ScaledObject in prod);
    # dev generates each service's credentials Secret, prod has KEDA's TriggerAuthentication; both the
    # PHI-key claim and the settings ConfigMap.
    assert validate_overlays(K8S) == Validation(
        ok=True,
        output=f"overlays/dev: {5 * services + 2} objects valid\noverlays/prod: {4 * services + 3} objects valid",
    )


def test_rcm_docs_k8s_check_runs_the_validation() -> None:
    result = CliRunner().invoke(app, ["docs", "k8s", "--check"])
    assert result.exit_code == 0, result.output
    assert "overlays/prod: " in result.output and "every overlay validates" in result.output


def _container(edit: Edit) -> Edit:
    return lambda deployment: edit(deployment["spec"]["template"]["spec"]["containers"][0])


def _misspell_probe(container: dict[str, Any]) -> None:
    container["livenessProbee"] = container.pop("livenessProbe")


def _add_ingress(path: Path) -> None:
    ingress = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "claims"}}
    path.write_text(path.read_text() + "---\n" + yaml.safe_dump(ingress))


@pytest.mark.parametrize(
    ("file", "kind", "name", "edit", "expected"),
    [
        (
            "base/claims.yaml",
            "Deployment",
            "claims",
            _container(_misspell_probe),
            'overlays/dev: Deployment rcm-dev/claims: unknown field "spec.template.spec.containers[0].livenessProbee"',
        ),
        (
            "base/claims.yaml",
            "Deployment",
            "claims",
            lambda deployment: deployment["spec"].update(replicas="two"),
            "overlays/dev: Deployment rcm-dev/claims: json: cannot unmarshal string into Go struct field"
            " DeploymentSpec.spec.replicas of type int32",
        ),
        (
            "base/denials.yaml",
            "Service",
            "denials",
            # Field names are case-sensitive, as the API server's strict decoding is.
            lambda service: service["spec"].update(Selector=service["spec"].pop("selector")),
            'overlays/dev: Service rcm-dev/denials: unknown field "spec.Selector"',
        ),
        (
            "components/keda/scaled-objects.yaml",
            "ScaledObject",
            "claims",
            lambda scaled: scaled["spec"].update(maxReplicas=scaled["spec"].pop("maxReplicaCount")),
            'overlays/prod: ScaledObject rcm/claims: unknown field "spec.maxReplicas"',
        ),
        (
            "components/keda/trigger-authentication.yaml",
            "TriggerAuthentication",
            "rcm-kafka-scaler",
            lambda auth: auth["spec"]["secretTargetRef"][1].pop("key"),
            "overlays/prod: TriggerAuthentication rcm/rcm-kafka-scaler:"
            ' missing required field "spec.secretTargetRef[1].key"',
        ),
    ],
    ids=["unknown-field", "wrong-type", "wrong-case", "keda-unknown-field", "keda-missing-field"],
)
def test_a_broken_object_fails_naming_the_object_and_the_field(
    k8s_copy: Path, file: str, kind: str, name: str, edit: Edit, expected: str
) -> None:
    _edit_object(k8s_copy / file, kind, name, edit)
    validation = validate_overlays(k8s_copy)
    assert not validation.ok
    assert validation.output.splitlines()[-1] == expected


def test_a_kind_without_a_strict_type_is_refused(k8s_copy: Path) -> None:
    _add_ingress(k8s_copy / "base" / "claims.yaml")
    validation = validate_overlays(k8s_copy)
    assert not validation.ok
    assert validation.output.endswith(
        "Ingress rcm-dev/claims: unknown kind networking.k8s.io/v1 Ingress:"
        " no strict type for it in deploy/k8s/validate"
    )


def test_the_binary_is_built_once_and_reused() -> None:
    binary = ensure_validator()
    built_at = binary.stat().st_mtime_ns
    assert ensure_validator() == binary == cached_binary(validator_module())
    assert binary.stat().st_mtime_ns == built_at


def test_the_cache_follows_xdg_cache_home_and_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    module = tmp_path / "validate"
    shutil.copytree(validator_module(), module)
    digest = source_digest(module)
    assert cached_binary(module) == tmp_path / "cache" / "rcm" / f"k8s-validate-{digest}" / "k8s-validate"
    assert digest == source_digest(validator_module())
    (module / "main.go").write_text((module / "main.go").read_text() + "\n// changed\n")
    assert source_digest(module) != digest
