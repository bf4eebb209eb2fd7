"""Server-rendered pages: login by cookie, CSRF on forms, escaping, role-specific pages."""

from __future__ import annotations

import re

import pytest

from service.models import Role


@pytest.fixture
def site(make_actor, client):  # type: ignore[no-untyped-def]
    admin = make_actor("admin", Role.admin, password="admin-password")
    cm = make_actor("casey", Role.case_manager, team="east", password="casey-password")
    make_actor("other", Role.case_manager, team="west", password="other-password")
    make_actor("evie", Role.evaluator, password="evie-password")
    pid = admin.post("/programs", json={"name": "Housing"}).json()["id"]
    cid = cm.post("/clients", json={"first_name": "Odessa", "last_name": "Villanueva", "program_id": pid,
                                    "intake_date": "2026-01-05"}).json()["id"]
    return {"cid": cid, "http": client}


def _login(http, username: str, password: str) -> str:  # type: ignore[no-untyped-def]
    http.cookies.clear()
    res = http.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    assert res.status_code == 303, res.text
    page = http.get(res.headers["location"])
    return page.text


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]


def test_login_required_and_wrong_password(site) -> None:  # type: ignore[no-untyped-def]
    http = site["http"]
    assert http.get("/ui/caseload", follow_redirects=False).headers["location"] == "/login"
    res = http.post("/login", data={"username": "casey", "password": "nope-nope"})
    assert "Wrong username or password" in res.text


def test_note_form_escapes_script_and_shows_flags(site) -> None:  # type: ignore[no-untyped-def]
    http = site["http"]
    html = _login(http, "casey", "casey-password")
    assert "Odessa Villanueva" in html
    page = http.get(f"/ui/clients/{site['cid']}").text
    text = "<script>alert(1)</script> Landlord filed for eviction last week and she is sleeping in her car."
    bad = http.post(f"/ui/clients/{site['cid']}/notes", data={"text": text, "contact_date": "2026-02-01",
                                                             "csrf": "forged"})
    assert bad.status_code == 403
    res = http.post(f"/ui/clients/{site['cid']}/notes", data={"text": text, "contact_date": "2026-02-01",
                                                             "wave": "monitoring", "csrf": _csrf(page)})
    assert res.status_code == 200 and "/ui/notes/" in str(res.url)
    assert "<script>alert(1)</script>" not in res.text and "&lt;script&gt;" in res.text
    assert "housing_loss" in res.text and "<mark" in res.text
    ack = http.post(re.search(r'action="(/ui/flags/\d+/acknowledge)"', res.text).group(1),  # type: ignore[union-attr]
                    data={"comment": "called", "csrf": _csrf(res.text), "next": str(res.url.path)})
    assert "acknowledged" in ack.text


def test_roles_see_their_pages(site) -> None:  # type: ignore[no-untyped-def]
    http = site["http"]
    assert "Odessa" not in _login(http, "other", "other-password")
    assert http.get(f"/ui/clients/{site['cid']}").status_code == 403
    sup_page = http.get("/ui/trends")
    assert sup_page.status_code == 403  # a case manager has no trends page
    html = _login(http, "evie", "evie-password")
    trends = http.get("/ui/trends", params={"q": "eviction", "from": "2026-01-01", "interval": "month"})
    assert trends.status_code == 200 and "Narrative trends" in trends.text
    assert http.get("/ui/trends", params={"q": "x", "from": "not-a-date"}).status_code == 422
    assert "Citation audit" in html
    assert http.get("/ui/caseload").status_code == 403
    assert http.get(f"/ui/clients/{site['cid']}").status_code == 403
