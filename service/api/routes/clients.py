from __future__ import annotations

from fastapi import APIRouter, Query
from sqlmodel import select

from service import audit
from service.access import caseload_ids, require_client, require_role
from service.api.deps import DB, RT, CurrentUser
from service.api.serialize import client_out, note_out
from service.assessments import create_assessment
from service.clients import create_client, enroll, merge_clients, search_clients
from service.errors import Forbidden
from service.models import Note, Role
from service.notes import create_note, index_note
from service.schemas import (
    AssessmentIn,
    AssessmentOut,
    ClientIn,
    ClientOut,
    ClientSummary,
    EnrollmentIn,
    EnrollmentOut,
    MergeIn,
    NoteIn,
    NoteOut,
)

router = APIRouter(prefix="/clients", tags=["clients"])


@router.post("", response_model=ClientOut, status_code=201,
             responses={409: {"description": "likely duplicates; `candidates` lists them"}})
def post_client(data: ClientIn, db: DB, user: CurrentUser) -> ClientOut:
    """Create the one persistent record for a person; 409 with candidates when a duplicate is likely."""
    client = create_client(db, user, data)
    audit.record(db, user, "create", "client", client.id, client.id)
    db.commit()
    return client_out(db, client)


@router.get("", response_model=list[ClientSummary])
def get_clients(db: DB, user: CurrentUser, q: str = Query("", max_length=200)) -> list[ClientSummary]:
    if user.role == Role.evaluator:
        raise Forbidden("evaluators cannot search client identifiers")
    rows = search_clients(db, caseload_ids(db, user), q)
    audit.record(db, user, "search", "client", None, None, q_len=len(q), results=len(rows))
    db.commit()
    return [ClientSummary(id=c.id, name=c.display_name, dob=c.dob) for c in rows]


@router.get("/{client_id}", response_model=ClientOut)
def get_client(client_id: str, db: DB, user: CurrentUser) -> ClientOut:
    client = require_client(db, user, client_id)
    audit.record(db, user, "read", "client", client.id, client.id, requested=client_id)
    db.commit()
    return client_out(db, client)


@router.post("/{client_id}/enrollments", response_model=EnrollmentOut, status_code=201)
def post_enrollment(client_id: str, data: EnrollmentIn, db: DB, user: CurrentUser) -> EnrollmentOut:
    client = require_client(db, user, client_id)
    enrollment = enroll(db, user, client, data)
    audit.record(db, user, "create", "enrollment", enrollment.id, client.id)
    db.commit()
    return EnrollmentOut(**enrollment.model_dump())


@router.post("/{client_id}/notes", response_model=NoteOut, status_code=201)
def post_note(client_id: str, data: NoteIn, db: DB, rt: RT, user: CurrentUser) -> NoteOut:
    """Save a note; it is redacted, embedded, scored and flagged before the response returns."""
    client = require_client(db, user, client_id)
    note = create_note(db, rt, user, client, data)
    return note_out(db, rt, note, user)


@router.get("/{client_id}/notes", response_model=list[NoteOut])
def list_notes(client_id: str, db: DB, rt: RT, user: CurrentUser) -> list[NoteOut]:
    client = require_client(db, user, client_id, identifiers=False)
    notes = db.exec(select(Note).where(Note.client_id == client.id).order_by(Note.contact_date, Note.id)).all()
    audit.record(db, user, "read", "note", None, client.id, count=len(notes))
    db.commit()
    return [note_out(db, rt, n, user) for n in notes]


@router.post("/{client_id}/assessments", response_model=AssessmentOut, status_code=201)
def post_assessment(client_id: str, data: AssessmentIn, db: DB, rt: RT, user: CurrentUser) -> AssessmentOut:
    client = require_client(db, user, client_id)
    assessment, disagreements = create_assessment(db, rt, user, client, data)
    audit.record(db, user, "create", "assessment", assessment.id, client.id)
    db.commit()
    return AssessmentOut(**assessment.model_dump(), disagreements=disagreements)


@router.post("/{client_id}/merge", response_model=ClientOut)
def post_merge(client_id: str, data: MergeIn, db: DB, rt: RT, user: CurrentUser) -> ClientOut:
    """Fold a duplicate into this client; the duplicate's id resolves to this one from now on."""
    require_role(user, Role.supervisor, Role.admin)
    survivor = require_client(db, user, client_id)
    duplicate = require_client(db, user, data.duplicate_id)
    moved = merge_clients(db, survivor, duplicate)
    audit.record(db, user, "merge", "client", survivor.id, survivor.id, duplicate=duplicate.id, notes_moved=len(moved))
    db.commit()
    for note_id in moved:  # vector payloads carry the client id
        note = db.get(Note, note_id)
        if note is not None:
            index_note(rt, note)
    return client_out(db, survivor)
