"""The console's pages: sign-in, the four worklists (paged, sorted and filtered on the server, the filters in the
query string so a URL can be bookmarked and shared, CSV of every list), the actions people take from them, a
claim's page and the dashboard. Pages refresh themselves with htmx every few seconds (live without reloading)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, model_validator
from rcm_platform.auth import Role, roles
from rcm_platform.auth.dev_keys import DevSigner
from rcm_platform.auth.tokens import TokenVerifier

from rcm_analytics.adapters.service_calls import ServiceCalls
from rcm_analytics.domain.scope import ReportScope
from rcm_analytics.domain.worklists import SORT_KEYS, Worklist, WorklistQuery
from rcm_analytics.entrypoints.access import CLAIM_READERS, REPORT_READERS
from rcm_analytics.entrypoints.console.forms import approval_body, parse_money, proposed_diagnoses
from rcm_analytics.entrypoints.console.session import (
    TENANT_COOKIE,
    TOKEN_COOKIE,
    ConsoleUser,
    NotAllowed,
    SignInNeeded,
    safe_next,
    signed_in,
)
from rcm_analytics.service.reports import Reports
from rcm_analytics.service.worklist_pages import WorklistPages

HERE = Path(__file__).parent
PAGE_SIZES = (25, 50, 100, 200)
CSV_LIMIT = 100_000

WORKLIST_ROLES: dict[Worklist, frozenset[Role]] = {
    Worklist.front_desk: roles(Role.front_desk, Role.admin),
    Worklist.coding: roles(Role.coder, Role.admin),
    Worklist.holds: roles(Role.biller, Role.admin),
    Worklist.denials: roles(Role.biller, Role.appeals, Role.admin, Role.auditor),
}
WORKLIST_TITLES = {
    Worklist.front_desk: "Front desk: registrations to complete",
    Worklist.coding: "Coding reviews",
    Worklist.holds: "Claims held by the scrubber",
    Worklist.denials: "Denials",
}
SIGN_IN_ROLES = [r for r in Role if r is not Role.system]


@dataclass(frozen=True)
class Console:
    verifier: TokenVerifier
    reports: Reports
    pages: WorklistPages
    calls: ServiceCalls
    dev_signer: Callable[[], DevSigner] | None
    poll_s: int
    today: Callable[[], date]


def console_app(console: Console) -> FastAPI:
    app = FastAPI(title="rcm console", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["money"] = _money
    templates.env.globals["proposed_diagnoses"] = proposed_diagnoses
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(SignInNeeded)
    async def to_sign_in(request: Request, needed: SignInNeeded) -> Response:
        if request.headers.get("HX-Request"):  # a live refresh: the whole page goes to sign-in
            return Response(status_code=204, headers={"HX-Redirect": needed.location})
        return RedirectResponse(needed.location, status_code=303)

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, refused: NotAllowed) -> Response:
        return templates.TemplateResponse(
            request, "refused.html", {"reason": str(refused), "user": None}, status_code=403
        )

    def render(request: Request, name: str, user: ConsoleUser | None, **values: Any) -> HTMLResponse:
        context = {"user": user, "nav": _nav(user), "poll_s": console.poll_s, **values}
        return templates.TemplateResponse(request, name, context, status_code=values.pop("status", 200))

    # --- signing in -------------------------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, next: str | None = None, why: str | None = None) -> HTMLResponse:
        return render(
            request,
            "login.html",
            None,
            next=safe_next(next),
            why=why,
            dev_login=console.dev_signer is not None,
            roles=SIGN_IN_ROLES,
            errors={},
            typed={},
        )

    @app.post("/login", response_class=HTMLResponse)
    async def login(
        request: Request,
        next: Annotated[str, Form()] = "/console/",
        name: Annotated[str, Form()] = "",
        role: Annotated[str, Form()] = "",
        clinics: Annotated[str, Form()] = "",
        token: Annotated[str, Form()] = "",
    ) -> Response:
        typed = {"name": name, "role": role, "clinics": clinics}
        errors: dict[str, str] = {}
        if not token:
            if console.dev_signer is None:
                errors["token"] = "paste a token from your identity provider"
            else:
                token, errors = _dev_token(console.dev_signer(), name, role, clinics)
        if not errors:
            try:
                await console.verifier.verify(token)
            except Exception as refused:  # any refusal is shown beside the field
                errors["token"] = f"this token is not accepted: {refused}"
        if errors:
            return render(
                request,
                "login.html",
                None,
                next=safe_next(next),
                why=None,
                dev_login=console.dev_signer is not None,
                roles=SIGN_IN_ROLES,
                errors=errors,
                typed=typed,
                status=422,
            )
        answer = RedirectResponse(safe_next(next), status_code=303)
        answer.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/console")
        answer.delete_cookie(TENANT_COOKIE, path="/console")
        return answer

    @app.post("/logout")
    async def logout() -> Response:
        answer = RedirectResponse("/console/login", status_code=303)
        answer.delete_cookie(TOKEN_COOKIE, path="/console")
        answer.delete_cookie(TENANT_COOKIE, path="/console")
        return answer

    @app.post("/clinic")
    async def switch_clinic(
        request: Request, tenant_id: Annotated[str, Form()], back: Annotated[str, Form()] = ""
    ) -> Response:
        user = await signed_in(request, console.verifier, frozenset(Role))
        answer = RedirectResponse(safe_next(back), status_code=303)
        if tenant_id in user.principal.tenants:
            answer.set_cookie(TENANT_COOKIE, tenant_id, httponly=True, samesite="strict", path="/console")
        return answer

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        user = await signed_in(request, console.verifier, frozenset(Role))
        first = next((link for link, _ in _nav(user)), None)
        if first is None:
            raise NotAllowed("your role has no page in the console")
        return RedirectResponse(first, status_code=303)

    # --- worklists ----------------------------------------------------------------------------------------------

    async def worklist_user(request: Request, worklist: Worklist) -> ConsoleUser:
        return await signed_in(request, console.verifier, WORKLIST_ROLES[worklist])

    def query_of(worklist: Worklist, params: WorklistParams, *, everything: bool = False) -> WorklistQuery:
        size = CSV_LIMIT if everything else params.size
        return WorklistQuery(
            worklist=worklist,
            sort=params.sort,
            descending=params.desc,
            payer_id=params.payer or None,
            search=params.q or None,
            offset=0 if everything else (params.page - 1) * params.size,
            size=size,
        )

    async def rows_context(user: ConsoleUser, worklist: Worklist, params: WorklistParams) -> dict[str, Any]:
        served = await console.pages.page(user.tenant_id, query_of(worklist, params))
        pages = max((served.page.total + params.size - 1) // params.size, 1)
        return {
            "worklist": worklist.value,
            "rows": served.page.rows,
            "total": served.page.total,
            "current": served.current,
            "params": params,
            "pages": pages,
            "today": console.today(),
            "link": lambda **changes: _worklist_link(worklist, params, **changes),
            "rows_url": f"/console/worklists/{worklist.value}/rows?{params.query()}",
            "csv_url": f"/console/worklists/{worklist.value}/export.csv?{params.query()}",
        }

    @app.get("/worklists/{worklist}", response_class=HTMLResponse)
    async def worklist_page(
        request: Request, worklist: Worklist, params: Annotated[WorklistParams, Query()]
    ) -> Response:
        user = await worklist_user(request, worklist)
        context = await rows_context(user, worklist, params)
        return render(request, "worklist.html", user, title=WORKLIST_TITLES[worklist], **context)

    @app.get("/worklists/{worklist}/rows", response_class=HTMLResponse)
    async def worklist_rows(
        request: Request, worklist: Worklist, params: Annotated[WorklistParams, Query()]
    ) -> Response:
        user = await worklist_user(request, worklist)
        return render(request, "worklist_rows.html", user, **(await rows_context(user, worklist, params)))

    @app.get("/worklists/{worklist}/export.csv")
    async def worklist_csv(
        request: Request, worklist: Worklist, params: Annotated[WorklistParams, Query()]
    ) -> Response:
        user = await worklist_user(request, worklist)
        served = await console.pages.page(user.tenant_id, query_of(worklist, params, everything=True))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "key",
                "work_item_id",
                "claim_id",
                "encounter_id",
                "payer_id",
                "amount",
                "reason",
                "opened_at",
                "age_days",
                "deadline",
                "queue",
            ]
        )
        today = console.today()
        for row in served.page.rows:
            writer.writerow(
                [
                    row.key,
                    row.work_item_id,
                    row.claim_id or "",
                    row.encounter_id or "",
                    row.payer_id or "",
                    "" if row.amount is None else f"{row.amount:.2f}",
                    row.reason,
                    row.opened_at.isoformat(),
                    row.age_days(today),
                    row.deadline.isoformat() if row.deadline else "",
                    row.queue or "",
                ]
            )
        filename = f"{worklist.value}-{user.tenant_id}-{today.isoformat()}.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def record_page(
        request: Request,
        user: ConsoleUser,
        template: str,
        service: str,
        path: str,
        shown_as: str,
        *,
        errors: dict[str, str] | None = None,
        typed: dict[str, str] | None = None,
        status: int = 200,
        **values: Any,
    ) -> HTMLResponse:
        """A page about one record of the service that owns it (read with the person's token), with its forms:
        after a refused action, the errors beside their fields and what was typed."""
        found = await console.calls.get(service, path, user.token, user.tenant_id)
        return render(
            request,
            template,
            user,
            load_error=None if found.ok else found.message(),
            errors=errors or {},
            typed=typed or {},
            status=status,
            **{shown_as: found.body if found.ok else None},
            **values,
        )

    async def send(service: str, path: str, user: ConsoleUser, body: dict[str, Any]) -> dict[str, str]:
        """An action sent to its owner with the person's token; the answer as the form's errors (none: taken)."""
        answer = await console.calls.post(service, path, user.token, user.tenant_id, body)
        return {} if answer.ok else answer.field_errors() or {"form": answer.message()}

    # --- denials ------------------------------------------------------------------------------------------------

    async def denial_form(request: Request, user: ConsoleUser, claim_id: str, **values: Any) -> HTMLResponse:
        return await record_page(
            request,
            user,
            "denial.html",
            "denials",
            f"/denials/{claim_id}",
            "case",
            claim_id=claim_id,
            **values,
        )

    @app.get("/denials/{claim_id}", response_class=HTMLResponse)
    async def denial_page(request: Request, claim_id: str) -> Response:
        user = await worklist_user(request, Worklist.denials)
        return await denial_form(request, user, claim_id)

    @app.post("/denials/{claim_id}/{action}", response_class=HTMLResponse)
    async def denial_action(
        request: Request,
        claim_id: str,
        action: str,
        work_item_id: Annotated[str, Form()] = "",
        argument: Annotated[str, Form()] = "",
        amount: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        resolution: Annotated[str, Form()] = "",
    ) -> Response:
        user = await signed_in(request, console.verifier, roles(Role.biller, Role.appeals, Role.admin))
        typed = {"argument": argument, "amount": amount, "reason": reason, "resolution": resolution}
        body: dict[str, Any] = {"work_item_id": work_item_id}
        errors: dict[str, str] = {}
        if action == "appeal":
            path = "appeals"
            if argument.strip():
                body["argument"] = argument.strip()
        elif action == "write-off":
            path = "write-offs"
            body["reason"] = reason
            if amount.strip():
                parsed = parse_money(amount)
                if parsed is None:
                    errors["amount"] = "an amount in dollars and cents, e.g. 120.00"
                else:
                    body["amount"] = str(parsed)
        elif action == "resolve":
            path = "resolutions"
            body["resolution"] = resolution
        else:
            raise NotAllowed(f"no such action: {action}")
        if not errors:
            errors = await send("denials", f"/denials/{claim_id}/{path}", user, body)
            if not errors:
                return RedirectResponse(f"/console/denials/{claim_id}?done={action}", status_code=303)
        return await denial_form(
            request, user, claim_id, errors=errors, typed=typed, action=action, status=422
        )

    @app.get("/appeals/{appeal_id}/letter", response_class=HTMLResponse)
    async def appeal_letter(request: Request, appeal_id: str) -> Response:
        user = await signed_in(
            request, console.verifier, roles(Role.biller, Role.appeals, Role.admin, Role.auditor)
        )
        letter = await console.calls.text(
            "denials", f"/appeals/{appeal_id}/letter", user.token, user.tenant_id
        )
        return render(request, "letter.html", user, appeal_id=appeal_id, letter=letter)

    # --- coding -------------------------------------------------------------------------------------------------

    async def coding_form(
        request: Request, user: ConsoleUser, work_item_id: str, **values: Any
    ) -> HTMLResponse:
        return await record_page(
            request,
            user,
            "coding.html",
            "coding",
            f"/work-items/{work_item_id}",
            "item",
            work_item_id=work_item_id,
            **values,
        )

    @app.get("/coding/{work_item_id}", response_class=HTMLResponse)
    async def coding_page(request: Request, work_item_id: str) -> Response:
        user = await worklist_user(request, Worklist.coding)
        return await coding_form(request, user, work_item_id)

    @app.post("/coding/{work_item_id}/approve", response_class=HTMLResponse)
    async def approve(
        request: Request,
        work_item_id: str,
        diagnoses: Annotated[str, Form()] = "",
        lines: Annotated[str, Form()] = "",
    ) -> Response:
        user = await worklist_user(request, Worklist.coding)
        typed = {"diagnoses": diagnoses, "lines": lines}
        body, errors = approval_body(diagnoses, lines)
        if not errors:  # the coder takes the item (a no-op when it is theirs already), then approves it
            await console.calls.post(
                "coding", f"/work-items/{work_item_id}/take", user.token, user.tenant_id, {}
            )
            errors = await send("coding", f"/work-items/{work_item_id}/approve", user, body)
            if not errors:
                return RedirectResponse(f"/console/coding/{work_item_id}?done=approve", status_code=303)
        return await coding_form(request, user, work_item_id, errors=errors, typed=typed, status=422)

    # --- held claims --------------------------------------------------------------------------------------------

    async def hold_form(request: Request, user: ConsoleUser, claim_id: str, **values: Any) -> HTMLResponse:
        return await record_page(
            request, user, "hold.html", "claims", f"/claims/{claim_id}", "claim", claim_id=claim_id, **values
        )

    @app.get("/holds/{claim_id}", response_class=HTMLResponse)
    async def hold_page(request: Request, claim_id: str) -> Response:
        user = await worklist_user(request, Worklist.holds)
        return await hold_form(request, user, claim_id)

    @app.post("/holds/{claim_id}/{action}", response_class=HTMLResponse)
    async def hold_action(
        request: Request,
        claim_id: str,
        action: str,
        work_item_id: Annotated[str, Form()] = "",
        line_number: Annotated[str, Form()] = "",
        units: Annotated[str, Form()] = "",
    ) -> Response:
        user = await worklist_user(request, Worklist.holds)
        typed = {"line_number": line_number, "units": units}
        errors: dict[str, str] = {}
        body: dict[str, Any] = {"work_item_id": work_item_id}
        if action == "release":
            path = "release"
        elif action == "edit":
            path = "edits"
            if not line_number.strip().isdigit():
                errors["line_number"] = "the claim line's number, e.g. 1"
            if not units.strip().isdigit():
                errors["units"] = "a whole number of units, e.g. 1"
            if not errors:
                body["fixes"] = [
                    {"kind": "change_units", "line_number": int(line_number), "units": int(units)}
                ]
        else:
            raise NotAllowed(f"no such action: {action}")
        if not errors:
            errors = await send("claims", f"/claims/{claim_id}/{path}", user, body)
            if not errors:
                return RedirectResponse(f"/console/holds/{claim_id}?done={action}", status_code=303)
        return await hold_form(request, user, claim_id, errors=errors, typed=typed, status=422)

    # --- front desk ---------------------------------------------------------------------------------------------

    async def registration_form(
        request: Request, user: ConsoleUser, work_item_id: str, **values: Any
    ) -> HTMLResponse:
        return await record_page(
            request,
            user,
            "registration.html",
            "registration",
            f"/work-items/{work_item_id}",
            "item",
            work_item_id=work_item_id,
            **values,
        )

    @app.get("/registrations/{work_item_id}", response_class=HTMLResponse)
    async def registration_page(request: Request, work_item_id: str) -> Response:
        user = await worklist_user(request, Worklist.front_desk)
        return await registration_form(request, user, work_item_id)

    @app.post("/registrations/{work_item_id}/correct", response_class=HTMLResponse)
    async def correct_registration(
        request: Request,
        work_item_id: str,
        prior_authorization_number: Annotated[str, Form()] = "",
        payer_id: Annotated[str, Form()] = "",
        member_id: Annotated[str, Form()] = "",
        relationship_code: Annotated[str, Form()] = "18",
        effective_date: Annotated[str, Form()] = "",
    ) -> Response:
        user = await worklist_user(request, Worklist.front_desk)
        typed = {
            "prior_authorization_number": prior_authorization_number,
            "payer_id": payer_id,
            "relationship_code": relationship_code,
            "effective_date": effective_date,
        }
        body: dict[str, Any] = {}
        if prior_authorization_number.strip():
            body["prior_authorization_number"] = prior_authorization_number.strip()
        if payer_id.strip() or member_id.strip():
            body["coverage"] = {
                "payer_id": payer_id.strip(),
                "member_id": member_id.strip(),
                "relationship_code": relationship_code.strip(),
                "effective_date": effective_date.strip() or None,
            }
        errors: dict[str, str] = {} if body else {"form": "change at least one thing"}
        if not errors:
            errors = await send("registration", f"/work-items/{work_item_id}/corrections", user, body)
            if not errors:
                return RedirectResponse(
                    f"/console/registrations/{work_item_id}?done=correct", status_code=303
                )
        return await registration_form(request, user, work_item_id, errors=errors, typed=typed, status=422)

    # --- a claim ------------------------------------------------------------------------------------------------

    @app.get("/claims/{claim_id}", response_class=HTMLResponse)
    async def claim_page(request: Request, claim_id: str) -> Response:
        user = await signed_in(request, console.verifier, CLAIM_READERS)
        found = await console.reports.claim_timeline(user.tenant_id, claim_id)
        return render(
            request, "claim.html", user, claim_id=claim_id, found=found, status=200 if found else 404
        )

    # --- the dashboard ------------------------------------------------------------------------------------------

    async def dashboard_context(user: ConsoleUser) -> dict[str, Any]:
        today = console.today()
        tenants = [user.tenant_id]
        kpis, events = await console.reports.kpis(tenants, ReportScope(), today)
        monthly = await console.reports.monthly(tenants, ReportScope(), today)
        denials = await console.reports.denials(tenants, ReportScope())
        collections = await console.reports.collections(tenants)
        charts = {
            "denial_trend": {
                "labels": [m.month for m in monthly],
                "values": [round(m.kpis.remittance_denial_rate_ar5 * 100, 1) for m in monthly],
            },
            "ar_aging": {
                "labels": list(kpis.open_ar_aging),
                "values": [float(v) for v in kpis.open_ar_aging.values()],
            },
            "collections": {"labels": list(collections), "values": [float(v) for v in collections.values()]},
            "top_carcs": {
                "labels": [f"{c.carc} ({c.group})" for c in denials.top_carcs],
                "values": [c.claims for c in denials.top_carcs],
            },
        }
        return {
            "kpis": kpis,
            "events": events,
            "as_of": today,
            "charts_json": json.dumps(charts),
            "charts": charts,
            "collections": collections,
            "top_carcs": denials.top_carcs,
            "refreshed_at": datetime.now(UTC),
        }

    @app.get("/dashboard", response_class=HTMLResponse)
    async def dashboard(request: Request) -> Response:
        user = await signed_in(request, console.verifier, REPORT_READERS)
        return render(request, "dashboard.html", user, **(await dashboard_context(user)))

    @app.get("/dashboard/live", response_class=HTMLResponse)
    async def dashboard_live(request: Request) -> Response:
        user = await signed_in(request, console.verifier, REPORT_READERS)
        return render(request, "dashboard_live.html", user, **(await dashboard_context(user)))

    @app.get("/dashboard.csv")
    async def dashboard_csv(request: Request) -> Response:
        user = await signed_in(request, console.verifier, REPORT_READERS)
        context = await dashboard_context(user)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["section", "name", "value"])
        for name, value in context["kpis"].as_json().items():
            if not isinstance(value, dict | list):
                writer.writerow(["kpi", name, value])
        for chart, data in context["charts"].items():
            for label, value in zip(data["labels"], data["values"], strict=True):
                writer.writerow([chart, label, value])
        return Response(
            out.getvalue(),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="dashboard-{user.tenant_id}.csv"'},
        )

    return app


class WorklistParams(BaseModel):
    """The worklist's state in its URL: sort, direction, filters, page. A value out of range falls back to its
    default (a shared link with a typo still opens the list)."""

    sort: str = "opened_at"
    desc: bool = False
    payer: str = ""
    q: str = ""
    page: int = 1
    size: int = 50

    @model_validator(mode="after")
    def _sensible(self) -> WorklistParams:
        self.sort = self.sort if self.sort in SORT_KEYS else "opened_at"
        self.page = max(self.page, 1)
        self.size = self.size if self.size in PAGE_SIZES else 50
        self.payer = self.payer.strip()[:20]
        self.q = self.q.strip()[:60]
        return self

    def query(self, **changes: Any) -> str:
        values = {
            "sort": self.sort,
            "desc": int(self.desc),
            "payer": self.payer,
            "q": self.q,
            "page": self.page,
            "size": self.size,
            **changes,
        }
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _worklist_link(worklist: Worklist, params: WorklistParams, **changes: Any) -> str:
    return f"/console/worklists/{worklist.value}?{params.query(**changes)}"


def _nav(user: ConsoleUser | None) -> list[tuple[str, str]]:
    if user is None:
        return []
    links = [
        (f"/console/worklists/{w.value}", WORKLIST_TITLES[w].split(":")[0])
        for w, allowed in WORKLIST_ROLES.items()
        if user.may(allowed)
    ]
    if user.may(REPORT_READERS):
        links.append(("/console/dashboard", "Dashboard"))
    return links


def _money(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


def _dev_token(signer: DevSigner, name: str, role: str, clinics: str) -> tuple[str, dict[str, str]]:
    errors: dict[str, str] = {}
    subject = name.strip()
    if not subject or len(subject) > 100:
        errors["name"] = "your name or user id (1-100 characters)"
    if role not in {r.value for r in SIGN_IN_ROLES}:
        errors["role"] = "choose a role"
    tenants = [c.strip() for c in clinics.replace(";", ",").split(",") if c.strip()]
    if not tenants:
        errors["clinics"] = "one or more clinic ids, separated by commas"
    if errors:
        return "", errors
    return signer.mint(subject=subject, roles=(Role(role),), tenants=tenants), {}
