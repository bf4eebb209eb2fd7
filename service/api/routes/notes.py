from __future__ import annotations

from fastapi import APIRouter

from service import audit
from service.access import require_client
from service.api.deps import DB, RT, CurrentUser
from service.api.serialize import note_out
from service.errors import NotFound
from service.models import Note
from service.schemas import NoteOut

router = APIRouter(prefix="/notes", tags=["notes"])


@router.get("/{note_id}", response_model=NoteOut)
def get_note(note_id: int, db: DB, rt: RT, user: CurrentUser) -> NoteOut:
    note = db.get(Note, note_id)
    if note is None:
        raise NotFound(f"note {note_id} not found")
    require_client(db, user, note.client_id, identifiers=False)
    audit.record(db, user, "read", "note", note.id, note.client_id,
                 original=user.role != "evaluator")
    db.commit()
    return note_out(db, rt, note, user)
