"""The flag work queue through the API, and reprocessing keeping flag history."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from service.models import Note, RiskFlag, Role
from service.notes import process_note


@pytest.fixture
def team(make_actor):  # type: ignore[no-untyped-def]
    admin = make_actor("admin", Role.admin)
    cm = make_actor("cm_a", Role.case_manager, team="east")
    other = make_actor("cm_b", Role.case_manager, team="west")
    sup = make_actor("sup", Role.supervisor, team="east")
    pid = admin.post("/programs", json={"name": "P"}).json()["id"]
    cid = cm.post("/clients", json={"first_name": "Wren", "last_name": "Castellano", "program_id": pid,
                                    "intake_date": "2026-01-01"}).json()["id"]
    return {"cm": cm, "other": other, "sup": sup, "cid": cid}


def _note(actor, cid: str, text: str):  # type: ignore[no-untyped-def]
    res = actor.post(f"/clients/{cid}/notes", json={"text": text, "contact_date": "2026-02-01"})
    assert res.status_code == 201, res.text
    return res.json()


def test_flags_on_save_listing_and_workflow(team) -> None:  # type: ignore[no-untyped-def]
    cm, cid = team["cm"], team["cid"]
    note = _note(cm, cid, "Landlord filed for eviction last week. She relapsed on Saturday and ran out of insulin.")
    cats = {f["category"]: f for f in note["flags"]}
    assert {"housing_loss", "substance_use", "medical_crisis"} <= set(cats)
    for f in note["flags"]:
        for e in f["evidence"]:
            assert note["redacted_text"][e["start"] : e["end"]] == e["text"]
    listed = cm.get("/flags?status=open").json()
    assert listed[0]["severity"] == "high"  # high severity first
    assert [f["severity"] for f in listed] == sorted((f["severity"] for f in listed), key=lambda s: s != "high")
    assert team["other"].get("/flags?status=open").json() == []
    assert len(team["sup"].get("/flags?status=open").json()) == len(listed)
    fid = cats["housing_loss"]["id"]
    assert team["other"].post(f"/flags/{fid}/acknowledge", json={"comment": "x"}).status_code == 403
    ack = cm.post(f"/flags/{fid}/acknowledge", json={"comment": "called landlord"}).json()
    assert ack["status"] == "acknowledged" and ack["acknowledged_by"] == cm.user.id and ack["acknowledged_at"]
    assert cm.post(f"/flags/{fid}/resolve", json={"comment": ""}).status_code == 400
    done = cm.post(f"/flags/{fid}/resolve", json={"comment": "rental assistance paid"}).json()
    assert done["status"] == "resolved" and done["resolve_comment"] == "rental assistance paid"
    assert fid not in [f["id"] for f in cm.get("/flags?status=open").json()]
    assert cm.get("/flags?status=bogus").status_code == 400


def test_reprocess_keeps_flag_history(team, runtime, db: Session) -> None:  # type: ignore[no-untyped-def]
    note = _note(team["cm"], team["cid"], "She ran out of insulin on Saturday.")
    flag_id = next(f["id"] for f in note["flags"] if f["category"] == "medical_crisis")
    team["cm"].post(f"/flags/{flag_id}/acknowledge", json={"comment": "pharmacy called"})
    db.expire_all()
    row = db.get(Note, note["id"])
    real = runtime.pipeline.risk
    runtime.pipeline.risk = None  # the flag is no longer raised
    try:
        process_note(db, runtime, row)
    finally:
        runtime.pipeline.risk = real
    db.expire_all()
    flags = db.exec(select(RiskFlag).where(RiskFlag.note_id == note["id"])).all()
    assert [(f.id, f.status, f.withdrawn_by_pipeline) for f in flags] == [(flag_id, "acknowledged", True)]
    process_note(db, runtime, db.get(Note, note["id"]))
    db.expire_all()
    flags = db.exec(select(RiskFlag).where(RiskFlag.note_id == note["id"])).all()
    assert [(f.id, f.withdrawn_by_pipeline) for f in flags] == [(flag_id, False)]
