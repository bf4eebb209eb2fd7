"""Saving and processing notes. A note is committed before the pipeline runs, so a failing
stage leaves it saved with status `failed` and the reason; `reprocess` retries it."""

from __future__ import annotations

import logging
from datetime import date

from sqlmodel import Session, select

from nlp.pipeline import NoteAnalysis, StageError
from service import audit
from service.clients import known_names
from service.crypto import decrypt_text, encrypt_text
from service.errors import BadRequest, Forbidden, Unprocessable
from service.models import (
    Assessment,
    Client,
    Enrollment,
    Note,
    NoteStatus,
    Program,
    RiskFlag,
    Role,
    Score,
    User,
    utcnow,
)
from service.runtime import Runtime
from service.schemas import NoteIn
from service.vectors import SentencePoint

log = logging.getLogger(__name__)
REVIEW_GAP = 2


def _enrollment_for(session: Session, client: Client, enrollment_id: int | None, on: date) -> Enrollment | None:
    if enrollment_id is not None:
        e = session.get(Enrollment, enrollment_id)
        if e is None or e.client_id != client.id:
            raise BadRequest(f"enrollment {enrollment_id} does not belong to client {client.id}")
        return e
    rows = session.exec(select(Enrollment).where(Enrollment.client_id == client.id)
                        .order_by(Enrollment.intake_date.desc())).all()
    active = [e for e in rows if e.intake_date <= on and (e.exit_date is None or e.exit_date >= on)]
    return (active or rows or [None])[0]


def create_note(session: Session, rt: Runtime, user: User, client: Client, data: NoteIn) -> Note:
    if user.role == Role.evaluator:
        raise Forbidden("evaluators cannot write notes")
    if len(data.text) > rt.settings.max_note_chars:
        raise Unprocessable(
            f"note is {len(data.text)} characters; the limit is {rt.settings.max_note_chars} (CASELENS_MAX_NOTE_CHARS)")
    enrollment = _enrollment_for(session, client, data.enrollment_id, data.contact_date)
    note = Note(
        client_id=client.id,
        enrollment_id=enrollment.id if enrollment else None,
        program_id=enrollment.program_id if enrollment else None,
        author_id=user.id,
        contact_date=data.contact_date,
        contact_type=data.contact_type,
        wave=data.wave,
        original_encrypted=encrypt_text(data.text, rt.settings),
        status=NoteStatus.pending,
    )
    session.add(note)
    session.flush()
    audit.record(session, user, "create", "note", note.id, client.id)
    session.commit()  # the note is safe before any model runs
    process_note(session, rt, note)
    return note


def framework_for(session: Session, rt: Runtime, note: Note) -> str:
    if note.program_id is not None:
        program = session.get(Program, note.program_id)
        if program is not None:
            return program.framework_id
    return rt.settings.default_framework


def process_note(session: Session, rt: Runtime, note: Note) -> Note:
    """Run the pipeline on a saved note and store every result with it, in one transaction."""
    client = session.get(Client, note.client_id)
    try:
        text = decrypt_text(note.original_encrypted, rt.settings)
        analysis = rt.pipeline.analyze(text, known_names(client) if client else (), framework_for(session, rt, note))
    except StageError as exc:
        return _fail(session, note, str(exc))
    except Exception as exc:  # noqa: BLE001 - anything unexpected still leaves the note saved
        log.exception("pipeline failed on note %s", note.id)
        return _fail(session, note, f"pipeline: {type(exc).__name__}: {exc}")
    try:
        _store(session, note, analysis)
        session.commit()
    except Exception as exc:  # noqa: BLE001
        session.rollback()
        log.exception("storing results failed on note %s", note.id)
        return _fail(session, note, f"store: {type(exc).__name__}: {exc}")
    try:
        index_note(rt, note, analysis.vectors)
    except Exception as exc:  # noqa: BLE001
        log.exception("vector store failed on note %s", note.id)
        return _fail(session, note, f"vector store: {type(exc).__name__}: {exc}")
    return note


def _fail(session: Session, note: Note, reason: str) -> Note:
    note = session.merge(note)
    note.status = NoteStatus.failed
    note.error = reason[:2000]
    session.add(note)
    session.commit()
    return note


def _store(session: Session, note: Note, a: NoteAnalysis) -> None:
    note.redacted_text = a.redaction.redacted
    note.pii_spans = [s.to_dict() for s in a.redaction.spans]
    note.sentences = [[s.start, s.end] for s in a.sentences]
    note.pipeline_version = a.pipeline_version
    note.framework_id, note.framework_version = a.framework_id, a.framework_version
    for old in session.exec(select(Score).where(Score.note_id == note.id, Score.current)).all():
        old.current = False
        session.add(old)
    for s in a.scores:
        session.add(Score(
            note_id=note.id, client_id=note.client_id, domain=s.domain, level=s.level,
            confidence=float(s.confidence), framework_id=a.framework_id or "",
            framework_version=a.framework_version or "",
            pipeline_version=a.pipeline_version, citations=[c.to_dict() for c in s.citations]))
    _reconcile_flags(session, note, a)
    session.flush()
    for assessment in session.exec(select(Assessment).where(Assessment.note_id == note.id)).all():
        mark_disagreements(session, assessment)
    note.status = NoteStatus.processed
    note.error = None
    note.processed_at = utcnow()
    session.add(note)


def _reconcile_flags(session: Session, note: Note, a: NoteAnalysis) -> None:
    """A reprocess updates flags it raises again and never deletes old ones: a flag it no longer
    raises is kept, marked withdrawn_by_pipeline, until a person resolves it."""
    existing = {f.category: f for f in session.exec(select(RiskFlag).where(RiskFlag.note_id == note.id)).all()}
    raised = set()
    for f in a.flags:
        raised.add(f.category)
        row = existing.get(f.category)
        if row is None:
            row = RiskFlag(note_id=note.id, client_id=note.client_id, category=f.category,
                           pipeline_version=a.pipeline_version, severity=f.severity)
        row.severity = f.severity
        row.severity_rule = f.severity_rule
        row.evidence = [e.to_dict() for e in f.evidence]
        row.pipeline_version = a.pipeline_version
        row.withdrawn_by_pipeline = False
        session.add(row)
    for cat, row in existing.items():
        if cat not in raised and not row.withdrawn_by_pipeline:
            row.withdrawn_by_pipeline = True
            session.add(row)


def mark_disagreements(session: Session, assessment: Assessment) -> list[dict]:
    """Staff level vs narrative score 2+ levels apart: the score is marked for review."""
    out = []
    if assessment.note_id is None:
        return out
    scores = session.exec(select(Score).where(Score.note_id == assessment.note_id, Score.current,
                                              Score.framework_id == assessment.framework_id)).all()
    for s in scores:
        staff = assessment.levels.get(s.domain)
        if staff is not None and abs(staff - s.level) >= REVIEW_GAP:
            s.needs_review = True
            s.review_reason = f"staff assessment {assessment.id} says level {staff}, narrative scored {s.level}"
            session.add(s)
            out.append({"domain": s.domain, "assessment_level": staff, "narrative_level": s.level, "score_id": s.id})
    return out


def sentence_points(note: Note) -> list[SentencePoint]:
    return [SentencePoint(note_id=note.id, client_id=note.client_id, program_id=note.program_id,
                          date=note.contact_date, wave=note.wave, index=i, start=s, end=e)
            for i, (s, e) in enumerate(note.sentences)]


def index_note(rt: Runtime, note: Note, vectors=None) -> None:  # type: ignore[no-untyped-def]
    """Put the note's redacted sentences in the vector store (re-embedding them when not given)."""
    if note.redacted_text is None:
        return
    points = sentence_points(note)
    if vectors is None:
        vectors = rt.pipeline.embed_sentences([note.redacted_text[p.start : p.end] for p in points])
    rt.vectors.upsert_note(note.id, points, vectors)


def original_text(rt: Runtime, note: Note) -> str:
    return decrypt_text(note.original_encrypted, rt.settings)
