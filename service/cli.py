"""`caselens` command line: one entry point, --help on every command."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.settings import get_settings

app = typer.Typer(help="CaseLens: case-note intelligence for human-services programs.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
users_app = typer.Typer(help="Manage users and their API tokens.", no_args_is_help=True)
demo_app = typer.Typer(help="The demo program and synthetic caseload.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)
fw_app = typer.Typer(help="Outcome frameworks.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")
app.add_typer(db_app, name="db")
app.add_typer(fw_app, name="frameworks")


def _setup_logging() -> None:
    logging.basicConfig(level=get_settings().log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations to the configured database (CASELENS_DATABASE_URL)."""
    from service.migrate import upgrade

    upgrade(get_settings().resolved_database_url, revision)
    typer.echo(f"database at {revision}")


@app.command()
def serve(host: Annotated[str | None, typer.Option()] = None, port: Annotated[int | None, typer.Option()] = None,
          migrate: bool = True) -> None:
    """Run the API (and web pages) with uvicorn."""
    import uvicorn

    from service.api.app import create_app
    from service.migrate import upgrade

    _setup_logging()
    s = get_settings()
    if migrate:
        upgrade(s.resolved_database_url)
    uvicorn.run(create_app(), host=host or s.host, port=port or s.port, log_level=s.log_level.lower())


@users_app.command("create")
def users_create(
    name: Annotated[str, typer.Option(help="Username")],
    role: Annotated[str, typer.Option(help="case_manager | supervisor | evaluator | admin")],
    team: Annotated[str | None, typer.Option(help="Team (supervisors see their team's clients)")] = None,
    password: Annotated[str | None, typer.Option(help="Password for web login (optional)")] = None,
    display_name: str = "",
) -> None:
    """Create a user and print a bearer token for the API."""
    from service.db import session_scope
    from service.errors import ServiceError
    from service.users import create_user, issue_token

    with session_scope() as db:
        try:
            user = create_user(db, name, role, team=team, password=password, display_name=display_name)
        except ServiceError as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            raise typer.Exit(2) from exc
        token = issue_token(db, user)
        db.commit()
    typer.echo(token)


@demo_app.command("load")
def demo_load(force: bool = typer.Option(False, help="Load even if the database already has clients.")) -> None:
    """Load the demo program, users and synthetic caseload into an empty database."""
    from service.demo import load_demo

    _setup_logging()
    typer.echo(load_demo(force=force))


@app.command()
def reindex() -> None:
    """Rebuild the vector store from the SQL store (the source of truth)."""
    from sqlmodel import select
    from tqdm import tqdm

    from service.db import session_scope
    from service.models import Note, NoteStatus
    from service.notes import index_note
    from service.runtime import get_runtime

    rt = get_runtime()
    rt.vectors.reset()
    with session_scope() as db:
        notes = db.exec(select(Note).where(Note.status == NoteStatus.processed)).all()
        for note in tqdm(notes, desc="reindex", unit="note", disable=not sys.stderr.isatty()):
            index_note(rt, note)
    rt.close()
    typer.echo(f"reindexed {len(notes)} notes")


@app.command()
def reprocess(
    all_notes: Annotated[bool, typer.Option("--all", help="Reprocess every note, not only failed")] = False,
    note_id: Annotated[list[int] | None, typer.Option("--note", help="Reprocess this note id")] = None,
) -> None:
    """Re-run the pipeline on failed notes (or all / given ones); flag history is kept."""
    from sqlmodel import select
    from tqdm import tqdm

    from service.db import session_scope
    from service.models import Note, NoteStatus
    from service.notes import process_note
    from service.runtime import get_runtime

    rt = get_runtime()
    ok = failed = 0
    with session_scope() as db:
        stmt = select(Note)
        if note_id:
            stmt = stmt.where(Note.id.in_(note_id))
        elif not all_notes:
            stmt = stmt.where(Note.status != NoteStatus.processed)
        for note in tqdm(db.exec(stmt).all(), desc="reprocess", unit="note", disable=not sys.stderr.isatty()):
            process_note(db, rt, note)
            ok, failed = (ok + 1, failed) if note.status == NoteStatus.processed else (ok, failed + 1)
    rt.close()
    typer.echo(f"processed {ok}, failed {failed}")
    if failed:
        raise typer.Exit(1)


@app.command()
def analyze(
    framework: Annotated[str, typer.Option(help="Framework id to score against")] = "self-sufficiency",
    input: Annotated[str, typer.Option("--input", "-i", help="JSONL file, or - for stdin")] = "-",
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL file, or - for stdout")] = "-",
    batch_size: int = 16,
    workers: Annotated[int, typer.Option(help="Worker processes sharing the loaded models; 0 = one per core, "
                                               "at most 2")] = 0,
) -> None:
    """Analyse notes offline: JSONL in, JSONL out (redaction, risk flags, scores with citations)."""
    from tqdm import tqdm

    from service.analyze import analyze_stream
    from service.frameworks import get_framework
    from service.runtime import build_pipeline

    s = get_settings()
    try:
        get_framework(s.frameworks_dir, framework)
    except Exception as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    src = sys.stdin.buffer if input == "-" else _open_input(input)
    dst = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    pipeline = build_pipeline(s)
    progress = tqdm(desc="analyze", unit="note", file=sys.stderr, disable=not sys.stderr.isatty())
    try:
        n_workers = workers or min(2, os.cpu_count() or 1)
        stats = analyze_stream(pipeline, src, dst, framework, s.max_note_chars, batch_size, progress, n_workers)
    finally:
        progress.close()
        if dst is not sys.stdout:
            dst.close()
    typer.echo(f"{stats.total} notes, {stats.failed} failed", err=True)
    if stats.failed:
        raise typer.Exit(1)


def _open_input(path: str):  # type: ignore[no-untyped-def]
    p = Path(path)
    if not p.is_file():
        typer.echo(f"error: input file {path} not found", err=True)
        raise typer.Exit(2)
    return p.open("rb")


@fw_app.command("validate")
def frameworks_validate(files: list[Path]) -> None:
    """Check framework YAML files; prints every problem with its location."""
    from nlp.frameworks import validate_file

    bad = 0
    for f in files:
        problems = validate_file(f)
        for p in problems:
            typer.echo(p)
        if problems:
            bad += 1
        else:
            typer.echo(f"{f}: ok")
    if bad:
        raise typer.Exit(1)


@fw_app.command("list")
def frameworks_list() -> None:
    """List the frameworks shipped in CASELENS_FRAMEWORKS_DIR."""
    from nlp.frameworks import load_frameworks

    for fw in load_frameworks(get_settings().frameworks_dir).values():
        typer.echo(json.dumps({"id": fw.id, "version": fw.version, "name": fw.name,
                               "domains": [d.id for d in fw.domains]}))


if __name__ == "__main__":
    app()
