from __future__ import annotations

from fastapi import APIRouter, Query

from service import audit
from service.access import require_role
from service.api.deps import DB, CurrentUser
from service.api.serialize import flag_out
from service.flags import acknowledge, get_flag, list_flags, resolve
from service.models import Role
from service.schemas import FlagAction, FlagOut

router = APIRouter(prefix="/flags", tags=["flags"])


@router.get("", response_model=list[FlagOut])
def get_flags(db: DB, user: CurrentUser, status: str | None = Query(None), client_id: str | None = None) -> list[
    FlagOut
]:
    """Flags for the caller's caseload (a supervisor's team), high severity first."""
    flags = list_flags(db, user, status, client_id)
    audit.record(db, user, "read", "flag", None, client_id, status=status, count=len(flags))
    db.commit()
    return [flag_out(f) for f in flags]


@router.post("/{flag_id}/acknowledge", response_model=FlagOut)
def post_ack(flag_id: int, data: FlagAction, db: DB, user: CurrentUser) -> FlagOut:
    require_role(user, Role.case_manager, Role.supervisor, Role.admin)
    flag = acknowledge(db, user, get_flag(db, user, flag_id), data.comment)
    audit.record(db, user, "acknowledge", "flag", flag.id, flag.client_id)
    db.commit()
    return flag_out(flag)


@router.post("/{flag_id}/resolve", response_model=FlagOut)
def post_resolve(flag_id: int, data: FlagAction, db: DB, user: CurrentUser) -> FlagOut:
    require_role(user, Role.case_manager, Role.supervisor, Role.admin)
    flag = resolve(db, user, get_flag(db, user, flag_id), data.comment)
    audit.record(db, user, "resolve", "flag", flag.id, flag.client_id)
    db.commit()
    return flag_out(flag)
