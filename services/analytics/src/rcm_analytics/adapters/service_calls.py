"""The console's actions, sent to the services that own them with the signed-in person's own token: the owner
checks the role and the tenant again, and a 422 comes back to the form as it was."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from rcm_platform.http import TENANT_HEADER

TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def field_errors(self) -> dict[str, str]:
        """A 422's problems by the last name in their location (the form field beside which each is shown)."""
        problems = self.body.get("detail") if isinstance(self.body, dict) else None
        if self.status != 422 or not isinstance(problems, list):
            return {}
        errors: dict[str, str] = {}
        for problem in problems:
            location = [str(part) for part in problem.get("loc", []) if not str(part).isdigit()]
            name = location[-1] if location else "form"
            errors.setdefault(name, str(problem.get("msg", "invalid")))
        return errors

    def message(self) -> str:
        detail = self.body.get("detail") if isinstance(self.body, dict) else self.body
        return detail if isinstance(detail, str) else f"answered {self.status}"


class ServiceCalls:
    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls

    def knows(self, service: str) -> bool:
        return service in self.urls

    async def get(self, service: str, path: str, token: str, tenant_id: str) -> Answer:
        return await self._call("GET", service, path, token, tenant_id, None)

    async def post(self, service: str, path: str, token: str, tenant_id: str, body: dict[str, Any]) -> Answer:
        return await self._call("POST", service, path, token, tenant_id, body)

    async def text(self, service: str, path: str, token: str, tenant_id: str) -> str | None:
        answer = await self._call("GET", service, path, token, tenant_id, None, as_text=True)
        return answer.body if answer.ok else None

    async def _call(
        self,
        method: str,
        service: str,
        path: str,
        token: str,
        tenant_id: str,
        body: dict[str, Any] | None,
        *,
        as_text: bool = False,
    ) -> Answer:
        base = self.urls.get(service)
        if base is None:
            return Answer(503, {"detail": f"the console does not know where {service} runs (service_urls)"})
        headers = {"Authorization": f"Bearer {token}", TENANT_HEADER: tenant_id}
        try:
            async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S) as client:
                answer = await client.request(method, path, headers=headers, json=body)
        except httpx.HTTPError as error:
            return Answer(503, {"detail": f"{service} did not answer ({type(error).__name__})"})
        if as_text:
            return Answer(answer.status_code, answer.text)
        try:
            return Answer(answer.status_code, answer.json())
        except ValueError:
            return Answer(answer.status_code, {"detail": answer.text[:300]})
