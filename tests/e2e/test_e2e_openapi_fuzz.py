"""Every operation of every running service, fuzzed from its own OpenAPI document: no 5xx, no echoed input.

Schemathesis draws requests from each operation's schema, valid ones (positive) and invalid ones (negative),
with a token holding one of the operation's roles. Half the budget uses path parameters of real records of the
tenant (harvested from a short run), so bodies and queries reach the record, not only the 404.
Checked on every answer: the status is below 500; a 422 names fields and rules without quoting any text the
request sent (it may be PHI). The budget is bounded (RCM_FUZZ_EXAMPLES per operation and mode, default 12)
and the draws are derandomised, so a failure repeats; each finding prints a curl command to replay it.
"""

from __future__ import annotations

import asyncio
import os
from collections import defaultdict
from datetime import date
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from rcm_platform.testing.auth import bearer, token_for
from rcm_platform.testing.phi_guard import remember_phi
from rcmctl.workload.run import run_workload
from schemathesis import GenerationMode

pytestmark = pytest.mark.stack

EXAMPLES = int(os.environ.get("RCM_FUZZ_EXAMPLES", "12"))
NOT_FUZZED = {"GET /health/live", "GET /health/ready", "GET /metrics"}
LISTS_ALLOWED = {"enum", "literal_error"}
MIN_ECHO_LENGTH = 4
"""Shorter texts ("a", "0") occur in any message by chance; a name, a member id or a note is longer."""


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        # A lowercase word ("pattern", "string") can be the rule's own wording; a name, a member id or a note
        # has a capital, a digit or punctuation, or is long.
        wording = value.isascii() and value.isalpha() and value.islower() and len(value) < 12
        return [value] if len(value.strip()) >= MIN_ECHO_LENGTH and not wording else []
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
        return [text] if len(text) >= MIN_ECHO_LENGTH + 2 else []
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list | tuple):
        return [t for item in value for t in _texts(item)]
    return []


def _published_rules(document: Any, found: set[str] | None = None) -> set[str]:
    """Every `pattern` of the service's own OpenAPI document: a draw may send one as a value, and the 422 then
    names the rule, which is ours and public, not the caller's text."""
    found = set() if found is None else found
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            else:
                _published_rules(value, found)
    elif isinstance(document, list):
        for item in document:
            _published_rules(item, found)
    return found


def _echoed(case: Any, answer: requests.Response, published: set[str]) -> list[str]:
    """Texts the request sent that come back in the 422's messages (field names in `loc` are ours)."""
    try:
        problems = answer.json().get("detail", [])
    except ValueError:
        return ["<not JSON>"]
    if not isinstance(problems, list):
        return ["<detail is not a list>"]
    # An enum's message lists the allowed values (ours), which a valid-looking draw may also send.
    messages = " ".join(
        str(p.get("msg", "")) for p in problems if isinstance(p, dict) and p.get("type") not in LISTS_ALLOWED
    )
    sent = [*_texts(case.path_parameters), *_texts(case.query), *_texts(case.body)]
    return [text for text in sent if text in messages and text not in published]


def _harvest_ids(value: Any, found: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item and key.endswith(("_id", "_number")):
                found[key].add(item)
            _harvest_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _harvest_ids(item, found)


def _fuzz_operation(
    operation: Any,
    url: str,
    headers: dict[str, str],
    path_parameters: dict[str, str] | None,
    published: set[str],
) -> list[str]:
    findings: list[str] = []
    session = requests.Session()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case: Any) -> None:
            case.headers = {**(case.headers or {}), **headers}
            try:
                answer = case.call(base_url=url, session=session, timeout=30)
            except requests.RequestException as error:  # the service hung up: as bad as a 500
                findings.append(f"{operation.label}: {type(error).__name__}\n  {case.as_curl_command()}")
                return
            if answer.status_code >= 500:
                findings.append(f"{operation.label}: {answer.status_code}\n  {case.as_curl_command()}")
            elif answer.status_code == 422 and (echoed := _echoed(case, answer, published)):
                findings.append(
                    f"{operation.label}: 422 quotes the input {echoed!r}\n  {case.as_curl_command()}"
                )

        check()
    return findings


async def _answer_the_known_findings(urls: dict[str, str], tenant: str, ids: dict[str, set[str]]) -> None:
    """The requests that answered 500 or echoed PHI before, by hand: a fuzzer's budget may not draw them."""
    async with httpx.AsyncClient(timeout=30) as client:
        biller = bearer(token_for("biller", tenant))
        answer = await client.get(f"{urls['claims']}/claims", params={"offset": str(2**63)}, headers=biller)
        assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["query", "offset"]

        claim_id = sorted(ids["claim_id"])[0]
        for amount in ("1e300", "9" * 40, "1.005", "NaN", "-0x10"):
            answer = await client.post(
                f"{urls['denials']}/denials/{claim_id}/write-offs",
                json={"work_item_id": "wi-1", "amount": amount, "reason": "small balance"},
                headers=biller,
            )
            assert answer.status_code == 422, (amount, answer.status_code)
            assert answer.json()["detail"][0]["loc"] == ["body", "amount"] and amount not in answer.text

        front_desk = bearer(token_for("front_desk", tenant))
        note = "N" * (5 * 1024 * 1024)
        answer = await client.post(
            f"{urls['registration']}/patients", json={"first_name": "ANA", "note": note}, headers=front_desk
        )
        assert answer.status_code == 413 and len(answer.content) < 1000

        secret = "ZELDA-QUARTERMAINE"
        answer = await client.post(
            f"{urls['registration']}/patients",
            json={"first_name": secret, "last_name": secret, "birth_date": secret, "sex": secret},
            headers=front_desk,
        )
        assert answer.status_code == 422 and secret not in answer.text


async def test_every_operation_answers_hostile_input_without_5xx_or_echo(
    fleet_factory: Any, kafka_bootstrap: str, unique_name: str
) -> None:
    fleet = fleet_factory()
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=8,
        seed=7,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=240,
    )
    assert result.settled and result.tracker is not None
    tenant_events: dict[str, list[Any]] = defaultdict(list)
    for messages in result.tracker.events.by_type.values():
        for message in messages:
            tenant_events[message.envelope.tenant_id].append(message)
    tenant = max(tenant_events, key=lambda t: len(tenant_events[t]))
    ids: dict[str, set[str]] = defaultdict(set)
    for message in tenant_events[tenant]:
        _harvest_ids(message.payload.model_dump(mode="json"), ids)

    await _answer_the_known_findings(urls, tenant, ids)
    findings: list[str] = []
    fuzzed = 0
    async with httpx.AsyncClient(timeout=10) as client:
        documents = {name: (await client.get(f"{url}/openapi.json")).json() for name, url in urls.items()}
    for name, document in documents.items():
        schema = schemathesis.openapi.from_dict(document)
        published = _published_rules(document)
        for result_of in schema.get_all_operations():
            operation = result_of.ok()
            key = f"{operation.method.upper()} {operation.path}"
            if key in NOT_FUZZED:
                continue
            roles = operation.definition.raw.get("x-roles") or ["admin"]
            headers = bearer(token_for(roles[0], tenant))
            names = [p.name for p in operation.path_parameters]
            real = {n: sorted(ids[n])[0] for n in names if ids.get(n)}
            runs = [None] + ([real] if names and len(real) == len(names) else [])
            for path_parameters in runs:
                findings += await asyncio.to_thread(
                    _fuzz_operation, operation, urls[name], headers, path_parameters, published
                )
            fuzzed += 1
    assert fuzzed > 40, f"only {fuzzed} operations were found to fuzz"
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:40])
