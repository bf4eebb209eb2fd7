"""Least-privilege rules: who may see which client. Every route goes through these checks."""

from __future__ import annotations

from sqlmodel import Session, select

from service.errors import Forbidden, NotFound
from service.models import Client, Enrollment, Role, User


def caseload_ids(session: Session, user: User) -> set[str] | None:
    """Client ids the user may see; None means every client (admin, evaluator's redacted view)."""
    if user.role in (Role.admin, Role.evaluator):
        return None
    if user.role == Role.case_manager:
        manager_ids = [user.id]
    elif user.role == Role.supervisor:
        team = session.exec(select(User.id).where(User.team == user.team)).all() if user.team else []
        manager_ids = list({*team, user.id})
    else:
        return set()
    enrolled = session.exec(select(Enrollment.client_id).where(Enrollment.case_manager_id.in_(manager_ids))).all()
    created = session.exec(select(Client.id).where(Client.created_by.in_(manager_ids))).all()
    return set(enrolled) | set(created)


def resolve_client(session: Session, client_id: str) -> Client:
    """Find a client by id, following merges to the surviving record."""
    client = session.get(Client, client_id)
    seen = set()
    while client is not None and client.merged_into and client.id not in seen:
        seen.add(client.id)
        client = session.get(Client, client.merged_into)
    if client is None:
        raise NotFound(f"client {client_id} not found")
    return client


def require_client(session: Session, user: User, client_id: str, *, identifiers: bool = True) -> Client:
    """The client if the user may see it. `identifiers`: the caller needs names/contact details,
    which evaluators never get."""
    client = resolve_client(session, client_id)
    if identifiers and user.role == Role.evaluator:
        raise Forbidden("evaluators see redacted text, scores, citations and flags only, not client identifiers")
    allowed = caseload_ids(session, user)
    if allowed is not None and client.id not in allowed:
        raise Forbidden(f"client {client.id} is not in your caseload")
    return client


def require_role(user: User, *roles: Role) -> None:
    if user.role not in roles:
        raise Forbidden(f"role {user.role} may not do this (needs {', '.join(r.value for r in roles)})")
