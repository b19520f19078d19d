"""pyx12's verdict on an X12 document, as a list of readable problems (empty when pyx12 finds none).

We hold every file we write to pyx12 (the standard says so); tests and `rcm bench x12` call this. pyx12 is a
development dependency of the workspace, imported only when this runs.
"""

from __future__ import annotations

import io
import json
import logging
import tempfile
from pathlib import Path
from typing import Any


def pyx12_problems(text: str) -> list[str]:
    """Every error pyx12 reports for the document: from its JSON tree and from its error log."""
    import pyx12.params
    import pyx12.x12n_document

    logged = io.StringIO()
    handler = logging.StreamHandler(logged)
    handler.setLevel(logging.ERROR)
    logger = logging.getLogger("pyx12")
    logger.addHandler(handler)
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "document.x12"
            source.write_text(text)
            tree = io.StringIO()
            valid = pyx12.x12n_document.x12n_document(
                param=pyx12.params.params(),
                src_file=str(source),
                fd_997=None,
                fd_html=None,
                fd_json=tree,
                map_path=_map_path(text),
            )
    finally:
        logger.removeHandler(handler)
    problems: list[str] = []
    _collect(json.loads(tree.getvalue() or "{}"), problems)
    problems.extend(line for line in logged.getvalue().splitlines() if line.strip())
    if not valid and not problems:
        problems.append("pyx12 reported the document invalid without details")
    return problems


def _map_path(text: str) -> str | None:
    """pyx12's own maps, or for the claim status pair (276/277 X212) a folder that also holds those."""
    if "005010X212" not in text:
        return None
    from rcm_x12.pyx12_x212_maps import x212_map_folder

    return x212_map_folder()


def _collect(node: Any, found: list[str], where: str = "") -> None:
    if isinstance(node, dict):
        label = str(node.get("seg_id") or node.get("trn_set_id") or node.get("gs_control_num") or where)
        found.extend(f"{label}: {error}" for error in node.get("errors", []))
        for key, value in node.items():
            if key != "errors":
                _collect(value, found, label)
    elif isinstance(node, list):
        for item in node:
            _collect(item, found, where)
