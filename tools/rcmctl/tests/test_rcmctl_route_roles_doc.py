"""The README's route -> roles table is the one the services' OpenAPI documents give (`rcm docs roles`)."""

from __future__ import annotations

import pytest
from rcm_platform.localstack.config import find_repo_root
from rcmctl.route_roles_doc import END, START, readme_path, render_table, with_table


def test_the_readme_table_is_the_generated_one() -> None:
    readme = readme_path(find_repo_root()).read_text()
    assert with_table(readme, render_table()) == readme, "stale: run `uv run rcm docs roles`"


def test_every_route_of_every_service_has_a_row_naming_roles_or_public() -> None:
    rows = [line for line in render_table().splitlines()[2:] if line]
    assert len(rows) > 50
    assert all(line.rstrip(" |").split("|")[-1].strip() for line in rows)
    assert "| clearinghouse | `POST /simulator/advance` | system |" in rows


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no"):
        with_table("# nothing here\n", "| a |\n")
    assert with_table(f"x\n{START}\nold\n{END}\ny", "new\n") == f"x\n{START}\nnew\n{END}\ny"
