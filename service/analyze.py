"""`caselens analyze`: JSONL in, JSONL out, per ../shared/specs/batch-analysis.md. Bad lines get an
`error` field and the run goes on; notes are analysed in batches so the models see many sentences."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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


def analyze_stream(
    pipeline: Pipeline, lines: Iterable[str] | Iterable[bytes], out: IO[str], framework_id: str, max_chars: int,
    batch_size: int = 16, progress: Any = None,
) -> BatchStats:
    """Batches are redacted and parsed one step ahead in a worker thread while the previous batch is
    embedded, scored and flagged (torch releases the GIL), so both cores get work."""
    stats = BatchStats()
    pending: list[tuple[list[Any], Future | None]] = []  # (items, redaction future) in input order

    def finish(items: list[Any], fut: Future | None) -> None:
        rows = [x for x in items if "error" not in x]
        results: list[NoteAnalysis] | None = None
        if rows:
            try:
                prepared = fut.result() if fut else None
            except Exception:  # noqa: BLE001 - a worker failure falls back to per-note analysis below
                prepared = None
            try:
                results = pipeline.analyze_many([r["text"] for r in rows], None, framework_id, prepared=prepared)
            except StageError:
                results = None
        it = iter(results) if results is not None else None
        for x in items:
            if "error" in x:
                stats.failed += 1
                _write(out, x)
            elif it is not None:
                _write(out, result_line(x, next(it)))
            else:  # isolate the failing note; the others still get their results
                try:
                    _write(out, result_line(x, pipeline.analyze(x["text"], (), framework_id)))
                except StageError as exc:
                    stats.failed += 1
                    _write(out, {"id": x["id"], "error": f"analysis failed: {exc}"})
        if progress is not None:
            progress.update(len(items))

    def submit(items: list[Any]) -> None:
        texts = [x["text"] for x in items if "error" not in x]
        fut = ahead.submit(pipeline.redact_many, texts) if texts else None
        pending.append((items, fut))
        while len(pending) > 1:  # keep one batch redacting ahead of the one being analysed
            finish(*pending.pop(0))

    items: list[Any] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="redact") as ahead:
        for lineno, line in enumerate(_lines(lines), start=1):
            if not line.strip():
                continue
            stats.total += 1
            row, err = _parse(line, lineno, max_chars)
            items.append(err if err is not None else row)
            if len(items) >= batch_size:
                submit(items)
                items = []
        if items:
            submit(items)
        while pending:
            finish(*pending.pop(0))
    return stats


def _lines(src: Iterable[str] | Iterable[bytes]) -> Iterator[str | bytes]:
    for line in src:
        yield line.rstrip(b"\r\n" if isinstance(line, bytes) else "\r\n")


def _write(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush() if out is sys.stdout else None
