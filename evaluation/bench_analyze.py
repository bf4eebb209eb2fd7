"""Benchmark `caselens analyze` end to end: notes per second and peak memory of the real command on
200-word notes, plus an in-process breakdown of where the time goes per stage.

    python -m evaluation.bench_analyze --notes 300      # writes evaluation/out/bench_analyze.json
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaluation.datasets.redaction_synth import generate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).parent / "out"


def make_notes(n: int, words: int = 200) -> list[dict]:
    dev = [json.loads(x)["text"] for x in (SHARED / "dev-notes.jsonl").read_text().splitlines() if x.strip()]
    pool = (" ".join(dev) + " " + " ".join(x.text for x in generate(200))).split(" ")
    return [{"id": f"b-{i}", "text": " ".join(pool[(i * 173) % (len(pool) - words):][:words])} for i in range(n)]


def run_cli(notes: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("\n".join(json.dumps(n) for n in notes) + "\n")
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "service.cli", "analyze", "--input", str(src), "--output",
                              str(dst)], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lines = dst.read_text().splitlines()
    return {"notes": len(notes), "exit_code": res.returncode, "output_lines": len(lines),
            "wall_s": round(wall, 2), "notes_per_s": round(len(notes) / wall, 2),
            "peak_rss_mb": round(peak_kb / 1024, 1)}


def stage_breakdown(notes: list[dict]) -> dict:
    from service.runtime import build_pipeline
    from service.settings import get_settings

    p = build_pipeline(get_settings())
    p.analyze_many([n["text"] for n in notes[:8]], None, "self-sufficiency")  # warm-up, model fitting
    t = dict.fromkeys(("redact", "segment", "embed", "parse", "risk", "score"), 0.0)
    batch = 16
    for i in range(0, len(notes), batch):
        texts = [n["text"] for n in notes[i : i + batch]]
        t0 = time.perf_counter()
        reds = [p.redactor.redact(x) for x in texts]
        t1 = time.perf_counter()
        sents = [p.segmenter(r.redacted) for r in reds]
        t2 = time.perf_counter()
        vecs = p.embedder([s.text for ss in sents for s in ss])
        t3 = time.perf_counter()
        docs = [p.parser(ss) for ss in sents]
        t4 = time.perf_counter()
        k = 0
        for r, ss, d in zip(reds, sents, docs, strict=True):
            v = vecs[k : k + len(ss)]
            k += len(ss)
            ta = time.perf_counter()
            p.risk.detect(r.redacted, ss, v, d)
            tb = time.perf_counter()
            p.scorer.score("self-sufficiency", r.redacted, ss, v, d)
            tc = time.perf_counter()
            t["risk"] += tb - ta
            t["score"] += tc - tb
        t["redact"] += t1 - t0
        t["segment"] += t2 - t1
        t["embed"] += t3 - t2
        t["parse"] += t4 - t3
    n = len(notes)
    total = sum(t.values())
    return {"ms_per_note": {k: round(v / n * 1000, 1) for k, v in t.items()},
            "share": {k: round(v / total, 3) for k, v in t.items()}, "total_ms_per_note": round(total / n * 1000, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--notes", type=int, default=300)
    args = ap.parse_args()
    notes = make_notes(args.notes)
    report = {"cli": run_cli(notes), "stages_single_process": stage_breakdown(notes[:120])}
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_analyze.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
