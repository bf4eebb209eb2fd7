"""The persistent client record: creation with duplicate detection, search, enrolment and merge."""

from __future__ import annotations

import difflib
import secrets
import unicodedata
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, select

from service.errors import BadRequest, Conflict, Forbidden, NotFound
from service.models import (
    Assessment,
    Client,
    Enrollment,
    Note,
    Program,
    RiskFlag,
    Role,
    Score,
    User,
)
from service.schemas import ClientIn, DuplicateCandidate, EnrollmentIn

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CLOSE_NAME = 0.82


def normalise_name(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch.lower() if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def new_client_id(session: Session) -> str:
    """Opaque, short, never reused (merged records keep their row, so an id is never freed)."""
    while True:
        cid = "C" + "".join(secrets.choice(_ALPHABET) for _ in range(8))
        if session.get(Client, cid) is None:
            return cid


def find_duplicates(session: Session, first: str, last: str, dob: date | None, aliases: list[str]) -> list[
    DuplicateCandidate
]:
    key = normalise_name(first, last)
    keys = {key} | {normalise_name(a) for a in aliases if a.strip()}
    q = select(Client).where(Client.merged_into.is_(None))
    q = q.where(Client.dob == dob) if dob is not None else q.where(Client.name_key.in_(keys))
    out: list[DuplicateCandidate] = []
    for c in session.exec(q).all():
        their = {c.name_key} | {normalise_name(a) for a in c.aliases}
        if keys & their:
            reason, sim = ("same name and date of birth" if dob else "same name (no date of birth given)"), 1.0
        else:
            sim = max(_similarity(a, b) for a in keys for b in their)
            if sim < CLOSE_NAME:
                continue
            reason = "close name, same date of birth"
        out.append(DuplicateCandidate(id=c.id, name=c.display_name, dob=c.dob, reason=reason, similarity=round(sim, 3)))
    return sorted(out, key=lambda d: -d.similarity)


def _similarity(a: str, b: str) -> float:
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    pa, pb = a.split(), b.split()
    if len(pa) >= 2 and len(pb) >= 2:
        if pa[-1] == pb[-1] and pa[0][0] == pb[0][0]:
            ratio = max(ratio, 0.9)  # "Bob Smith" / "Robert Smith" style variants share surname + initial
        if sorted(pa) == sorted(pb):
            ratio = max(ratio, 0.95)  # first and last name swapped
    return ratio


def create_client(session: Session, user: User, data: ClientIn) -> Client:
    if user.role == Role.evaluator:
        raise Forbidden("evaluators cannot create clients")
    if not data.confirm_new:
        dups = find_duplicates(session, data.first_name, data.last_name, data.dob, data.aliases)
        if dups:
            raise Conflict("likely duplicate client(s); resend with confirm_new=true to create anyway",
                           candidates=[d.model_dump(mode="json") for d in dups])
    client = Client(
        id=new_client_id(session),
        first_name=data.first_name,
        last_name=data.last_name,
        name_key=normalise_name(data.first_name, data.last_name),
        dob=data.dob,
        phone=data.phone,
        email=data.email,
        address=data.address,
        aliases=[a for a in data.aliases if a],
        household=[h for h in data.household if h],
        created_by=user.id,
    )
    session.add(client)
    session.flush()
    if data.program_id is not None:
        enroll(session, user, client, EnrollmentIn(program_id=data.program_id,
                                                   intake_date=data.intake_date or date.today()))
    return client


def enroll(session: Session, user: User, client: Client, data: EnrollmentIn) -> Enrollment:
    if session.get(Program, data.program_id) is None:
        raise NotFound(f"program {data.program_id} not found")
    cm_id = data.case_manager_id or user.id
    cm = session.get(User, cm_id)
    if cm is None or cm.role not in (Role.case_manager, Role.supervisor):
        raise BadRequest(f"user {cm_id} is not a case manager")
    if user.role == Role.case_manager and cm_id != user.id:
        raise Forbidden("case managers can only enrol clients with themselves")
    if user.role == Role.supervisor and cm.team != user.team and cm_id != user.id:
        raise Forbidden("supervisors can only assign case managers of their own team")
    if user.role == Role.evaluator:
        raise Forbidden("evaluators cannot enrol clients")
    enrollment = Enrollment(client_id=client.id, program_id=data.program_id, case_manager_id=cm_id,
                            intake_date=data.intake_date)
    session.add(enrollment)
    session.flush()
    return enrollment


def search_clients(session: Session, allowed: set[str] | None, q: str, limit: int = 50) -> list[Client]:
    stmt = select(Client).where(Client.merged_into.is_(None))
    if allowed is not None:
        if not allowed:
            return []
        stmt = stmt.where(Client.id.in_(allowed))
    q = q.strip()
    if q:
        key = normalise_name(q)
        stmt = stmt.where(or_(Client.name_key.contains(key), func.upper(Client.id) == q.upper()))
    rows = list(session.exec(stmt.order_by(Client.last_name, Client.first_name).limit(limit * 4)).all())
    if q:
        # Aliases are JSON: match them here so a search for a nickname finds the record.
        extra = session.exec(select(Client).where(Client.merged_into.is_(None))).all() if not rows else []
        key = normalise_name(q)
        rows += [c for c in extra if any(key in normalise_name(a) for a in c.aliases)
                 and (allowed is None or c.id in allowed)]
    return rows[:limit]


def merged_ids(session: Session, client: Client) -> list[str]:
    out, frontier = [], [client.id]
    while frontier:
        cur = frontier.pop()
        for c in session.exec(select(Client).where(Client.merged_into == cur)).all():
            out.append(c.id)
            frontier.append(c.id)
    return out


def merge_clients(session: Session, survivor: Client, duplicate: Client) -> list[int]:
    """Fold `duplicate` into `survivor`; returns the moved note ids (their vectors need new payloads)."""
    if survivor.id == duplicate.id:
        raise BadRequest("a client cannot be merged into itself")
    if duplicate.merged_into:
        raise Conflict(f"client {duplicate.id} was already merged into {duplicate.merged_into}")
    moved_notes = [n.id for n in session.exec(select(Note).where(Note.client_id == duplicate.id)).all()]
    for model in (Note, Enrollment, Assessment, Score, RiskFlag):
        for row in session.exec(select(model).where(model.client_id == duplicate.id)).all():
            row.client_id = survivor.id
            session.add(row)
    names = {normalise_name(a) for a in survivor.aliases} | {survivor.name_key}
    aliases = list(survivor.aliases)
    for alias in [duplicate.display_name, *duplicate.aliases]:
        if alias and normalise_name(alias) not in names:
            aliases.append(alias)
            names.add(normalise_name(alias))
    survivor.aliases = aliases
    survivor.household = list(dict.fromkeys([*survivor.household, *duplicate.household]))
    for attr in ("dob", "phone", "email", "address"):
        if getattr(survivor, attr) is None and getattr(duplicate, attr) is not None:
            setattr(survivor, attr, getattr(duplicate, attr))
    duplicate.merged_into = survivor.id
    session.add(survivor)
    session.add(duplicate)
    return [n for n in moved_notes if n is not None]


def known_names(client: Client) -> list[str]:
    """Everything the record knows this person (and household) by: always redacted from their notes."""
    return [n for n in [client.display_name, client.first_name, client.last_name, *client.aliases,
                        *client.household] if n and n.strip()]
