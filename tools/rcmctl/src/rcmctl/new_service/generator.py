"""Write a new service from the template, and put its name on the one list of services.

The template is a small working service (a patient-balance read model fed by ClaimPaid / ClaimPartiallyPaid)
in the shape every service has: domain/, service/ (use cases over ports), adapters/, entrypoints/, app.py,
with a use-case test on the in-memory fakes and a stack test. Its names are rewritten to the new service's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).parent / "template"
TEMPLATE_NAME = "service_template"
REGISTRY = Path("shared/schemas/src/rcm_schemas/topics.py")
SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


class NewServiceError(ValueError):
    """The name cannot be used; the message says why."""


@dataclass(frozen=True)
class ServiceNames:
    snake: str

    @property
    def camel(self) -> str:
        return "".join(part.capitalize() for part in self.snake.split("_"))

    @property
    def kebab(self) -> str:
        return self.snake.replace("_", "-")

    def rewrite(self, text: str) -> str:
        for old, new in (
            ("SERVICE_TEMPLATE", self.snake.upper()),
            ("ServiceTemplate", self.camel),
            ("service-template", self.kebab),
            (TEMPLATE_NAME, self.snake),
        ):
            text = text.replace(old, new)
        return text


def generate(root: Path, name: str) -> list[Path]:
    """Write services/<name>/ under `root`; returns the files written. Refuses an existing folder."""
    if not SERVICE_NAME.match(name):
        raise NewServiceError(
            f"{name!r}: use lowercase letters, digits and underscores, starting with a letter"
        )
    target = root / "services" / name
    if target.exists():
        raise NewServiceError(f"{target} already exists")
    names = ServiceNames(name)
    written = []
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = Path(names.rewrite(str(source.relative_to(TEMPLATE).with_suffix(""))))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(names.rewrite(source.read_text()))
        written.append(destination)
    _tidy(target)
    return written


def _tidy(folder: Path) -> None:
    """Sort imports and format with the project's ruff: where the new name sorts among the imports varies."""
    for args in (["check", "--fix", "--select", "I", "--quiet"], ["format", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *args, str(folder)], check=False, capture_output=True)


def register(root: Path, name: str) -> bool:
    """Add the name to CONSUMING_SERVICES in the topic registry (which gives it a DLQ). False if already there."""
    registry = root / REGISTRY
    text = registry.read_text()
    match = re.search(r"CONSUMING_SERVICES: tuple\[str, \.\.\.\] = \((?P<body>.*?)\n\)", text, re.S)
    if match is None:
        raise NewServiceError(f"{registry}: CONSUMING_SERVICES not found")
    if f'"{name}"' in match.group("body"):
        return False
    end = match.end("body")
    registry.write_text(f'{text[:end]}\n    "{name}",{text[end:]}')
    return True
