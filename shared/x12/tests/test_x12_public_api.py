from __future__ import annotations

import rcm_x12
from rcm_x12 import bench


def test_public_api_exports_everything_listed() -> None:
    for name in rcm_x12.__all__:
        assert hasattr(rcm_x12, name), name


def test_bench_runs_on_a_small_file(capsys: object) -> None:
    bench.main(["200"])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "claims/s" in out
