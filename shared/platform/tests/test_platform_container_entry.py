"""The service image's entry point: a wrong command or setting stops the container with one line naming it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from rcm_platform import container
from rcm_platform.settings import ServiceSettings


def test_an_unknown_command_names_the_choices_and_exits_64(capsys: pytest.CaptureFixture[str]) -> None:
    assert container.main(["billing"]) == container.USAGE_EXIT
    line = capsys.readouterr().err.strip()
    assert "claims" in line and "topics" in line and "billing" in line
    assert "\n" not in line


def test_no_command_is_refused_the_same_way(capsys: pytest.CaptureFixture[str]) -> None:
    assert container.main([]) == container.USAGE_EXIT
    assert "got nothing" in capsys.readouterr().err


def test_a_container_without_broker_or_store_address_names_both() -> None:
    assert container.missing_settings("claims", {}) == ["RCM_CLAIMS_KAFKA_BOOTSTRAP", "RCM_CLAIMS_MONGO_URI"]
    complete = {"RCM_CLAIMS_KAFKA_BOOTSTRAP": "kafka:9092", "RCM_CLAIMS_MONGO_URI": "mongodb://store:27017/"}
    assert container.missing_settings("claims", complete) == []
    assert container.missing_settings("claims", {**complete, "RCM_CLAIMS_MONGO_URI": "  "}) == [
        "RCM_CLAIMS_MONGO_URI"
    ]


def test_run_service_stops_before_importing_the_service_when_an_address_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("RCM_DENIALS_KAFKA_BOOTSTRAP", raising=False)
    monkeypatch.setenv("RCM_DENIALS_MONGO_URI", "mongodb://store:27017/")
    assert container.run_service("denials") == container.USAGE_EXIT
    assert capsys.readouterr().err.strip() == "rcm denials: set RCM_DENIALS_KAFKA_BOOTSTRAP"


def test_setting_problems_name_the_variable_and_never_echo_the_value() -> None:
    with pytest.raises(ValidationError) as raised:
        ServiceSettings(service_name="claims", http_port="s3cr3t-not-a-port", auth_issuer=12)  # type: ignore[arg-type]
    problems = container.setting_problems("claims", raised.value)
    assert any(problem.startswith("RCM_CLAIMS_HTTP_PORT: ") for problem in problems), problems
    assert any(problem.startswith("RCM_AUTH_ISSUER: ") for problem in problems), problems
    assert not any("s3cr3t" in problem for problem in problems)


def test_a_settings_error_from_the_service_start_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RCM_DENIALS_KAFKA_BOOTSTRAP", "kafka:9092")
    monkeypatch.setenv("RCM_DENIALS_MONGO_URI", "mongodb://store:27017/")
    monkeypatch.setenv("RCM_DENIALS_HTTP_PORT", "not-a-port")
    assert container.run_service("denials") == container.USAGE_EXIT
    line = capsys.readouterr().err.strip()
    assert line.startswith("rcm denials: RCM_DENIALS_HTTP_PORT: ") and "not-a-port" not in line
