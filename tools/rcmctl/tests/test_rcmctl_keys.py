"""`rcm keys rotate`: a new active key for one tenant, old values still open, no key material printed."""

from __future__ import annotations

from pathlib import Path

from rcm_platform.phi import FieldCipher, FileKeyProvider
from rcmctl.cli import app
from typer.testing import CliRunner


def test_rotate_adds_an_active_key_and_old_values_still_open(tmp_path: Path) -> None:
    running = FieldCipher(FileKeyProvider(tmp_path, reload_after_s=0))  # a service already running
    before = running.seal("clinic-a", "Quokkason")

    result = CliRunner().invoke(app, ["keys", "rotate", "--tenant", "clinic-a", "--keys-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "new active key 2" in result.output

    assert running.seal("clinic-a", "Quokkason").startswith("enc:v1:2:")
    assert running.open("clinic-a", before) == "Quokkason"
    listed = CliRunner().invoke(app, ["keys", "list", "--keys-dir", str(tmp_path)])
    assert "clinic-a: keys 1, 2; active 2" in listed.output
    secret = (tmp_path / "clinic-a" / "data-2.key").read_bytes()
    assert secret.hex() not in listed.output + result.output


def test_rotate_refuses_a_name_that_is_not_a_tenant_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["keys", "rotate", "--tenant", "../etc", "--keys-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert not any(tmp_path.parent.glob("etc/data-*.key"))
