"""Row -> response model conversions, applying what each role may see."""

from __future__ import annotations

from sqlmodel import Session, select

from service.clients import merged_ids
from service.models import Client, Enrollment, Note, RiskFlag, Role, Score, User
from service.notes import original_text
from service.runtime import Runtime
from service.schemas import ClientOut, EnrollmentOut, FlagOut, NoteOut, PiiOut, ScoreOut


def client_out(session: Session, client: Client) -> ClientOut:
    enrollments = session.exec(select(Enrollment).where(Enrollment.client_id == client.id)).all()
    return ClientOut(
        **client.model_dump(exclude={"name_key", "merged_into", "created_by"}),
        merged_ids=merged_ids(session, client),
        enrollments=[EnrollmentOut(**e.model_dump()) for e in enrollments],
    )


def flag_out(f: RiskFlag) -> FlagOut:
    return FlagOut(**f.model_dump())


def score_out(s: Score) -> ScoreOut:
    return ScoreOut(**s.model_dump())


def note_out(session: Session, rt: Runtime, note: Note, user: User) -> NoteOut:
    """Evaluators get the redacted text, scores and flags only: no original, no span map."""
    sees_identifiers = user.role != Role.evaluator
    scores = session.exec(select(Score).where(Score.note_id == note.id, Score.current)).all()
    flags = session.exec(select(RiskFlag).where(RiskFlag.note_id == note.id)).all()
    return NoteOut(
        **note.model_dump(exclude={"original_encrypted", "pii_spans", "sentences"}),
        original_text=original_text(rt, note) if sees_identifiers else None,
        pii=[PiiOut(**{k: p[k] for k in PiiOut.model_fields}) for p in note.pii_spans] if sees_identifiers else None,
        flags=[flag_out(f) for f in flags],
        scores=sorted((score_out(s) for s in scores), key=lambda s: s.domain),
    )
