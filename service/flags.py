"""Risk flag work queue: listing for a caseload, acknowledging and resolving with who/when/why."""

from __future__ import annotations

from sqlalchemy import case
from sqlmodel import Session, select

from service.access import caseload_ids, require_client
from service.errors import BadRequest, NotFound
from service.models import FlagStatus, RiskFlag, User, utcnow


def list_flags(session: Session, user: User, status: str | None, client_id: str | None = None,
               limit: int = 200) -> list[RiskFlag]:
    stmt = select(RiskFlag)
    allowed = caseload_ids(session, user)
    if allowed is not None:
        if not allowed:
            return []
        stmt = stmt.where(RiskFlag.client_id.in_(allowed))
    if status:
        if status not in {s.value for s in FlagStatus}:
            raise BadRequest(f"status must be one of {', '.join(s.value for s in FlagStatus)}")
        stmt = stmt.where(RiskFlag.status == status)
    if client_id:
        stmt = stmt.where(RiskFlag.client_id == client_id)
    high_first = case((RiskFlag.severity == "high", 0), else_=1)
    return list(session.exec(stmt.order_by(high_first, RiskFlag.created_at.desc(), RiskFlag.id.desc())
                             .limit(limit)).all())


def get_flag(session: Session, user: User, flag_id: int) -> RiskFlag:
    flag = session.get(RiskFlag, flag_id)
    if flag is None:
        raise NotFound(f"flag {flag_id} not found")
    require_client(session, user, flag.client_id, identifiers=False)
    return flag


def acknowledge(session: Session, user: User, flag: RiskFlag, comment: str) -> RiskFlag:
    if flag.status == FlagStatus.resolved:
        raise BadRequest("flag is already resolved")
    flag.status = FlagStatus.acknowledged
    flag.acknowledged_by, flag.acknowledged_at, flag.acknowledge_comment = user.id, utcnow(), comment
    session.add(flag)
    return flag


def resolve(session: Session, user: User, flag: RiskFlag, comment: str) -> RiskFlag:
    if flag.status == FlagStatus.resolved:
        raise BadRequest("flag is already resolved")
    if not comment.strip():
        raise BadRequest("resolving a flag needs a comment saying how it was resolved")
    flag.status = FlagStatus.resolved
    flag.resolved_by, flag.resolved_at, flag.resolve_comment = user.id, utcnow(), comment
    session.add(flag)
    return flag
