"""One flow per role in Debian's Chromium driven by Playwright, against a real server on loopback.
Screenshots are saved under test-artifacts/ as evidence."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from service.api.app import create_app
from service.db import make_engine
from service.migrate import upgrade
from service.runtime import Runtime
from service.users import create_user
from service.vectors import EdgeVectorStore

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make setup)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(base_settings, pipeline, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp / 'ui.db'}"
    upgrade(url)
    settings = base_settings.model_copy(update={"database_url": url, "data_dir": tmp})
    rt = Runtime(settings, vectors=EdgeVectorStore(tmp / "edge", pipeline.embedder.dim))
    rt.__dict__["pipeline"] = pipeline
    engine = make_engine(url)
    from sqlmodel import Session

    from service.clients import create_client
    from service.programs import create_program
    from service.schemas import ClientIn, ProgramIn

    with Session(engine) as db:
        admin = create_user(db, "admin", "admin", password="admin-password")
        cm = create_user(db, "casey", "case_manager", team="east", password="casey-password", display_name="Casey")
        create_user(db, "sam", "supervisor", team="east", password="sam-password", display_name="Sam")
        create_user(db, "evie", "evaluator", password="evie-password", display_name="Evie")
        program = create_program(db, rt, ProgramIn(name="Housing"))
        db.commit()
        create_client(db, cm, ClientIn(first_name="Odessa", last_name="Villanueva", program_id=program.id,
                                       intake_date="2026-01-05"))
        db.commit()
        assert admin.id
    port = _free_port()
    config = uvicorn.Config(create_app(rt, engine), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    rt.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def _login(page, base: str, user: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # keyboard use works
    page.wait_for_load_state()


def test_case_manager_saves_a_note_and_sees_its_flag(server, browser) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page()
    _login(page, server, "casey", "casey-password")
    page.get_by_role("link", name="Odessa Villanueva").click()
    page.get_by_label("Note").fill("<script>window.pwned=1</script> Landlord filed for eviction last week. "
                                   "Odessa has been sleeping in her car since Friday.")
    page.get_by_role("button", name="Save note").click()
    page.wait_for_url("**/ui/notes/*")
    assert page.get_by_label("flag housing_loss").is_visible()
    assert page.locator("#note-text mark").count() >= 1
    assert page.evaluate("window.pwned") is None and "<script>" in page.locator("#note-text").inner_text()
    assert "Odessa" not in page.locator("#note-text").inner_text()
    page.screenshot(path=str(ARTIFACTS / "case-manager-note.png"), full_page=True)
    page.get_by_role("button", name="Acknowledge").first.click()
    assert "acknowledged" in page.content()
    page.close()


def test_supervisor_sees_team_flags_and_trend(server, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    _login(page, server, "sam", "sam-password")
    assert "Open flags" in page.title()
    page.get_by_role("link", name="Trends").click()
    page.get_by_label("What are notes saying?").fill("sleeping in a car")
    page.get_by_role("button", name="Show trend").click()
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=str(ARTIFACTS / "supervisor-trends.png"), full_page=True)
    page.close()


def test_evaluator_reviews_a_citation(server, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    _login(page, server, "evie", "evie-password")
    assert "Citation audit" in page.title()
    assert "Odessa" not in page.content()
    page.get_by_role("button", name="Supports").first.click()
    assert "Agreement so far" in page.content()
    page.screenshot(path=str(ARTIFACTS / "evaluator-audit.png"), full_page=True)
    page.close()
