"""Staff-entered assessments; the first intake assessment per framework is the client's baseline."""

from __future__ import annotations

from sqlmodel import Session, select

from service.errors import BadRequest, Forbidden, Unprocessable
from service.frameworks import get_framework
from service.models import Assessment, Client, Note, Program, Role, User, Wave
from service.notes import mark_disagreements
from service.runtime import Runtime
from service.schemas import AssessmentIn


def create_assessment(
    session: Session, rt: Runtime, user: User, client: Client, data: AssessmentIn
) -> tuple[Assessment, list[dict]]:
    if user.role == Role.evaluator:
        raise Forbidden("evaluators cannot enter assessments")
    framework_id = data.framework_id
    if data.note_id is not None:
        note = session.get(Note, data.note_id)
        if note is None or note.client_id != client.id:
            raise BadRequest(f"note {data.note_id} does not belong to client {client.id}")
        if framework_id is None and note.program_id is not None:
            framework_id = session.get(Program, note.program_id).framework_id  # type: ignore[union-attr]
    fw = get_framework(rt.settings.frameworks_dir, framework_id or rt.settings.default_framework)
    problems = []
    domain_ids = {d.id for d in fw.domains}
    for domain, level in data.levels.items():
        if domain not in domain_ids:
            problems.append(f"unknown domain {domain!r} for framework {fw.ref}")
        elif level not in fw.levels:
            problems.append(f"{domain}: level {level} is not on the scale {fw.levels}")
    if problems:
        raise Unprocessable("; ".join(problems))
    has_baseline = session.exec(select(Assessment).where(
        Assessment.client_id == client.id, Assessment.framework_id == fw.id, Assessment.is_baseline)).first()
    assessment = Assessment(
        client_id=client.id, enrollment_id=data.enrollment_id, author_id=user.id, note_id=data.note_id,
        assessed_on=data.assessed_on, wave=data.wave, framework_id=fw.id, framework_version=fw.version,
        levels=dict(data.levels), is_baseline=(data.wave == Wave.intake and has_baseline is None),
    )
    session.add(assessment)
    session.flush()
    return assessment, mark_disagreements(session, assessment)
