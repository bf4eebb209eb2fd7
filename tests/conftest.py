"""Shared fixtures: real SQLite and PostgreSQL databases (migrated with Alembic), a real pipeline
(spaCy, MiniLM, Presidio) loaded once, and Qdrant Edge in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

os.environ["HF_HUB_OFFLINE"] = "1"

from service.api.app import create_app  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.models import Role, User  # noqa: E402
from service.runtime import Runtime, build_pipeline  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.users import create_user, issue_token  # noqa: E402
from service.vectors import EdgeVectorStore  # noqa: E402

PG_URL = os.environ.get("CASELENS_TEST_DATABASE_URL")
PG_SCHEMA = "caselens_test"
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])


def _pg_url_with_schema(url: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{PG_SCHEMA}"


@pytest.fixture(scope="session")
def base_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("caselens-data")
    return Settings(data_dir=data, encryption_key=Fernet.generate_key().decode())


@pytest.fixture(scope="session")
def pipeline(base_settings: Settings):  # type: ignore[no-untyped-def]
    return build_pipeline(base_settings)


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
    else:
        admin = make_engine(PG_URL)  # type: ignore[arg-type]
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
        admin.dispose()
        url = _pg_url_with_schema(PG_URL)  # type: ignore[arg-type]
    upgrade(url)
    yield url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on a freshly emptied database."""
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def settings(base_settings: Settings, db_url: str, tmp_path: Path) -> Settings:
    return base_settings.model_copy(update={"database_url": db_url, "data_dir": tmp_path})


@pytest.fixture
def runtime(settings: Settings, pipeline, tmp_path: Path) -> Iterator[Runtime]:  # type: ignore[no-untyped-def]
    rt = Runtime(settings, vectors=EdgeVectorStore(tmp_path / "edge", pipeline.embedder.dim))
    rt.__dict__["pipeline"] = pipeline
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime, engine: Engine, db: Session) -> Iterator[TestClient]:
    app = create_app(runtime, engine)
    with TestClient(app) as c:
        yield c


class Actor:
    """A user with a token, and request helpers that send it."""

    def __init__(self, http: TestClient, user: User, token: str) -> None:
        self.http, self.user, self.token = http, user, token
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.http.get(url, headers=self.headers, **kw)

    def post(self, url: str, **kw):  # type: ignore[no-untyped-def]
        return self.http.post(url, headers=self.headers, **kw)


@pytest.fixture
def make_actor(client: TestClient, db: Session):  # type: ignore[no-untyped-def]
    def _make(username: str, role: Role, team: str | None = None, password: str | None = None) -> Actor:
        user = create_user(db, username, role.value, team=team, password=password)
        token = issue_token(db, user)
        db.commit()
        return Actor(client, user, token)

    return _make
