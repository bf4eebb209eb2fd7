"""Web pages: login, caseload, client (charts, notes, note form), note (flags and scores with
evidence highlighted), open flags, trends, citation audit. Thin: logic lives in service modules."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlmodel import Session, select

from service import audit
from service.access import caseload_ids, require_client, require_role
from service.api.deps import SESSION_COOKIE, get_db, get_rt
from service.api.routes.auth import SESSION_TTL
from service.clients import search_clients
from service.errors import Unauthorized
from service.flags import acknowledge, get_flag, list_flags
from service.models import FlagStatus, Note, RiskFlag, Role, Score, User, Wave
from service.notes import create_note
from service.queries import narrative_trends, timeline
from service.reviews import add_review, citation_sample, get_score, score_detail
from service.runtime import Runtime
from service.schemas import NoteIn
from service.users import authenticate, issue_token, revoke_token, user_for_token
from service.web.render import csrf_token, highlight, line_chart

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(get_db)]
RT = Annotated[Runtime, Depends(get_rt)]


class _Login(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=303, headers={"Location": "/login"})


def page_user(request: Request, db: DB) -> User:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise _Login()
    try:
        user = user_for_token(db, token)
    except Unauthorized as exc:
        raise _Login() from exc
    request.state.csrf = csrf_token(token)
    return user


PageUser = Annotated[User, Depends(page_user)]


def _check_csrf(request: Request, csrf: str) -> None:
    if not csrf or csrf != getattr(request.state, "csrf", None):
        raise HTTPException(status_code=403, detail="form expired or forged (CSRF check failed); reload the page")


def _page(request: Request, name: str, user: User | None, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"user": user, "csrf": getattr(request.state, "csrf", ""),
                                                      **ctx})


@router.get("/", response_model=None)
def home(request: Request, db: DB) -> Response:
    try:
        user = page_user(request, db)
    except _Login:
        return RedirectResponse("/login", status_code=303)
    target = {"evaluator": "/ui/audit", "supervisor": "/ui/flags"}.get(user.role, "/ui/caseload")
    return RedirectResponse(target, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _page(request, "login.html", None)


@router.post("/login", response_model=None)
def login(request: Request, db: DB, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> Response:
    try:
        user = authenticate(db, username, password)
    except Unauthorized:
        return _page(request, "login.html", None, error="Wrong username or password.")
    token = issue_token(db, user, kind="session", ttl=SESSION_TTL)
    audit.record(db, user, "login", "user", user.id, via="web")
    db.commit()
    res = RedirectResponse("/", status_code=303)
    secure = request.app.state.runtime.settings.session_cookie_secure
    res.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure,
                   max_age=int(SESSION_TTL.total_seconds()))
    return res


@router.post("/logout", response_model=None)
def logout(request: Request, db: DB, user: PageUser, csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    revoke_token(db, request.cookies.get(SESSION_COOKIE, ""))
    db.commit()
    res = RedirectResponse("/login", status_code=303)
    res.delete_cookie(SESSION_COOKIE)
    return res


@router.get("/ui/caseload", response_class=HTMLResponse)
def caseload(request: Request, db: DB, user: PageUser, q: str = "") -> HTMLResponse:
    require_role(user, Role.case_manager, Role.supervisor, Role.admin)
    clients = search_clients(db, caseload_ids(db, user), q, limit=200)
    ids = [c.id for c in clients]
    flags = db.exec(select(RiskFlag).where(RiskFlag.client_id.in_(ids or ["-"]),
                                           RiskFlag.status == FlagStatus.open)).all()
    rows = []
    for c in clients:
        mine = [f for f in flags if f.client_id == c.id]
        rows.append({"id": c.id, "name": c.display_name, "open_flags": len(mine),
                     "high": any(f.severity == "high" for f in mine)})
    audit.record(db, user, "read", "caseload", None, None, results=len(rows), via="web")
    db.commit()
    return _page(request, "caseload.html", user, clients=rows, q=q)


@router.get("/ui/clients/{client_id}", response_class=HTMLResponse)
def client_page(request: Request, client_id: str, db: DB, rt: RT, user: PageUser) -> HTMLResponse:
    client = require_client(db, user, client_id)
    tl = timeline(db, rt, client, None)
    charts = {d["domain"]: line_chart(d["series"], "date", "level", 1, 5, label=f"{d['name']} level over time")
              for d in tl["domains"]}
    notes = db.exec(select(Note).where(Note.client_id == client.id).order_by(Note.contact_date.desc())).all()
    audit.record(db, user, "read", "client", client.id, client.id, via="web")
    db.commit()
    return _page(request, "client.html", user, client=client, timeline=tl, charts=charts, notes=notes,
                 waves=[w.value for w in Wave], today=date.today().isoformat())


@router.post("/ui/clients/{client_id}/notes", response_model=None)
def save_note(request: Request, client_id: str, db: DB, rt: RT, user: PageUser,
              text: Annotated[str, Form()], contact_date: Annotated[date, Form()],
              wave: Annotated[str, Form()] = "monitoring", contact_type: Annotated[str, Form()] = "other",
              csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    client = require_client(db, user, client_id)
    try:
        data = NoteIn(text=text, contact_date=contact_date, wave=wave, contact_type=contact_type)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    note = create_note(db, rt, user, client, data)
    return RedirectResponse(f"/ui/notes/{note.id}", status_code=303)


@router.get("/ui/notes/{note_id}", response_class=HTMLResponse)
def note_page(request: Request, note_id: int, db: DB, user: PageUser) -> HTMLResponse:
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=404, detail=f"note {note_id} not found")
    require_client(db, user, note.client_id, identifiers=False)
    flags = db.exec(select(RiskFlag).where(RiskFlag.note_id == note.id)).all()
    scores = db.exec(select(Score).where(Score.note_id == note.id, Score.current).order_by(Score.domain)).all()
    spans = [{**e, "label": f.category} for f in flags for e in f.evidence]
    spans += [{**c, "label": s.domain} for s in scores for c in s.citations]
    audit.record(db, user, "read", "note", note.id, note.client_id, via="web")
    db.commit()
    return _page(request, "note.html", user, note=note, flags=flags, scores=scores,
                 highlighted=highlight(note.redacted_text, spans),
                 can_act=user.role in (Role.case_manager, Role.supervisor, Role.admin))


@router.get("/ui/flags", response_class=HTMLResponse)
def flags_page(request: Request, db: DB, user: PageUser) -> HTMLResponse:
    require_role(user, Role.case_manager, Role.supervisor, Role.admin)
    flags = list_flags(db, user, FlagStatus.open)
    audit.record(db, user, "read", "flag", None, None, count=len(flags), via="web")
    db.commit()
    return _page(request, "flags.html", user, flags=flags)


@router.post("/ui/flags/{flag_id}/acknowledge", response_model=None)
def ack_flag(request: Request, flag_id: int, db: DB, user: PageUser, comment: Annotated[str, Form()] = "",
             next: Annotated[str, Form()] = "/ui/flags", csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    require_role(user, Role.case_manager, Role.supervisor, Role.admin)
    flag = acknowledge(db, user, get_flag(db, user, flag_id), comment)
    audit.record(db, user, "acknowledge", "flag", flag.id, flag.client_id, via="web")
    db.commit()
    return RedirectResponse(next if next.startswith("/ui/") else "/ui/flags", status_code=303)


@router.get("/ui/trends", response_class=HTMLResponse)
def trends_page(request: Request, db: DB, rt: RT, user: PageUser, q: str = "", interval: str = "week"
                ) -> HTMLResponse:
    require_role(user, Role.supervisor, Role.admin, Role.evaluator)
    date_from, date_to = _date(request, "from"), _date(request, "to")
    result = chart = None
    if q.strip():
        result = narrative_trends(db, rt, user, q, None, date_from, date_to, interval)
        top = max([r["notes"] for r in result["series"]] or [1])
        chart = line_chart(result["series"], "interval_start", "notes", 0, top, width=720, height=180,
                           label=f"notes per {interval}")
        audit.record(db, user, "search", "trends", None, None, via="web")
        db.commit()
    return _page(request, "trends.html", user, q=q, interval=interval, result=result, chart=chart,
                 date_from=date_from.isoformat() if date_from else "", date_to=date_to.isoformat() if date_to else "")


def _date(request: Request, key: str) -> date | None:
    raw = request.query_params.get(key)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=f"`{key}` must be a date (YYYY-MM-DD)") from exc


@router.get("/ui/audit", response_class=HTMLResponse)
def audit_page(request: Request, db: DB, user: PageUser, framework: str | None = None, n: int = 5) -> HTMLResponse:
    require_role(user, Role.evaluator, Role.admin, Role.supervisor)
    sample = citation_sample(db, user, framework, max(1, min(n, 50)))
    items = []
    for s in sample["sample"]:
        score, note = get_score(db, user, s["score_id"])
        detail = score_detail(db, score, note)
        items.append({"score": detail, "highlighted": highlight(note.redacted_text, score.citations)})
    audit.record(db, user, "read", "citation_sample", None, None, n=len(items), via="web")
    db.commit()
    return _page(request, "audit.html", user, sample=sample, items=items)


@router.post("/ui/scores/{score_id}/review", response_model=None)
def review_score(request: Request, score_id: int, db: DB, user: PageUser, verdict: Annotated[str, Form()],
                 comment: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    require_role(user, Role.evaluator, Role.admin)
    score, _ = get_score(db, user, score_id)
    add_review(db, user, score, verdict, comment)
    audit.record(db, user, "review", "score", score.id, score.client_id, verdict=verdict, via="web")
    db.commit()
    return RedirectResponse("/ui/audit", status_code=303)
