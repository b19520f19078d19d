"""HTTP entry points. The tenant and the Idempotency-Key come from the kit's HTTP edge; bad input answers 422
naming the field.

An upload is checked here with the same reader the subscriber uses (a malformed file is refused at once,
naming segment and position) and then published as RemittanceReceived: the subscriber posts it, so an upload
and a clearinghouse delivery share one code path and one writer per remittance. Changes to an existing
remittance (a manual match) are MatchRemittanceLine commands, applied by the consumer owning the trace number.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from rcm_platform import Service
from rcm_platform.http import (
    ActingCaller,
    FieldProblem,
    IdempotencyKey,
    TenantId,
    idempotent_id,
    unprocessable,
)
from rcm_schemas import new_message
from starlette.datastructures import UploadFile

from rcm_remittance.adapters.received_event import received_from_upload
from rcm_remittance.adapters.statement_pdf import statement_pdf
from rcm_remittance.domain.ledger import ZERO
from rcm_remittance.domain.remittance_identity import key_of
from rcm_remittance.domain.statements import Statement
from rcm_remittance.entrypoints.http_models import (
    AppliedAmount,
    ClaimBalanceView,
    ClaimLedgerView,
    IssuedStatementView,
    MatchAccepted,
    MatchRequest,
    PatientPaymentBody,
    PatientPaymentView,
    RemittanceView,
    StatementCycleRequest,
    StatementCycleView,
    StatementLineView,
    StatementView,
    UnmatchedItems,
    UploadAccepted,
    UploadDuplicate,
    WrittenOffBalanceView,
)
from rcm_remittance.entrypoints.http_patient_billing import (
    PatientBilling,
    plan_view,
    register_plan_routes,
    register_policy_routes,
    register_refund_routes,
)
from rcm_remittance.service.file_intake import RemittanceFileRejected, read_remittance_file
from rcm_remittance.service.matching import (
    ItemNotMatchable,
    ItemNotOpen,
    MatchRequestRefused,
    NoSuchItem,
    UnmatchedMatching,
)
from rcm_remittance.service.patient_payments import (
    NoSuchPatient,
    NotThePatientsClaim,
    PatientPayment,
    PatientPayments,
)
from rcm_remittance.service.payment_plans import PaymentPlans
from rcm_remittance.service.ports import Clock
from rcm_remittance.service.posting import rejection_text
from rcm_remittance.service.queries import RemittanceQueries, money
from rcm_remittance.service.statements import PatientStatements

UPLOAD_SCOPE = "835-upload"


def file_problem(message: str) -> Exception:
    return unprocessable([FieldProblem(("body", "file"), message)])


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # X12 basic/extended character sets fit in latin-1


async def read_upload(request: Request) -> tuple[str, str | None]:
    """The 835 text from a multipart form (field "file") or from a raw text body."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise file_problem("multipart upload needs a file field named 'file'")
        return _decode(await upload.read()), upload.filename
    return _decode(await request.body()), None


def register_routes(
    service: Service,
    queries: RemittanceQueries,
    matching: UnmatchedMatching,
    clock: Clock,
    billing: PatientBilling,
) -> None:
    http = service.http
    register_payment_routes(service, billing.payments)
    register_statement_routes(service, billing.statements, billing.plans, clock)
    register_plan_routes(service, billing.plans)
    register_refund_routes(service, billing.refunds)
    register_policy_routes(service, billing.policies)

    @http.post(
        "/remittances",
        status_code=202,
        response_model=UploadAccepted,
        responses={200: {"model": UploadDuplicate, "description": "already posted for this tenant"}},
    )
    async def upload_remittance(
        request: Request, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> UploadAccepted | JSONResponse:
        text, file_name = await read_upload(request)
        if not text.strip():
            raise file_problem("the 835 file is empty")
        try:
            remittances = read_remittance_file(text)
        except RemittanceFileRejected as rejected:
            raise file_problem(rejection_text(rejected)) from None
        keys = [key_of(remittance) for remittance in remittances]
        # Known at the door: a file whose every transaction this tenant has posted is answered as such (a
        # re-upload racing the first one's posting is still posted once: the posting checks again).
        if all([await queries.remittances.summary(key, tenant_id) is not None for key in keys]):
            return JSONResponse(UploadDuplicate(remittance_keys=keys).model_dump(), status_code=200)
        try:
            event = received_from_upload(remittances, text, file_name)
            event_id = idempotent_id(tenant_id, UPLOAD_SCOPE, idempotency_key) if idempotency_key else None
            message = new_message(
                event, producer=service.name, tenant_id=tenant_id, event_id=event_id, occurred_at=clock()
            )
        except ValidationError as invalid:
            fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in invalid.errors())
            raise file_problem(f"the 835 cannot be carried as RemittanceReceived: {fields}") from None
        await service.publisher.publish(message)
        return UploadAccepted(event_id=str(message.envelope.event_id), remittance_keys=keys)

    @http.get("/remittances/{remittance_key}", response_model=RemittanceView)
    async def get_remittance(remittance_key: str, tenant_id: TenantId) -> RemittanceView:
        view = await queries.remittance(remittance_key, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no posted remittance {remittance_key}")
        return RemittanceView.model_validate(view)

    @http.get("/claims/{claim_id}/ledger", response_model=ClaimLedgerView)
    async def get_claim_ledger(claim_id: str, tenant_id: TenantId) -> ClaimLedgerView:
        view = await queries.claim_ledger(claim_id, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no claim {claim_id} known to remittance")
        return ClaimLedgerView.model_validate(view)

    @http.get("/claims/{claim_id}/balance", response_model=ClaimBalanceView)
    async def get_claim_balance(claim_id: str, tenant_id: TenantId) -> ClaimBalanceView:
        view = await queries.claim_ledger(claim_id, tenant_id)
        if view is None:
            raise HTTPException(404, detail=f"no claim {claim_id} known to remittance")
        return ClaimBalanceView.model_validate(view["balance"])

    @http.get("/unmatched", response_model=UnmatchedItems)
    async def list_unmatched(tenant_id: TenantId) -> UnmatchedItems:
        return UnmatchedItems.model_validate({"items": await queries.open_items(tenant_id)})

    @http.post("/unmatched/{item_id}/match", status_code=202, response_model=MatchAccepted)
    async def match_unmatched(
        item_id: str,
        body: MatchRequest,
        tenant_id: TenantId,
        caller: ActingCaller,
        idempotency_key: IdempotencyKey = None,
    ) -> MatchAccepted:
        try:
            command_id = await matching.request_match(
                item_id,
                claim_id=body.claim_id,
                line_number=body.line_number,
                requested_by=caller.subject,
                tenant_id=tenant_id,
                idempotency_key=idempotency_key,
            )
        except NoSuchItem as missing:
            raise HTTPException(404, detail=str(missing)) from None
        except (ItemNotOpen, ItemNotMatchable) as conflict:
            raise HTTPException(409, detail=str(conflict)) from None
        except MatchRequestRefused as refused:
            raise unprocessable([FieldProblem(("body", refused.field), refused.message)]) from None
        return MatchAccepted(command_id=command_id)


PAYMENT_SCOPE = "patient-payment"


def register_payment_routes(service: Service, payments: PatientPayments) -> None:
    @service.http.post(
        "/patients/{patient_id}/payments",
        status_code=201,
        response_model=PatientPaymentView,
        responses={
            200: {"model": PatientPaymentView, "description": "a retry: the payment as first applied"}
        },
    )
    async def take_patient_payment(
        patient_id: str, body: PatientPaymentBody, tenant_id: TenantId, idempotency_key: IdempotencyKey = None
    ) -> JSONResponse:
        payment_id = str(
            idempotent_id(tenant_id, PAYMENT_SCOPE, idempotency_key) if idempotency_key else uuid4()
        )
        payment = PatientPayment(
            payment_id, patient_id, body.amount, body.method, body.reference, body.apply_to_claim_id
        )
        try:
            allocation, new = await payments.pay(payment, tenant_id)
        except NoSuchPatient as missing:
            raise HTTPException(404, detail=str(missing)) from None
        except NotThePatientsClaim as wrong:
            raise unprocessable([FieldProblem(("body", "apply_to_claim_id"), str(wrong))]) from None
        view = PatientPaymentView(
            payment_id=payment_id,
            patient_id=patient_id,
            amount=money(sum((amount for _, amount in allocation.applied), ZERO)),
            applied=[AppliedAmount(claim_id=c, amount=money(a)) for c, a in allocation.applied],
            credit=money(allocation.credit),
        )
        return JSONResponse(view.model_dump(), status_code=201 if new else 200)


def statement_view(statement: Statement) -> StatementView:
    return StatementView(
        patient_id=statement.patient_id,
        as_of=statement.as_of.isoformat(),
        lines=[
            StatementLineView(
                claim_id=line.claim_id,
                date_of_service=line.date_of_service.isoformat(),
                charges=money(line.charges),
                insurance_paid=money(line.insurance_paid),
                insurance_adjusted=money(line.insurance_adjusted),
                patient_paid=money(line.patient_paid),
                patient_owes=money(line.patient_owes),
            )
            for line in statement.lines
        ],
        total_due=money(statement.total_due),
        pending_with_insurance=statement.pending_with_insurance,
        notice=statement.notice,
        oldest_unpaid_days=statement.oldest_unpaid_days,
        amount_due_now=money(statement.amount_due_now),
    )


STATEMENT_DATES_AHEAD = 366
"""A statement may be dated up to a year ahead (a cycle prepared in advance); never in the past, because balances
are those of now and a past date would show them as if they had been owed then."""


def statement_date(value: date | None, where: tuple[str, str], today: date) -> date | None:
    if value is not None and not today - timedelta(days=1) <= value <= today + timedelta(
        STATEMENT_DATES_AHEAD
    ):
        # One day back: a clinic west of UTC is still on yesterday's date.
        raise unprocessable([FieldProblem(where, "is from today to a year ahead")])
    return value


def register_statement_routes(
    service: Service, statements: PatientStatements, plans: PaymentPlans, clock: Clock
) -> None:
    async def statement_or_404(patient_id: str, tenant_id: str, as_of: date | None) -> Statement:
        day = statement_date(as_of, ("query", "as_of"), clock().date())
        statement = await statements.of_patient(patient_id, tenant_id, day)
        if statement is None:
            raise HTTPException(404, detail="no visit of this patient is known to remittance")
        return statement

    async def with_plan(statement: Statement, tenant_id: str) -> StatementView:
        view = statement_view(statement)
        found = await plans.of_patient(statement.patient_id, tenant_id, statement.as_of)
        if found is not None:
            view.payment_plan = plan_view(*found)
        return view

    @service.http.get("/patients/{patient_id}/statement", response_model=StatementView)
    async def get_statement(patient_id: str, tenant_id: TenantId, as_of: date | None = None) -> StatementView:
        return await with_plan(await statement_or_404(patient_id, tenant_id, as_of), tenant_id)

    @service.http.get(
        "/patients/{patient_id}/statement.pdf",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}}},
    )
    async def get_statement_pdf(patient_id: str, tenant_id: TenantId, as_of: date | None = None) -> Response:
        statement = await statement_or_404(patient_id, tenant_id, as_of)
        return Response(statement_pdf(statement, clinic=tenant_id), media_type="application/pdf")

    @service.http.post(
        "/statement-cycles",
        status_code=201,
        response_model=StatementCycleView,
        responses={200: {"model": StatementCycleView, "description": "the cycle ran before: what it did"}},
    )
    async def run_statement_cycle(body: StatementCycleRequest, tenant_id: TenantId) -> JSONResponse:
        day = statement_date(body.statement_date, ("body", "statement_date"), clock().date())
        run, new = await statements.run_cycle(body.cycle_id, tenant_id, body.minimum_balance, day)
        view = StatementCycleView(
            cycle_id=body.cycle_id,
            statement_date=run.statement_date.isoformat(),
            statements=[
                IssuedStatementView(
                    patient_id=s.patient_id,
                    total_due=money(s.total_due),
                    amount_due_now=money(s.amount_due_now),
                    notice=s.notice,
                )
                for s in run.issued
            ],
            small_balances_written_off=[
                WrittenOffBalanceView(patient_id=w.patient_id, amount=money(w.amount))
                for w in run.written_off
            ],
        )
        return JSONResponse(view.model_dump(), status_code=201 if new else 200)
