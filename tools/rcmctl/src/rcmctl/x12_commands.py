"""`rcm x12 read FILE`: what the project's X12 reader understands of an 837P, 835, 999, 277CA, 276 or 277, and
every problem.

Prints JSON (`--table` for people). Problems come from our reader (the first one that stops it) and from pyx12
(every one it finds, with the segment's position) and, for an 837P, from the payer-rule check (x12_payer_rules:
what payers require beyond the guide's structure); the command exits 1 when there is any. pyx12's messages quote
the offending values: they are cut out, since a value can be a patient's name or member id.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rcm_x12.any_file import READERS, FileReading, Problem, read_any
from rich.console import Console
from rich.table import Table

from rcmctl.x12_claims_table import claims_table
from rcmctl.x12_payer_rules import payer_rule_problems
from rcmctl.x12_remit_table import remit_claims_table

x12_app = typer.Typer(help="Read X12 files as the project does: 837P, 835, 999, 277CA, 276, 277.")

_PYX12_LINE = re.compile(r"^Line:(?P<line>\d+)(?: \S+)* - (?P<message>.*)$")
_ELEMENT = re.compile(r"\(([A-Z][A-Z0-9]{1,2}\d{2})\)")


@x12_app.command("read")
def read(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="the X12 file")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help=f"read as this kind ({', '.join(READERS)}); default: from ST01/GS08"),
    ] = None,
    table: Annotated[bool, typer.Option("--table", help="a table for people instead of JSON")] = False,
) -> None:
    """Print what the reader understood; exit 1 naming every problem with its segment and position."""
    if kind is not None and kind not in READERS:
        raise typer.BadParameter(f"{kind!r}: choose one of {', '.join(READERS)}", param_hint="--kind")
    text = file.read_text(encoding="utf-8", errors="replace")
    reading = read_any(text, kind)
    ours = [*reading.problems, *payer_rule_problems(reading)]
    problems = merged(ours, pyx12_findings(text, reading) if reading.kind in READERS else [])
    if table:
        print_table(Console(), file, reading, problems)
    else:
        typer.echo(json.dumps(as_json(file, reading, problems), indent=2, default=_plain))
    if problems:
        raise typer.Exit(1)


def pyx12_findings(text: str, reading: FileReading) -> list[Problem]:
    """pyx12's log lines (`Line:16 ELE:6 - Data element ... (CLP03) ... (value)`) as problems, values cut out."""
    try:
        from rcm_x12.pyx12_validation import pyx12_problems
    except ImportError:  # pyx12 is a development dependency: without it, the reader's verdict stands alone
        return []
    found = []
    for line in pyx12_problems(text):
        match = _PYX12_LINE.match(line)
        if match is None:
            continue  # the same problems again, from pyx12's JSON tree (without a position)
        position = int(match["line"])
        message = _without_values(match["message"])
        element = _ELEMENT.search(message)
        segment = reading.segments[position - 1][0] if 0 < position <= len(reading.segments) else None
        found.append(Problem(message, segment, position, element.group(1) if element else None, "pyx12"))
    return found


def _without_values(message: str) -> str:
    value = re.search(r" \(([^()]*)\)$", message)
    if value is None:
        return message
    quoted = value.group(1)
    return message[: value.start()].replace(f"({quoted})", "").replace(f" {quoted}", "").rstrip(" :")


def merged(reader: list[Problem], pyx12: list[Problem]) -> list[Problem]:
    """Both lists, in file order; pyx12's copy of a problem the reader named at the same place is dropped."""
    named = {(p.segment_position, p.element) for p in reader}
    extra = [p for p in pyx12 if (p.segment_position, p.element) not in named]
    return sorted([*reader, *extra], key=lambda p: p.segment_position or 0)


def as_json(file: Path, reading: FileReading, problems: list[Problem]) -> dict[str, Any]:
    return {
        "file": file.name,
        "kind": reading.kind,
        "valid": not problems,
        "problems": [{**dataclasses.asdict(p), "text": str(p)} for p in problems],
        "understood": [_plain(item) for item in reading.understood],
    }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def print_table(console: Console, file: Path, reading: FileReading, problems: list[Problem]) -> None:
    summary = Table(title=f"{file.name}: {reading.kind}, {len(reading.understood)} read")
    summary.add_column("#", justify="right")
    summary.add_column("what the reader understood")
    for number, item in enumerate(reading.understood, 1):
        plain = _plain(item)
        scalars = [
            f"{k}={v}" for k, v in plain.items() if not isinstance(v, dict | list) and v not in ("", None)
        ]
        counts = [f"{k}: {len(v)}" for k, v in plain.items() if isinstance(v, list)]
        summary.add_row(str(number), ", ".join([*scalars, *counts]))
    console.print(summary)
    if reading.kind == "837P" and reading.understood:
        console.print(claims_table([_plain(item) for item in reading.understood]))
    if reading.kind == "835" and reading.understood:
        console.print(remit_claims_table([_plain(item) for item in reading.understood]))
    if not problems:
        console.print("[green]no problems[/green]")
        return
    found = Table(title=f"{len(problems)} problem(s)")
    for column in ("position", "segment", "element", "found by", "reason"):
        found.add_column(column, justify="right" if column == "position" else "left")
    for p in problems:
        found.add_row(
            str(p.segment_position or ""), p.segment_id or "", p.element or "", p.found_by, p.reason
        )
    console.print(found)
