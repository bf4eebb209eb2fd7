"""Audit trail: every read and write of client data leaves one AuditEvent row."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from service.models import AuditEvent, User


def record(
    session: Session,
    user: User | None,
    action: str,
    entity_type: str,
    entity_id: str | int | None = None,
    client_id: str | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit row to the session; it commits with the surrounding unit of work."""
    event = AuditEvent(
        user_id=user.id if user else None,
        username=user.username if user else None,
        role=user.role if user else None,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        client_id=client_id,
        detail=detail,
    )
    session.add(event)
    return event
