from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse, Response

from service import audit
from service.access import require_client, require_role
from service.api.deps import DB, RT, CurrentUser
from service.errors import BadRequest
from service.models import Role
from service.queries import flag_trends, narrative_trends, outcomes_csv, program_outcomes, timeline
from service.reviews import add_review, citation_sample, get_score, score_detail
from service.schemas import ReviewIn

router = APIRouter(tags=["queries"])


def _range(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise BadRequest("`from` is after `to`")


@router.get("/clients/{client_id}/timeline")
def get_timeline(client_id: str, db: DB, rt: RT, user: CurrentUser, framework: str | None = None) -> dict[str, Any]:
    """Per domain: the series of levels (narrative scores and assessments), baseline, latest, change."""
    client = require_client(db, user, client_id, identifiers=False)
    out = timeline(db, rt, client, framework)
    audit.record(db, user, "read", "timeline", client.id, client.id, framework=out["framework"])
    db.commit()
    return out


@router.get("/programs/{program_id}/outcomes", response_model=None)
def get_outcomes(program_id: int, db: DB, rt: RT, user: CurrentUser,
                 date_from: date | None = Query(None, alias="from"), date_to: date | None = Query(None, alias="to"),
                 format: Literal["json", "csv"] = "json") -> dict[str, Any] | Response:
    """Clients with a baseline and a follow-up per domain: mean change, share improved/same/worse."""
    _range(date_from, date_to)
    report = program_outcomes(db, rt, user, program_id, date_from, date_to)
    audit.record(db, user, "read", "outcomes", program_id, None, clients=report["clients_in_scope"], format=format)
    db.commit()
    if format == "csv":
        return PlainTextResponse(outcomes_csv(report), media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="program-{program_id}-outcomes.csv"'})
    return report


@router.get("/trends")
def get_trends(db: DB, rt: RT, user: CurrentUser, q: str = Query(..., min_length=1, max_length=500),
               program: int | None = None, date_from: date | None = Query(None, alias="from"),
               date_to: date | None = Query(None, alias="to"),
               interval: Literal["week", "month"] = "week") -> dict[str, Any]:
    """Semantic search of redacted sentences: matching notes and clients per interval, top passages."""
    _range(date_from, date_to)
    out = narrative_trends(db, rt, user, q, program, date_from, date_to, interval)
    audit.record(db, user, "search", "trends", None, None, program=program, hits=out["matching_sentences"])
    db.commit()
    return out


@router.get("/trends/flags")
def get_flag_trends(db: DB, user: CurrentUser, program: int | None = None,
                    date_from: date | None = Query(None, alias="from"), date_to: date | None = Query(None, alias="to"),
                    interval: Literal["week", "month"] = "week") -> dict[str, Any]:
    _range(date_from, date_to)
    out = flag_trends(db, user, program, date_from, date_to, interval)
    audit.record(db, user, "read", "flag_trends", None, None, program=program)
    db.commit()
    return out


@router.get("/scores/{score_id}")
def get_score_detail(score_id: int, db: DB, user: CurrentUser) -> dict[str, Any]:
    score, note = get_score(db, user, score_id)
    audit.record(db, user, "read", "score", score.id, score.client_id)
    db.commit()
    return score_detail(db, score, note)


@router.post("/scores/{score_id}/reviews", status_code=201)
def post_review(score_id: int, data: ReviewIn, db: DB, user: CurrentUser) -> dict[str, Any]:
    require_role(user, Role.evaluator, Role.admin)
    score, note = get_score(db, user, score_id)
    review = add_review(db, user, score, data.verdict, data.comment)
    audit.record(db, user, "review", "score", score.id, score.client_id, verdict=data.verdict)
    db.commit()
    return {"id": review.id, "score_id": score.id, "verdict": review.verdict, "comment": review.comment}


@router.get("/audit/citations")
def get_citation_sample(db: DB, user: CurrentUser, framework: str | None = None,
                        sample: int = Query(10, ge=1, le=200)) -> dict[str, Any]:
    """A random sample of scores to review, and the agreement rate per domain so far."""
    require_role(user, Role.evaluator, Role.admin, Role.supervisor)
    out = citation_sample(db, user, framework, sample)
    audit.record(db, user, "read", "citation_sample", None, None, n=len(out["sample"]))
    db.commit()
    return out
