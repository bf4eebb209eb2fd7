"""Timeline, outcomes, trends and the citation audit through the API, on both databases."""

from __future__ import annotations

import csv
import io

import pytest

from service.models import Role

NOTES = [
    ("2026-01-05", "intake", "She has been sleeping in her car for two weeks. Lost her job in December, no income."),
    ("2026-02-10", "monitoring", "Staying in the family shelter now. Picked up part-time work at the grocery store."),
    ("2026-04-20", "exit", "Signed her own lease, rent paid on time with no assistance. Working full time now."),
]


@pytest.fixture
def world(make_actor):  # type: ignore[no-untyped-def]
    admin = make_actor("admin", Role.admin)
    cm = make_actor("cm_a", Role.case_manager, team="east")
    other = make_actor("cm_b", Role.case_manager, team="west")
    sup = make_actor("sup", Role.supervisor, team="east")
    ev = make_actor("eval", Role.evaluator)
    pid = admin.post("/programs", json={"name": "Housing"}).json()["id"]
    cid = cm.post("/clients", json={"first_name": "Odessa", "last_name": "Villanueva", "program_id": pid,
                                    "intake_date": "2026-01-05"}).json()["id"]
    notes = []
    for d, wave, text in NOTES:
        res = cm.post(f"/clients/{cid}/notes", json={"text": text, "contact_date": d, "wave": wave})
        assert res.status_code == 201, res.text
        notes.append(res.json())
    return {"admin": admin, "cm": cm, "other": other, "sup": sup, "ev": ev, "pid": pid, "cid": cid, "notes": notes}


def test_timeline_baseline_latest_change(world) -> None:  # type: ignore[no-untyped-def]
    res = world["cm"].get(f"/clients/{world['cid']}/timeline")
    assert res.status_code == 200
    body = res.json()
    assert body["framework"] == "self-sufficiency@1"
    housing = next(d for d in body["domains"] if d["domain"] == "housing")
    assert [p["wave"] for p in housing["series"]][0] == "intake"
    assert housing["baseline"]["date"] == "2026-01-05" and housing["latest"]["date"] == "2026-04-20"
    assert housing["change"] == housing["latest"]["level"] - housing["baseline"]["level"] and housing["change"] > 0
    assert world["other"].get(f"/clients/{world['cid']}/timeline").status_code == 403


def test_assessment_is_the_baseline_and_disagreement_marks_review(world) -> None:  # type: ignore[no-untyped-def]
    cm, cid = world["cm"], world["cid"]
    nid = world["notes"][0]["id"]
    res = cm.post(f"/clients/{cid}/assessments", json={"assessed_on": "2026-01-05", "wave": "intake",
                                                       "levels": {"housing": 4}, "note_id": nid})
    assert res.status_code == 201 and res.json()["is_baseline"]
    assert res.json()["disagreements"] and res.json()["disagreements"][0]["domain"] == "housing"
    housing = next(d for d in cm.get(f"/clients/{cid}/timeline").json()["domains"] if d["domain"] == "housing")
    assert housing["baseline"]["source"] == "assessment" and housing["baseline"]["level"] == 4
    score = next(s for s in cm.get(f"/notes/{nid}").json()["scores"] if s["domain"] == "housing")
    assert score["needs_review"] and "assessment" in score["review_reason"]
    bad = cm.post(f"/clients/{cid}/assessments", json={"assessed_on": "2026-01-05", "levels": {"housing": 9}})
    assert bad.status_code == 422 and "scale" in bad.json()["detail"]


def test_program_outcomes_json_and_csv(world) -> None:  # type: ignore[no-untyped-def]
    res = world["sup"].get(f"/programs/{world['pid']}/outcomes?from=2026-01-01&to=2026-12-31")
    assert res.status_code == 200
    housing = next(d for d in res.json()["domains"] if d["domain"] == "housing")
    assert housing["clients_with_baseline_and_follow_up"] == 1 and housing["share_improved"] == 1.0
    assert housing["clients"]["improved"] == [world["cid"]] and housing["mean_change"] > 0
    assert world["other"].get(f"/programs/{world['pid']}/outcomes").json()["clients_in_scope"] == 0
    text = world["sup"].get(f"/programs/{world['pid']}/outcomes?format=csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert next(r for r in rows if r["domain"] == "housing")["improved_clients"] == world["cid"]
    assert world["sup"].get(f"/programs/{world['pid']}/outcomes?from=2026-05-01&to=2026-01-01").status_code == 400


def test_narrative_trends_and_flag_trends(world) -> None:  # type: ignore[no-untyped-def]
    res = world["sup"].get("/trends", params={"q": "sleeping in a car", "interval": "month", "from": "2026-01-01"})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["series"][0]["interval_start"] == "2026-01-01" and body["series"][0]["notes"] >= 1
    assert "car" in body["examples"][0]["text"] and "Odessa" not in res.text
    assert world["other"].get("/trends", params={"q": "sleeping in a car"}).json()["series"] == []
    flags = world["cm"].get("/trends/flags", params={"interval": "week"}).json()["series"]
    assert any(f["category"] == "housing_loss" for f in flags)
    assert world["cm"].get("/trends", params={"q": "car", "interval": "year"}).status_code == 422


def test_citation_audit(world) -> None:  # type: ignore[no-untyped-def]
    ev = world["ev"]
    sample = ev.get("/audit/citations", params={"framework": "self-sufficiency", "sample": 3}).json()
    assert len(sample["sample"]) == 3 and sample["population"] >= 3
    sid = sample["sample"][0]["score_id"]
    detail = ev.get(f"/scores/{sid}").json()
    for c in detail["citations"]:
        assert detail["redacted_text"][c["start"] : c["end"]] == c["text"]
    assert "Odessa" not in str(detail)
    assert world["cm"].post(f"/scores/{sid}/reviews", json={"verdict": "supports"}).status_code == 403
    assert ev.post(f"/scores/{sid}/reviews", json={"verdict": "maybe"}).status_code == 422
    assert ev.post(f"/scores/{sid}/reviews", json={"verdict": "partly", "comment": "half"}).status_code == 201
    again = ev.get("/audit/citations", params={"framework": "self-sufficiency", "sample": 50}).json()
    dom = detail["domain"]
    assert again["agreement"][dom] == {"reviews": 1, "rate": 0.5}
    assert again["sample"][-1]["score_id"] == sid  # reviewed scores come last
