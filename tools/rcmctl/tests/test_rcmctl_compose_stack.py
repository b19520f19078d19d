"""The compose helpers' pure parts: container states, the .env file, and `rcm demo --against`'s refusals."""

from __future__ import annotations

from pathlib import Path

from rcmctl.cli import app
from rcmctl.compose_stack import _dotenv, _failed, _settled
from typer.testing import CliRunner


def test_a_healthy_container_and_a_finished_job_are_settled() -> None:
    assert _settled("/p_claims_1|running|0|healthy")
    assert _settled("/p_topics_1|exited|0|")
    assert _settled("/p_topics_1|exited|0|unhealthy")  # a one-shot job that inherited the image's check


def test_a_starting_or_unhealthy_container_is_not_settled_and_a_failed_job_is_failed() -> None:
    assert not _settled("/p_claims_1|running|0|starting")
    assert not _settled("/p_claims_1|running|0|unhealthy")
    assert not _failed("/p_claims_1|running|0|starting")
    assert _failed("/p_topics_1|exited|64|")
    assert not _settled("/p_topics_1|exited|64|")


def test_dotenv_reads_assignments_and_skips_comments(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text('# ports\nKAFKA_HOST_PORT=29092\n\nSTORE_HOST_PORT="27999"\nnot a line\n')
    assert _dotenv(env) == {"KAFKA_HOST_PORT": "29092", "STORE_HOST_PORT": "27999"}
    assert _dotenv(tmp_path / "missing.env") == {}


def test_demo_against_anything_but_compose_is_refused_naming_the_option() -> None:
    result = CliRunner().invoke(app, ["demo", "--against", "kubernetes"])
    assert result.exit_code == 2
    assert "--against" in result.output and "compose" in result.output
