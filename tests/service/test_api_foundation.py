"""The foundation's promises, end to end through the API on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from service.models import AuditEvent, Note, NoteStatus, Role
from service.vectors import VectorFilter

NOTE = (
    "Home visit. Cl Rosalind Achterberg (DOB 2/11/1984) says the landlord at 4410 W Ferncliff St Apt 2 "
    "served an eviction notice last week. Her phone 555-318-2207. Son Kwame, 9, at school."
)


@pytest.fixture
def setup(make_actor, db: Session):  # type: ignore[no-untyped-def]
    admin = make_actor("admin", Role.admin)
    cm = make_actor("cm_a", Role.case_manager, team="east")
    other_cm = make_actor("cm_b", Role.case_manager, team="west")
    sup = make_actor("sup_east", Role.supervisor, team="east")
    ev = make_actor("eval", Role.evaluator)
    program = admin.post("/programs", json={"name": "Housing First", "case_management_model": "intensive"})
    assert program.status_code == 201, program.text
    pid = program.json()["id"]
    created = cm.post("/clients", json={"first_name": "Rosalind", "last_name": "Achterberg", "dob": "1984-02-11",
                                        "household": ["Kwame Achterberg"], "program_id": pid,
                                        "intake_date": "2026-01-05"})
    assert created.status_code == 201, created.text
    return {"admin": admin, "cm": cm, "other": other_cm, "sup": sup, "ev": ev, "pid": pid,
            "cid": created.json()["id"]}


def _save(actor, cid: str, text: str = NOTE, **extra):  # type: ignore[no-untyped-def]
    body = {"text": text, "contact_date": "2026-02-01", "wave": "intake", **extra}
    return actor.post(f"/clients/{cid}/notes", json=body)


def test_health(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/health").json() == {"status": "ok"}


def test_saved_note_comes_back_redacted_and_is_in_the_vector_store(setup, runtime) -> None:  # type: ignore[no-untyped-def]
    res = _save(setup["cm"], setup["cid"])
    assert res.status_code == 201, res.text
    note = res.json()
    assert note["status"] == "processed"
    red = note["redacted_text"]
    for secret in ("Rosalind", "Achterberg", "2/11/1984", "4410 W Ferncliff", "555-318-2207", "Kwame"):
        assert secret not in red, f"{secret!r} leaked into {red!r}"
    assert "<PERSON_1>" in red and "eviction notice last week" in red
    assert note["original_text"] == NOTE
    assert runtime.vectors.count(VectorFilter(note_id=note["id"])) >= 2
    vec = runtime.pipeline.embedder(["landlord served an eviction notice"])[0]
    hits = runtime.vectors.search(vec, 3, VectorFilter(client_ids=[setup["cid"]]))
    assert hits and hits[0].payload["note_id"] == note["id"]
    start, end = hits[0].payload["start"], hits[0].payload["end"]
    assert "eviction" in red[start:end]


def test_evaluator_gets_redacted_text_only(setup) -> None:  # type: ignore[no-untyped-def]
    nid = _save(setup["cm"], setup["cid"]).json()["id"]
    res = setup["ev"].get(f"/notes/{nid}")
    assert res.status_code == 200
    body = res.json()
    assert body["original_text"] is None and body["pii"] is None
    assert "Rosalind" not in res.text and "555-318-2207" not in res.text
    assert setup["ev"].get(f"/clients/{setup['cid']}").status_code == 403
    assert setup["ev"].get("/clients?q=Ros").status_code == 403
    assert _save(setup["ev"], setup["cid"]).status_code == 403


def test_case_manager_refused_another_workers_client(setup) -> None:  # type: ignore[no-untyped-def]
    nid = _save(setup["cm"], setup["cid"]).json()["id"]
    other = setup["other"]
    assert other.get(f"/clients/{setup['cid']}").status_code == 403
    assert other.get(f"/notes/{nid}").status_code == 403
    assert _save(other, setup["cid"]).status_code == 403
    assert other.get("/clients?q=Rosalind").json() == []
    # The supervisor of the case manager's team sees the client; another team's would not.
    assert setup["sup"].get(f"/clients/{setup['cid']}").status_code == 200


def test_duplicate_client_caught_then_confirmed_then_merged(setup, db: Session) -> None:  # type: ignore[no-untyped-def]
    cm = setup["cm"]
    dup = cm.post("/clients", json={"first_name": "Rosalyn", "last_name": "Achterberg", "dob": "1984-02-11"})
    assert dup.status_code == 409
    cands = dup.json()["candidates"]
    assert [c["id"] for c in cands] == [setup["cid"]] and "date of birth" in cands[0]["reason"]
    exact = cm.post("/clients", json={"first_name": "ROSALIND", "last_name": "achterberg", "dob": "1984-02-11"})
    assert exact.status_code == 409 and exact.json()["candidates"][0]["reason"].startswith("same name")
    forced = cm.post("/clients", json={"first_name": "Rosalyn", "last_name": "Achterberg", "dob": "1984-02-11",
                                       "confirm_new": True})
    assert forced.status_code == 201
    dup_id = forced.json()["id"]
    assert cm.post(f"/clients/{dup_id}/enrollments",
                   json={"program_id": setup["pid"], "intake_date": "2026-01-06"}).status_code == 201
    nid = _save(cm, dup_id).json()["id"]
    assert cm.post(f"/clients/{setup['cid']}/merge", json={"duplicate_id": dup_id}).status_code == 403
    merged = setup["sup"].post(f"/clients/{setup['cid']}/merge", json={"duplicate_id": dup_id})
    assert merged.status_code == 200, merged.text
    assert dup_id in merged.json()["merged_ids"] and "Rosalyn Achterberg" in merged.json()["aliases"]
    # The old id resolves to the survivor, and the note moved with it.
    assert cm.get(f"/clients/{dup_id}").json()["id"] == setup["cid"]
    assert cm.get(f"/notes/{nid}").json()["client_id"] == setup["cid"]


def test_every_read_is_audited(setup, db: Session) -> None:  # type: ignore[no-untyped-def]
    nid = _save(setup["cm"], setup["cid"]).json()["id"]
    setup["cm"].get(f"/clients/{setup['cid']}")
    setup["ev"].get(f"/notes/{nid}")
    setup["cm"].get("/clients?q=ros")
    db.expire_all()
    rows = db.exec(select(AuditEvent)).all()
    seen = {(r.username, r.action, r.entity_type, r.entity_id) for r in rows}
    assert ("cm_a", "create", "note", str(nid)) in seen
    assert ("cm_a", "read", "client", setup["cid"]) in seen
    assert ("eval", "read", "note", str(nid)) in seen
    assert any(r.username == "cm_a" and r.action == "search" for r in rows)


def test_failed_stage_leaves_note_saved_and_reprocess_recovers(setup, runtime, db: Session) -> None:  # type: ignore[no-untyped-def]
    real = runtime.pipeline.embedder

    def broken(_texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("embedding model unavailable")

    runtime.pipeline.embedder = broken
    try:
        res = _save(setup["cm"], setup["cid"])
    finally:
        runtime.pipeline.embedder = real
    assert res.status_code == 201
    body = res.json()
    assert body["status"] == "failed" and "embed" in body["error"]
    db.expire_all()
    note = db.get(Note, body["id"])
    assert note is not None and note.status == NoteStatus.failed
    from service.notes import process_note

    process_note(db, runtime, note)
    assert note.status == NoteStatus.processed and note.redacted_text and "Rosalind" not in note.redacted_text


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer nope"}, 401), ({"Authorization": "Basic abc"}, 401)],
)
def test_auth_required(client, headers, status) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/clients", headers=headers).status_code == status


def test_bad_input_gets_clear_4xx(setup, runtime) -> None:  # type: ignore[no-untyped-def]
    cm, cid = setup["cm"], setup["cid"]
    empty = _save(cm, cid, text="   ")
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    big = _save(cm, cid, text="x " * (runtime.settings.max_note_chars // 2 + 10))
    assert big.status_code == 422 and "limit" in big.json()["detail"]
    assert _save(cm, "CNOTREAL1").status_code == 404
    raw = cm.http.post(f"/clients/{cid}/notes", content=b'{"text": "abc", ', headers={
        **cm.headers, "Content-Type": "application/json"})
    assert raw.status_code in (400, 422)
    bad_utf8 = cm.http.post(f"/clients/{cid}/notes", content=b'{"text": "\xff\xfe bad", "contact_date": "2026-01-01"}',
                            headers={**cm.headers, "Content-Type": "application/json"})
    assert bad_utf8.status_code in (400, 422)
    assert _save(cm, cid, wave="sometime").status_code == 422
    assert cm.post("/clients", json={"first_name": ""}).status_code == 422
    assert cm.post("/clients", json={"first_name": "A", "dob": "2990-01-01"}).status_code == 422
    assert cm.post("/programs", json={"name": "x"}).status_code == 403
    assert setup["admin"].post("/programs", json={"name": "y", "framework_id": "nope"}).status_code == 404


def test_note_text_is_encrypted_at_rest(setup, db: Session) -> None:  # type: ignore[no-untyped-def]
    nid = _save(setup["cm"], setup["cid"]).json()["id"]
    db.expire_all()
    note = db.get(Note, nid)
    assert note is not None and b"Rosalind" not in bytes(note.original_encrypted)


def test_login_with_password(make_actor, client) -> None:  # type: ignore[no-untyped-def]
    make_actor("pw_user", Role.case_manager, password="correct horse")
    bad = client.post("/auth/token", data={"username": "pw_user", "password": "wrong pass"})
    assert bad.status_code == 401
    ok = client.post("/auth/token", data={"username": "pw_user", "password": "correct horse"})
    assert ok.status_code == 200
    token = ok.json()["access_token"]
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).json()["username"] == "pw_user"
