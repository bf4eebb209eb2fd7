"""Redaction harness: CaseLens profile vs stock Presidio (default recognisers, same spaCy model).

    python -m evaluation.redaction_eval            # writes evaluation/out/redaction.json

Entity-level recall (a gold span is caught when >= 90% of its characters are redacted), precision
(a redacted span is right when it overlaps a gold identifier), verbatim leaks (a gold identifier
string still present in the redacted text), on the shared dev notes and our generated set; the
Presidio synthetic peer set; p50/p95 latency for 200-word notes on one core after warm-up."""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from evaluation.datasets.redaction_synth import generate  # noqa: E402
from evaluation.metrics import covered_share, f_beta, find_all, overlaps, percentile  # noqa: E402
from evaluation.provenance import environment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).parent / "out"
CAUGHT = 0.9
STOCK_MAP = {"PERSON": "PERSON", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "US_SSN": "SSN",
             "DATE_TIME": "DOB", "LOCATION": "ADDRESS", "US_DRIVER_LICENSE": "ID_NUMBER", "US_BANK_NUMBER": "ID_NUMBER",
             "US_PASSPORT": "ID_NUMBER", "US_ITIN": "ID_NUMBER", "MEDICAL_LICENSE": "ID_NUMBER",
             "UK_NHS": "ID_NUMBER", "NRP": "OTHER", "ORGANIZATION": "OTHER"}


def dev_notes() -> list[dict]:
    """Shared dev notes with gold spans: every whole-word occurrence of each labelled identifier."""
    rows = [json.loads(line) for line in (SHARED / "dev-notes.jsonl").read_text().splitlines() if line.strip()]
    out = []
    for r in rows:
        gold = []
        for p in r["pii"]:
            for s, e in find_all(r["text"], p["text"]):
                gold.append({"start": s, "end": e, "entity": p["entity"], "text": p["text"]})
        out.append({"id": r["id"], "text": r["text"], "gold": gold})
    return out


def synthetic_notes(n: int = 300) -> list[dict]:
    return [{"id": x.id, "text": x.text, "gold": x.gold} for x in generate(n)]


class Ours:
    name = "caselens"

    def __init__(self) -> None:
        from nlp.redaction import Redactor
        from service.settings import get_settings

        self.redactor = Redactor(get_settings().spacy_model)

    def __call__(self, text: str) -> tuple[list[tuple[int, int, str]], str]:
        red = self.redactor.redact(text)
        return [(s.start, s.end, s.entity) for s in red.spans], red.redacted


class Stock:
    """Presidio's AnalyzerEngine with its default registry, on the same packaged spaCy model."""

    name = "stock_presidio"

    def __init__(self) -> None:
        import tldextract
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers.generic import email_recognizer

        from service.settings import get_settings

        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        email_recognizer.tldextract.extract = offline  # no public-suffix download, even for the baseline
        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": get_settings().spacy_model}]})
        self.engine = AnalyzerEngine(nlp_engine=provider.create_engine())

    def __call__(self, text: str) -> tuple[list[tuple[int, int, str]], str]:
        res = self.engine.analyze(text, language="en")
        spans = sorted((r.start, r.end, STOCK_MAP.get(r.entity_type, r.entity_type)) for r in res)
        return spans, _mask(text, spans)


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    chars = list(text)
    for s, e, _ent in spans:
        for i in range(s, e):
            chars[i] = "\0"
    return re.sub("\0+", "<X>", "".join(chars))


def evaluate(system, notes: list[dict]) -> dict:  # type: ignore[no-untyped-def]
    per = defaultdict(lambda: {"gold": 0, "caught": 0, "pred": 0, "pred_ok": 0})
    leaks, missed = [], []
    for note in notes:
        spans, redacted = system(note["text"])
        pairs = [(s, e) for s, e, _ in spans]
        for g in note["gold"]:
            per[g["entity"]]["gold"] += 1
            if covered_share(g["start"], g["end"], pairs) >= CAUGHT:
                per[g["entity"]]["caught"] += 1
            else:
                missed.append({"note": note["id"], "entity": g["entity"], "text": g["text"]})
        for s, e, ent in spans:
            ok = any(overlaps((s, e), (g["start"], g["end"])) for g in note["gold"])
            per[ent]["pred"] += 1
            per[ent]["pred_ok"] += int(ok)
        for value in {g["text"] for g in note["gold"]}:
            if len(value) >= 3 and re.search(r"(?<![\w])" + re.escape(value) + r"(?![\w])", redacted, re.IGNORECASE):
                leaks.append({"note": note["id"], "text": value})
    by_type = {}
    for ent, c in sorted(per.items()):
        by_type[ent] = {
            "gold": c["gold"], "recall": round(c["caught"] / c["gold"], 4) if c["gold"] else None,
            "predicted": c["pred"], "precision": round(c["pred_ok"] / c["pred"], 4) if c["pred"] else None,
        }
    gold = sum(c["gold"] for c in per.values())
    caught = sum(c["caught"] for c in per.values())
    pred = sum(c["pred"] for c in per.values())
    ok = sum(c["pred_ok"] for c in per.values())
    return {"notes": len(notes), "identifiers": gold, "missed": gold - caught,
            "recall": round(caught / gold, 4) if gold else None, "precision": round(ok / pred, 4) if pred else None,
            "verbatim_leaks": len(leaks), "by_type": by_type, "missed_examples": missed[:40], "leaks": leaks[:40]}


def peer_set(system) -> dict:  # type: ignore[no-untyped-def]
    """Presidio synthetic set, on the identifier types case notes carry (PERSON, STREET_ADDRESS,
    PHONE_NUMBER, EMAIL_ADDRESS, US_SSN, CREDIT_CARD, US_DRIVER_LICENSE), span-overlap scoring."""
    data = json.loads((SHARED / "peers" / "presidio-research-synth_dataset_v2.json").read_text())
    keep = {"PERSON", "STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD", "US_DRIVER_LICENSE"}
    tp = fp = fn = 0
    for row in data:
        gold = [(s["start_position"], s["end_position"]) for s in row["spans"] if s["entity_type"] in keep]
        other = [(s["start_position"], s["end_position"]) for s in row["spans"] if s["entity_type"] not in keep]
        spans, _ = system(row["full_text"])
        pred = [(s, e) for s, e, _ in spans]
        for g in gold:
            if covered_share(g[0], g[1], pred) >= 0.5:
                tp += 1
            else:
                fn += 1
        for p in pred:
            if not any(overlaps(p, g) for g in gold) and not any(overlaps(p, o) for o in other):
                fp += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f2": round(f_beta(p, r, 2), 4), "gold": tp + fn}


def latency(system, notes: list[dict], words: int = 200, runs: int = 60) -> dict:  # type: ignore[no-untyped-def]
    texts = []
    pool = " ".join(n["text"] for n in notes).split(" ")
    for i in range(runs):
        start = (i * 97) % max(1, len(pool) - words)
        texts.append(" ".join(pool[start : start + words]))
    for t in texts[:5]:
        system(t)  # warm-up
    times = []
    for t in texts:
        t0 = time.perf_counter()
        system(t)
        times.append((time.perf_counter() - t0) * 1000)
    return {"words": words, "runs": runs, "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--synthetic", type=int, default=300)
    ap.add_argument("--skip-peer", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    sets = {"dev_notes": dev_notes(), "caselens_synthetic": synthetic_notes(args.synthetic)}
    report: dict = {}
    for system in (Ours(), Stock()):
        r = report[system.name] = {k: evaluate(system, v) for k, v in sets.items()}
        r["latency_200_words"] = latency(system, sets["dev_notes"])
        if not args.skip_peer:
            r["presidio_synth_peer"] = peer_set(system)
    for k in sets:
        ours, stock = report["caselens"][k]["missed"], report["stock_presidio"][k]["missed"]
        report.setdefault("comparison", {})[k] = {
            "missed_ours": ours, "missed_stock": stock, "fewer_missed_factor": round(stock / ours, 2) if ours else None}
    OUT.mkdir(exist_ok=True)
    (OUT / "redaction.json").write_text(json.dumps({**report, "environment": environment()}, indent=2))
    for name in ("caselens", "stock_presidio"):
        for k in sets:
            r = report[name][k]
            print(f"{name:15s} {k:20s} recall {r['recall']:.3f} precision {r['precision']:.3f} "
                  f"missed {r['missed']:4d} leaks {r['verbatim_leaks']:3d}")
            print("   " + "  ".join(f"{e}: R {v['recall']} P {v['precision']}" for e, v in r["by_type"].items()))
        print(f"{name:15s} latency {report[name]['latency_200_words']}  peer {report[name].get('presidio_synth_peer')}")


if __name__ == "__main__":
    main()
