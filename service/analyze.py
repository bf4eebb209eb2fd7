"""`caselens analyze`: JSONL in, JSONL out, per ../shared/specs/batch-analysis.md. Bad lines get an
`error` field and the run goes on; notes are analysed in batches so the models see many sentences."""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from nlp.pipeline import NoteAnalysis, Pipeline, StageError


@dataclass(slots=True)
class BatchStats:
    total: int = 0
    failed: int = 0


def _parse(line: str | bytes, lineno: int, max_chars: int) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return None, {"id": None, "line": lineno, "error": f"line {lineno} is not valid UTF-8: {exc.reason}"}
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, {"id": None, "line": lineno, "error": f"line {lineno} is not valid JSON: {exc.msg}"}
    if not isinstance(row, dict):
        return None, {"id": None, "line": lineno, "error": f"line {lineno} is not a JSON object"}
    rid = row.get("id")
    text = row.get("text")
    if "text" not in row:
        return None, {"id": rid, "line": lineno, "error": "missing required field `text`"}
    if not isinstance(text, str):
        return None, {"id": rid, "line": lineno, "error": "`text` must be a string"}
    if not text.strip():
        return None, {"id": rid, "line": lineno, "error": "`text` is empty"}
    if len(text) > max_chars:
        return None, {"id": rid, "line": lineno,
                      "error": f"`text` is {len(text)} characters; the limit is {max_chars}"}
    if rid is None:
        return None, {"id": None, "line": lineno, "error": "missing required field `id`"}
    return row, None


def result_line(row: dict[str, Any], a: NoteAnalysis) -> dict[str, Any]:
    red = a.redaction.redacted
    return {
        "id": row["id"],
        "redacted_text": red,
        "pii": [{"start": s.start, "end": s.end, "entity": s.entity, "placeholder": s.placeholder}
                for s in a.redaction.spans],
        "risk_flags": [
            {"category": f.category, "severity": f.severity, "severity_rule": f.severity_rule,
             "evidence": [{"start": e.start, "end": e.end, "text": red[e.start : e.end]} for e in f.evidence]}
            for f in a.flags
        ],
        "scores": [
            {"domain": s.domain, "level": s.level, "confidence": round(s.confidence, 3),
             "citations": [{"start": c.start, "end": c.end, "text": red[c.start : c.end]} for c in s.citations]}
            for s in a.scores
        ],
        "versions": {
            "framework": f"{a.framework_id}@{a.framework_version}" if a.framework_id else None,
            "pipeline": a.pipeline_version,
        },
        **{k: row[k] for k in ("client_id", "date", "wave") if k in row},
    }


def analyze_items(pipeline: Pipeline, items: list[dict[str, Any]], framework_id: str,
                  prepared: list[Any] | None = None) -> list[dict[str, Any]]:
    """Output objects for one batch, in input order: parse errors pass through, a batch whose analysis
    fails is retried note by note so one bad note cannot take the others' results with it."""
    rows = [x for x in items if "error" not in x]
    results: list[NoteAnalysis] | None = None
    if rows:
        try:
            results = pipeline.analyze_many([r["text"] for r in rows], None, framework_id, prepared=prepared)
        except StageError:
            results = None
    it = iter(results) if results is not None else None
    out: list[dict[str, Any]] = []
    for x in items:
        if "error" in x:
            out.append(x)
        elif it is not None:
            out.append(result_line(x, next(it)))
        else:
            try:
                out.append(result_line(x, pipeline.analyze(x["text"], (), framework_id)))
            except StageError as exc:
                out.append({"id": x["id"], "error": f"analysis failed: {exc}"})
    return out


def analyze_stream(
    pipeline: Pipeline, lines: Iterable[str] | Iterable[bytes], out: IO[str], framework_id: str, max_chars: int,
    batch_size: int = 16, progress: Any = None, workers: int = 1,
) -> BatchStats:
    """With `workers` > 1 (and fork available) batches go to forked worker processes that share the loaded
    models; otherwise batches are redacted and parsed one step ahead in a thread while the previous batch
    is embedded, scored and flagged."""
    stats = BatchStats()

    def emit(objs: list[dict[str, Any]]) -> None:
        for obj in objs:
            stats.failed += int("error" in obj)
            _write(out, obj)
        if progress is not None:
            progress.update(len(objs))

    def batches() -> Iterator[list[dict[str, Any]]]:
        items: list[dict[str, Any]] = []
        for lineno, line in enumerate(_lines(lines), start=1):
            if not line.strip():
                continue
            stats.total += 1
            row, err = _parse(line, lineno, max_chars)
            items.append(err if err is not None else row)  # type: ignore[arg-type]
            if len(items) >= batch_size:
                yield items
                items = []
        if items:
            yield items

    if workers > 1 and "fork" in mp.get_all_start_methods():
        _run_forked(pipeline, batches(), framework_id, workers, emit)
    else:
        _run_threaded(pipeline, batches(), framework_id, emit)
    return stats


Items = list[dict[str, Any]]


def _in_order(batches: Iterator[Items], start: Callable[[Items], Future | None],
              finish: Callable[[Items, Future | None], Items], ahead: int, emit: Callable[[Items], None]) -> None:
    """Start each batch as it is read and emit finished batches in input order, keeping at most `ahead`
    batches in flight so the input is read only as fast as it is analysed."""
    pending: deque[tuple[Items, Future | None]] = deque()
    for items in batches:
        pending.append((items, start(items)))
        while len(pending) > ahead:
            emit(finish(*pending.popleft()))
    while pending:
        emit(finish(*pending.popleft()))


def _run_threaded(pipeline: Pipeline, batches: Iterator[Items], framework_id: str,
                  emit: Callable[[Items], None]) -> None:
    def finish(items: Items, fut: Future | None) -> Items:
        try:
            prepared = fut.result() if fut else None
        except Exception:  # noqa: BLE001 - a look-ahead failure falls back to analysis in this thread
            prepared = None
        return analyze_items(pipeline, items, framework_id, prepared)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="redact") as look_ahead:
        def start(items: Items) -> Future | None:
            texts = [x["text"] for x in items if "error" not in x]
            return look_ahead.submit(pipeline.redact_many, texts) if texts else None

        _in_order(batches, start, finish, 1, emit)  # one batch redacting ahead of the one being analysed


# Forked workers inherit the parent's loaded pipeline (copy-on-write) instead of loading their own.
_FORKED_PIPELINE: Pipeline | None = None


def _forked_init() -> None:
    import torch

    torch.set_num_threads(1)  # one core per worker process


def _forked_batch(items: Items, framework_id: str) -> Items:
    assert _FORKED_PIPELINE is not None
    return analyze_items(_FORKED_PIPELINE, items, framework_id)


def _run_forked(pipeline: Pipeline, batches: Iterator[Items], framework_id: str, workers: int,
                emit: Callable[[Items], None]) -> None:
    global _FORKED_PIPELINE
    _FORKED_PIPELINE = pipeline
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"), initializer=_forked_init) as pool:
            _in_order(batches, lambda items: pool.submit(_forked_batch, items, framework_id), _forked_result,
                      2 * workers, emit)
    finally:
        _FORKED_PIPELINE = None


def _forked_result(items: Items, fut: Future | None) -> Items:
    assert fut is not None
    try:
        return fut.result()
    except Exception as exc:  # noqa: BLE001 - a dead worker fails its batch's notes, never the whole run
        return [x if "error" in x else {"id": x.get("id"), "error": f"analysis failed: worker error: {exc}"}
                for x in items]


def _lines(src: Iterable[str] | Iterable[bytes]) -> Iterator[str | bytes]:
    for line in src:
        yield line.rstrip(b"\r\n" if isinstance(line, bytes) else "\r\n")


def _write(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush() if out is sys.stdout else None
