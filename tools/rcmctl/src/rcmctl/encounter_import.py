"""Import a feed of encounters (an EHR's export, one JSON object per line) through POST /encounters:batch.

Each line is a batch item, `{"idempotency_key": "...", "encounter": {...}}`, or the encounter object alone; a line
without a key gets one derived from its content, so importing the same file again registers nothing twice. Lines
go out in batches of at most `MAX_ENCOUNTERS_PER_BATCH`; each is answered on its own (registered or rejected with
the field named), and an unreadable line is named and never sent. A batch the service refuses as a whole (422:
an item the request schema cannot read) is sent again without the items it names, which are rejected by their
line. A service that is away (503, no connection) gets the same batch again: the keys make that safe.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

MAX_ENCOUNTERS_PER_BATCH = 100
"""The registration service's limit for one POST /encounters:batch."""
MAX_KEY_LENGTH = 200
RETRYABLE_STATUS = {429, 502, 503, 504}


@dataclass(frozen=True)
class FeedLine:
    number: int
    """1-based line of the file (what an operator looks up)."""
    idempotency_key: str
    encounter: dict[str, Any]


@dataclass(frozen=True)
class LineRejected:
    number: int
    reason: str
    idempotency_key: str = ""


@dataclass
class ImportResult:
    registered: int = 0
    """Registered now, or already by an earlier import with the same key."""
    rejected: list[LineRejected] = field(default_factory=list)
    encounter_ids: dict[int, str] = field(default_factory=dict)
    """Line number -> the encounter registered for it."""

    @property
    def complete(self) -> bool:
        return not self.rejected


def read_feed(lines: Iterable[str]) -> tuple[list[FeedLine], list[LineRejected]]:
    """Parse the feed: the readable lines in order, and each unreadable one with its reason (blank lines skip)."""
    readable: list[FeedLine] = []
    unreadable: list[LineRejected] = []
    first_line_of_key: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        text = text.strip()
        if not text:
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            unreadable.append(LineRejected(number, f"not JSON: {error.msg} at column {error.colno}"))
            continue
        if not isinstance(value, dict):
            unreadable.append(LineRejected(number, "not a JSON object"))
            continue
        encounter = value.get("encounter", value)
        if not isinstance(encounter, dict):
            unreadable.append(LineRejected(number, "encounter: not a JSON object"))
            continue
        key = value.get("idempotency_key") if "encounter" in value else None
        if key is None:
            key = _derived_key(encounter)
        if not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY_LENGTH:
            unreadable.append(
                LineRejected(number, f"idempotency_key: a string of 1 to {MAX_KEY_LENGTH} characters")
            )
            continue
        if key in first_line_of_key:
            unreadable.append(
                LineRejected(number, f"idempotency_key: already used on line {first_line_of_key[key]}", key)
            )
            continue
        first_line_of_key[key] = number
        readable.append(FeedLine(number, key, encounter))
    return readable, unreadable


def _derived_key(encounter: dict[str, Any]) -> str:
    """The same visit (the same fields, in any order) gets the same key in every import of it."""
    canonical = json.dumps(encounter, sort_keys=True, separators=(",", ":"))
    return "feed-" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


Post = Callable[[list[dict[str, Any]]], Awaitable[httpx.Response]]


async def import_lines(
    lines: list[FeedLine],
    post: Post,
    *,
    batch_size: int = MAX_ENCOUNTERS_PER_BATCH,
    attempts: int = 6,
    retry_delay_s: float = 1.0,
) -> ImportResult:
    """Send the lines in batches through `post` (one POST /encounters:batch with these items) and collect what
    became of each line."""
    result = ImportResult()
    size = max(1, min(batch_size, MAX_ENCOUNTERS_PER_BATCH))
    for start in range(0, len(lines), size):
        await _send_batch(lines[start : start + size], post, result, attempts, retry_delay_s)
    result.rejected.sort(key=lambda rejected: rejected.number)
    return result


async def _send_batch(
    batch: list[FeedLine], post: Post, result: ImportResult, attempts: int, retry_delay_s: float
) -> None:
    pending = list(batch)
    attempt = 0
    while pending:
        items = [{"idempotency_key": line.idempotency_key, "encounter": line.encounter} for line in pending]
        try:
            response = await post(items)
        except httpx.TransportError as error:
            response = None
            failure = f"registration unreachable: {type(error).__name__}"
        if response is not None and response.status_code == 200:
            _record_answers(pending, response.json(), result)
            return
        if response is not None and response.status_code == 422:
            refused = _items_named(response.json(), len(pending))
            if not refused:  # the request as a whole: nothing in it can be sent
                reason = _first_problem(response.json())
                result.rejected.extend(
                    LineRejected(line.number, reason, line.idempotency_key) for line in pending
                )
                return
            for index, reason in refused.items():
                line = pending[index]
                result.rejected.append(LineRejected(line.number, reason, line.idempotency_key))
            pending = [line for index, line in enumerate(pending) if index not in refused]
            continue
        if response is not None and response.status_code not in RETRYABLE_STATUS:
            reason = f"HTTP {response.status_code}: {response.text[:200]}"
            result.rejected.extend(
                LineRejected(line.number, reason, line.idempotency_key) for line in pending
            )
            return
        attempt += 1
        if attempt >= attempts:
            reason = failure if response is None else f"HTTP {response.status_code} after {attempts} attempts"
            result.rejected.extend(
                LineRejected(line.number, reason, line.idempotency_key) for line in pending
            )
            return
        await asyncio.sleep(retry_delay_s * 2 ** (attempt - 1))


def _record_answers(pending: list[FeedLine], answer: dict[str, Any], result: ImportResult) -> None:
    for line, item in zip(pending, answer["results"], strict=True):
        if item["outcome"] == "registered":
            result.registered += 1
            result.encounter_ids[line.number] = item["encounter"]["encounter_id"]
        else:
            problems = item.get("problems") or []
            reason = "; ".join(_problem_text(problem, skip=4) for problem in problems) or "rejected"
            result.rejected.append(LineRejected(line.number, reason, line.idempotency_key))


def _items_named(problem_body: Any, count: int) -> dict[int, str]:
    """Item index -> reason, for the 422 problems located inside one item (loc body.items.N...)."""
    named: dict[int, str] = {}
    for problem in _problems(problem_body):
        loc = problem.get("loc") or []
        if len(loc) >= 3 and loc[:2] == ["body", "items"] and isinstance(loc[2], int) and 0 <= loc[2] < count:
            text = _problem_text(problem, skip=4 if loc[3:4] == ["encounter"] else 3)
            named[loc[2]] = f"{named[loc[2]]}; {text}" if loc[2] in named else text
    return named


def _problems(problem_body: Any) -> list[dict[str, Any]]:
    if isinstance(problem_body, dict):
        found = problem_body.get("problems") or problem_body.get("detail") or []
        return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []
    return []


def _first_problem(problem_body: Any) -> str:
    problems = _problems(problem_body)
    return _problem_text(problems[0], skip=1) if problems else "refused by the service (422)"


def _problem_text(problem: dict[str, Any], *, skip: int) -> str:
    """`field.path: message`, the path inside the item (the request's own prefix left out)."""
    where = ".".join(str(part) for part in (problem.get("loc") or [])[skip:])
    message = str(problem.get("msg", ""))
    return f"{where}: {message}" if where else message


def rejected_lines_file(path: Path, rejected: list[LineRejected], source: list[str]) -> Path:
    """Write the rejected lines as they were, so a corrected copy can be imported again."""
    out = path.with_name(path.name + ".rejected")
    out.write_text("".join(source[item.number - 1].rstrip("\n") + "\n" for item in rejected))
    return out
