"""docker-compose.yml against the code: every service is there with settings it reads, on the port its image's
health check asks, waiting for what it needs; a misspelt variable would otherwise be ignored without a word."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rcm_platform.settings import environment_names
from rcm_schemas import CONSUMING_SERVICES

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICE_DOCKERFILE = (ROOT / "deploy" / "docker" / "service.Dockerfile").read_text()
DEFAULTED = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


def with_defaults(value: Any) -> str:
    """`${VAR:-default}` as Compose reads it when `.env` sets nothing."""
    return DEFAULTED.sub(lambda match: match.group(2) or "", str(value))


def image_env(name: str) -> str:
    match = re.search(rf"\b{name}=(\S+)", SERVICE_DOCKERFILE)
    assert match, f"service.Dockerfile sets no {name}"
    return match.group(1)


def seconds(duration: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(s|m)", duration).groups()  # type: ignore[union-attr]
    return float(number) * (60 if unit == "m" else 1)


def test_the_stack_is_the_six_services_kafka_the_store_and_the_topic_job() -> None:
    assert set(CONSUMING_SERVICES) | {"kafka", "store", "topics"} <= set(COMPOSE["services"])
    assert COMPOSE["services"]["topics"]["command"] == ["topics"]


@pytest.mark.parametrize("service", CONSUMING_SERVICES)
def test_a_service_container_starts_with_settings_it_reads_on_the_port_its_health_check_asks(
    service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = COMPOSE["services"][service]
    assert spec["command"] == [service]
    environment = {name: with_defaults(value) for name, value in spec["environment"].items()}
    app_module = importlib.import_module(f"rcm_{service}.app")
    readers = {
        f"RCM_{other.upper()}_": type(importlib.import_module(f"rcm_{other}.app").default_settings())
        for other in CONSUMING_SERVICES
    }
    own = type(app_module.default_settings())
    for name in environment:
        prefix, reader = next(
            ((p, cls) for p, cls in readers.items() if name.startswith(p)), (f"RCM_{service.upper()}_", own)
        )
        assert name in environment_names(reader, prefix), f"{name}: no service setting reads it"
    for name, value in {**environment, "RCM_PHI_KEYS_DIR": image_env("RCM_PHI_KEYS_DIR")}.items():
        monkeypatch.setenv(name, value)
    settings = app_module.default_settings()  # validates every value, as the container's start does

    assert settings.http_host == "0.0.0.0"
    assert [with_defaults(port).rsplit(":", 1)[-1] for port in spec["ports"]] == [str(settings.http_port)]
    assert f"'{settings.http_port}')" in SERVICE_DOCKERFILE, "the image's HEALTHCHECK asks another port"
    assert "/health/ready" in SERVICE_DOCKERFILE
    mounts = {with_defaults(volume).split(":")[1] for volume in spec["volumes"]}
    assert {settings.phi_keys_dir, settings.auth_jwks} <= mounts
    assert seconds(spec["stop_grace_period"]) > settings.shutdown_timeout_s
    assert spec["depends_on"] == {
        "kafka": {"condition": "service_healthy"},
        "store": {"condition": "service_healthy"},
        "topics": {"condition": "service_completed_successfully"},
    }


def test_every_published_port_binds_the_configured_address_only() -> None:
    for name, spec in COMPOSE["services"].items():
        for port in spec.get("ports", []):
            assert str(port).startswith("${RCM_BIND_IP:-127.0.0.1}:"), (
                f"{name} publishes {port} on every address"
            )


def test_the_example_env_file_lists_every_variable_the_compose_file_substitutes() -> None:
    used = set(DEFAULTED.findall((ROOT / "docker-compose.yml").read_text()))
    example = (ROOT / "deploy" / "docker" / "compose.env.example").read_text()
    listed = {
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")
    }
    assert {name for name, _default in used} <= listed
