"""The citation audit: a score with its citations in the redacted note, evaluators' verdicts, and
random samples to review with the agreement rate per domain so far."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from sqlmodel import Session, select

from service.access import caseload_ids, require_client
from service.errors import NotFound, Unprocessable
from service.models import Note, ReviewVerdict, Score, ScoreReview, User

AGREEMENT = {ReviewVerdict.supports: 1.0, ReviewVerdict.partly: 0.5, ReviewVerdict.does_not_support: 0.0}


def get_score(session: Session, user: User, score_id: int) -> tuple[Score, Note]:
    score = session.get(Score, score_id)
    if score is None:
        raise NotFound(f"score {score_id} not found")
    require_client(session, user, score.client_id, identifiers=False)
    note = session.get(Note, score.note_id)
    assert note is not None
    return score, note


def score_detail(session: Session, score: Score, note: Note) -> dict[str, Any]:
    reviews = session.exec(select(ScoreReview).where(ScoreReview.score_id == score.id)
                           .order_by(ScoreReview.created_at)).all()
    return {
        "id": score.id, "note_id": note.id, "client_id": score.client_id, "domain": score.domain,
        "level": score.level, "confidence": score.confidence,
        "framework": f"{score.framework_id}@{score.framework_version}",
        "pipeline_version": score.pipeline_version, "needs_review": score.needs_review,
        "review_reason": score.review_reason, "contact_date": note.contact_date.isoformat(), "wave": note.wave,
        "redacted_text": note.redacted_text, "citations": score.citations,
        "reviews": [{"id": r.id, "reviewer_id": r.reviewer_id, "verdict": r.verdict, "comment": r.comment,
                     "created_at": r.created_at.isoformat()} for r in reviews],
    }


def add_review(session: Session, user: User, score: Score, verdict: str, comment: str) -> ScoreReview:
    if verdict not in {v.value for v in ReviewVerdict}:
        raise Unprocessable(f"verdict must be one of {', '.join(v.value for v in ReviewVerdict)}")
    review = ScoreReview(score_id=score.id, reviewer_id=user.id, verdict=verdict, comment=comment)
    session.add(review)
    session.flush()
    return review


def citation_sample(session: Session, user: User, framework_id: str | None, n: int,
                    seed: int | None = None) -> dict[str, Any]:
    """N current scores to review (unreviewed by this user first) and agreement so far per domain."""
    q = select(Score).where(Score.current)
    if framework_id:
        q = q.where(Score.framework_id == framework_id)
    allowed = caseload_ids(session, user)
    if allowed is not None:
        q = q.where(Score.client_id.in_(sorted(allowed) or ["-"]))
    scores = list(session.exec(q).all())
    ids = [s.id for s in scores]
    reviews = list(session.exec(select(ScoreReview).where(ScoreReview.score_id.in_(ids or [-1]))).all())
    mine = {r.score_id for r in reviews if r.reviewer_id == user.id}
    rng = random.Random(seed)
    fresh = [s for s in scores if s.id not in mine]
    rng.shuffle(fresh)
    seen = [s for s in scores if s.id in mine]
    rng.shuffle(seen)
    sample = (fresh + seen)[:n]
    by_score = {s.id: s for s in scores}
    agg: dict[str, list[float]] = defaultdict(list)
    for r in reviews:
        agg[by_score[r.score_id].domain].append(AGREEMENT[ReviewVerdict(r.verdict)])
    return {
        "framework": framework_id, "population": len(scores),
        "sample": [{"score_id": s.id, "note_id": s.note_id, "domain": s.domain, "level": s.level,
                    "confidence": round(s.confidence, 3), "citations": s.citations} for s in sample],
        "agreement": {d: {"reviews": len(v), "rate": round(sum(v) / len(v), 3)} for d, v in sorted(agg.items())},
    }
