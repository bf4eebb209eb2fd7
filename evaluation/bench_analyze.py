"""Benchmark `caselens analyze` end to end: notes per second and peak memory of the real command on
200-word notes, plus an in-process breakdown of where the time goes per stage.

    python -m evaluation.bench_analyze --notes 300      # writes evaluation/out/bench_analyze.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaluation.datasets.redaction_synth import generate
from evaluation.provenance import environment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).parent / "out"


def make_notes(n: int, words: int = 200) -> list[dict]:
    dev = [json.loads(x)["text"] for x in (SHARED / "dev-notes.jsonl").read_text().splitlines() if x.strip()]
    pool = (" ".join(dev) + " " + " ".join(x.text for x in generate(200))).split(" ")
    return [{"id": f"b-{i}", "text": " ".join(pool[(i * 173) % (len(pool) - words):][:words])} for i in range(n)]


def run_cli(notes: list[dict], workers: int = 0, runs: int = 3) -> dict:
    """Wall time of the real command (median of `runs` unobserved runs), then its memory in one more run
    watched from /proc. Watching perturbs the timing: reading smaps of a 1.5 GB process tree ten times a
    second took ~25 % of this 2-core machine, so no timed run is observed. Memory is the sum over the
    process tree: workers share the parent's models copy-on-write, so the PSS sum (shared pages split
    between sharers) is the honest total and the RSS sum an upper bound."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("\n".join(json.dumps(n) for n in notes) + "\n")
        cmd = [sys.executable, "-m", "service.cli", "analyze", "--input", str(src), "--output", str(dst),
               "--workers", str(workers)]
        walls, codes = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            codes.append(subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
            walls.append(time.perf_counter() - t0)
        lines = dst.read_text().splitlines()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak_pss = peak_rss = 0
        while proc.poll() is None:
            pss, rss = _tree_memory_kb(proc.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            time.sleep(0.1)
    wall = statistics.median(walls)
    return {"notes": len(notes), "workers": workers or "auto", "exit_codes": codes + [proc.returncode],
            "output_lines": len(lines), "wall_s_runs": [round(w, 2) for w in walls], "wall_s": round(wall, 2),
            "notes_per_s": round(len(notes) / wall, 2), "notes_per_s_slowest_run": round(len(notes) / max(walls), 2),
            "peak_pss_total_mb": round(peak_pss / 1024, 1), "peak_rss_sum_mb": round(peak_rss / 1024, 1)}


def _tree_memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB summed over a process and its descendants, from /proc."""
    pss = rss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return pss, rss


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
        vecs = p.embed_sentences([s.text for ss in sents for s in ss])
        t3 = time.perf_counter()
        docs = [p.parser(ss) for ss in sents]
        t4 = time.perf_counter()
        k = 0
        for r, ss, d in zip(reds, sents, docs, strict=True):
            v = vecs[k : k + len(ss)]
            k += len(ss)
            ta = time.perf_counter()
            flags = p.risk.detect(r.redacted, ss, v, d)
            tb = time.perf_counter()
            p.scorer.score("self-sufficiency", r.redacted, ss, v, d, flags)
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
    report = {"cli": run_cli(notes), "cli_one_process": run_cli(notes, workers=1),
              "stages_single_process": stage_breakdown(notes[:120])}
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_analyze.json").write_text(json.dumps({**report, "environment": environment()}, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
