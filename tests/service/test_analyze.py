"""`caselens analyze` per the batch contract: JSONL in and out, per-line errors, non-zero exit."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from service.analyze import analyze_stream


def test_stream_contract(pipeline) -> None:  # type: ignore[no-untyped-def]
    lines = [
        json.dumps({"id": "n-1", "text": "Cl Rosalind Achterberg (DOB 2/11/1984) says the landlord served an "
                    "eviction notice last week. Phone 555-318-2207.", "date": "2026-03-02", "wave": "intake"}),
        "{not json",
        json.dumps({"id": "n-2"}),
        json.dumps({"id": "n-3", "text": "   "}),
        json.dumps({"id": "n-4", "text": "x " * 150}),
        b"\xff\xfe".decode("latin-1"),
    ]
    out = io.StringIO()
    stats = analyze_stream(pipeline, lines, out, "self-sufficiency", max_chars=200)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert stats.total == 6 and stats.failed == 5
    errors = {r.get("id"): r["error"] for r in rows if "error" in r}
    assert "not valid JSON" in [e for e in errors.values() if "JSON" in e][0]
    assert "missing required field `text`" == errors["n-2"]
    assert "empty" in errors["n-3"] and "limit" in errors["n-4"]


def test_stream_output_offsets(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Cl Rosalind Achterberg (DOB 2/11/1984) has been sleeping in her car since Tuesday. "
            "Works part time, about 20 hrs a week. Denies SI.")
    out = io.StringIO()
    analyze_stream(pipeline, [json.dumps({"id": "a", "text": text})], out, "self-sufficiency", 20000)
    row = json.loads(out.getvalue())
    assert "Rosalind" not in row["redacted_text"]
    for p in row["pii"]:
        assert text[p["start"] : p["end"]].strip()
    for f in row["risk_flags"]:
        for e in f["evidence"]:
            assert row["redacted_text"][e["start"] : e["end"]] == e["text"]
    assert {f["category"] for f in row["risk_flags"]} == {"housing_loss"}
    for s in row["scores"]:
        assert 1 <= s["level"] <= 5 and s["citations"]
        for c in s["citations"]:
            assert row["redacted_text"][c["start"] : c["end"]] == c["text"]
    assert row["versions"]["framework"] == "self-sufficiency@1" and row["versions"]["pipeline"]


def test_cli_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "1", "text": "Landlord filed for eviction, court date Tuesday."}\n{"id": "2"}\n'
                    b'{"id": "3", "text": "bad \xff utf8"}\n')
    dst = tmp_path / "out.jsonl"
    res = subprocess.run([sys.executable, "-m", "service.cli", "analyze", "--input", str(src), "--output", str(dst)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    rows = [json.loads(x) for x in dst.read_text().splitlines()]
    assert rows[0]["id"] == "1" and rows[0]["risk_flags"][0]["category"] == "housing_loss"
    assert "error" in rows[1] and "UTF-8" in rows[2]["error"]
    bad = subprocess.run([sys.executable, "-m", "service.cli", "analyze", "--framework", "nope", "--input", str(src)],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "not found" in bad.stderr


def test_worker_processes_match_the_single_process_path(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Forked workers must give the same lines, in input order, errors included (confidences may differ in
    the last digit: a worker runs torch on one thread)."""
    texts = ["She has been sleeping in her car since Friday.", "Rent paid, started a new job at the clinic.",
             "Denies SI/HI. Relapsed on alcohol over the weekend.", "Missed two appointments, phone disconnected."]
    lines = [json.dumps({"id": f"n-{i}", "text": t}) for i, t in enumerate(texts * 3)]
    lines.insert(5, "{broken")
    single, forked = io.StringIO(), io.StringIO()
    s1 = analyze_stream(pipeline, lines, single, "self-sufficiency", 20000, batch_size=2, workers=1)
    s2 = analyze_stream(pipeline, lines, forked, "self-sufficiency", 20000, batch_size=2, workers=2)
    assert (s1.total, s1.failed) == (s2.total, s2.failed) == (13, 1)
    assert _strip_confidence(forked.getvalue()) == _strip_confidence(single.getvalue())
    assert [json.loads(x).get("id") for x in forked.getvalue().splitlines()][:6] == [
        "n-0", "n-1", "n-2", "n-3", "n-4", None]


def _strip_confidence(jsonl: str) -> list[dict]:
    rows = [json.loads(x) for x in jsonl.splitlines()]
    for r in rows:
        for sc in r.get("scores", []):
            sc.pop("confidence")
    return rows
