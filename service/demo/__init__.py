"""Demo program, users and synthetic caseload for `make run` and `caselens demo load`."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from sqlmodel import Session, func, select

from service.clients import create_client, enroll
from service.db import session_scope
from service.models import Client, Program, User
from service.notes import create_note
from service.programs import create_program
from service.runtime import Runtime, get_runtime
from service.schemas import ClientIn, EnrollmentIn, NoteIn, ProgramIn
from service.users import create_user, issue_token

CASELOAD = Path(__file__).with_name("caseload.yaml")
DEMO_PASSWORD_ENV = "CASELENS_DEMO_PASSWORD"


def load_demo(force: bool = False, session: Session | None = None, rt: Runtime | None = None) -> str:
    """Load once into an empty database; returns a summary with the demo logins."""
    rt = rt or get_runtime()
    own = session is None
    db = session or session_scope()
    try:
        if not force and db.exec(select(func.count()).select_from(Client)).one() > 0:
            return "demo not loaded: the database already has clients (use --force to add the demo anyway)"
        data = yaml.safe_load(CASELOAD.read_text(encoding="utf-8"))
        password = os.environ.get(DEMO_PASSWORD_ENV, "caselens-demo")
        users: dict[str, User] = {}
        tokens: dict[str, str] = {}
        for u in data["users"]:
            existing = db.exec(select(User).where(User.username == u["username"])).first()
            users[u["username"]] = existing or create_user(db, u["username"], u["role"], team=u.get("team"),
                                                           display_name=u.get("display_name", ""), password=password)
            tokens[u["username"]] = issue_token(db, users[u["username"]])
        programs: dict[str, Program] = {}
        for p in data["programs"]:
            existing = db.exec(select(Program).where(Program.name == p["name"])).first()
            programs[p["name"]] = existing or create_program(db, rt, ProgramIn(**p))
        db.commit()
        n_notes = 0
        for c in data["clients"]:
            cm = users[c["case_manager"]]
            fields = {k: c[k] for k in ("first_name", "last_name", "dob", "phone", "email", "household") if k in c}
            client = create_client(db, cm, ClientIn(**fields, confirm_new=True))
            first_date = min(n["date"] for n in c["notes"])
            enroll(db, cm, client, EnrollmentIn(program_id=programs[c["program"]].id, intake_date=first_date))
            db.commit()
            for n in c["notes"]:
                create_note(db, rt, cm, client, NoteIn(text=n["text"], contact_date=n["date"], wave=n["wave"],
                                                       contact_type=n.get("type", "other")))
                n_notes += 1
        lines = [f"demo loaded: {len(data['clients'])} clients, {n_notes} notes, {len(programs)} programs",
                 f"web login password for every demo user: {password} (set {DEMO_PASSWORD_ENV} to change)"]
        lines += [f"  {name:10s} {users[name].role:13s} token {tok}" for name, tok in tokens.items()]
        return "\n".join(lines)
    finally:
        if own:
            db.close()
