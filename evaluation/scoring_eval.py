"""Scoring harness: domain detection P/R/F1, level exact and within-one accuracy, quadratic weighted
kappa and citation support, per domain, on the shared dev notes and our labelled set; beside a
TF-IDF + logistic-regression baseline fit on the same framework examples and cue-word detection.

    python -m evaluation.scoring_eval           # every set; writes evaluation/out/scoring.json
    python -m evaluation.scoring_eval --tuning  # only the sets we tune on (the blind set is not read)
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from evaluation.metrics import prf, quadratic_weighted_kappa
from evaluation.provenance import environment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).parent / "out"
OWN = Path(__file__).parent / "datasets" / "scoring_notes.jsonl"
BLIND = Path(__file__).parent / "datasets" / "scoring_blind.jsonl"  # written before round-3 scoring changes
FRAMEWORK = "self-sufficiency"


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def supported(citations: list[str], evidence: list[str]) -> bool:
    """A citation supports a gold passage when one contains the other or they share most words."""
    for c in citations:
        for e in evidence:
            cn, en = _norm(c), _norm(e)
            if en in cn or cn in en:
                return True
            cw, ew = set(cn.split()), set(en.split())
            if ew and len(cw & ew) / len(ew) >= 0.6:
                return True
    return False


def evaluate(notes: list[dict], predict) -> dict:  # type: ignore[no-untyped-def]
    per = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "exact": 0, "w1": 0, "cite": 0, "gold": [], "pred": []})
    confusion = np.zeros((5, 5), dtype=int)
    for note in notes:
        got = predict(note)
        gold = {s["domain"]: s for s in note["scores"]}
        for d in set(got) | set(gold):
            p = per[d]
            if d in got and d in gold:
                g, lv = gold[d]["level"], got[d]["level"]
                p["tp"] += 1
                p["exact"] += int(g == lv)
                p["w1"] += int(abs(g - lv) <= 1)
                p["cite"] += int(supported(got[d]["citations"], gold[d]["evidence"]))
                p["gold"].append(g)
                p["pred"].append(lv)
                confusion[g - 1, lv - 1] += 1
            elif d in got:
                p["fp"] += 1
            else:
                p["fn"] += 1
    def summary(ps: list[dict]) -> dict:
        tp = sum(p["tp"] for p in ps)
        out = prf(tp, sum(p["fp"] for p in ps), sum(p["fn"] for p in ps))
        golds = [g for p in ps for g in p["gold"]]
        preds = [g for p in ps for g in p["pred"]]
        out.update({
            "exact": round(sum(p["exact"] for p in ps) / tp, 4) if tp else None,
            "within_one": round(sum(p["w1"] for p in ps) / tp, 4) if tp else None,
            "qwk": round(quadratic_weighted_kappa(golds, preds, [1, 2, 3, 4, 5]), 4) if tp > 1 else None,
            "citation_support": round(sum(p["cite"] for p in ps) / tp, 4) if tp else None,
        })
        return out
    return {"overall": summary(list(per.values())),
            "per_domain": {d: summary([p]) for d, p in sorted(per.items())},
            "confusion": confusion.tolist()}


class CaseLens:
    name = "caselens"

    def __init__(self) -> None:
        from service.runtime import build_pipeline
        from service.settings import get_settings

        self.pipeline = build_pipeline(get_settings())

    def predict_all(self, notes: list[dict]) -> dict[str, dict]:
        results = self.pipeline.analyze_many([n["text"] for n in notes], None, FRAMEWORK)
        out = {}
        for n, a in zip(notes, results, strict=True):
            out[n["id"]] = {s.domain: {"level": s.level, "confidence": s.confidence,
                                       "citations": [c.text for c in s.citations]} for s in a.scores}
        return out


class TfidfBaseline:
    """TF-IDF + logistic regression fit on the same framework examples; a domain is detected when
    one of its cue words appears in a sentence; the level is predicted from those sentences."""

    name = "tfidf_cue_baseline"

    def __init__(self, pipeline) -> None:  # type: ignore[no-untyped-def]
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        fw = pipeline.scorer.frameworks[FRAMEWORK]
        self.segmenter = pipeline.segmenter
        self.cues = {d.id: [c.lower() for c in d.cues] for d in fw.domains}
        self.models = {}
        for d in fw.domains:
            texts = [ex for lv in d.levels.values() for ex in lv.examples]
            labels = [k for k, lv in d.levels.items() for _ in lv.examples]
            vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
            clf = LogisticRegression(C=4.0, max_iter=2000).fit(vec.fit_transform(texts), labels)
            self.models[d.id] = (vec, clf)

    def predict_all(self, notes: list[dict]) -> dict[str, dict]:
        import re

        out = {}
        for n in notes:
            sents = [s.text for s in self.segmenter(n["text"])]
            got = {}
            for d, cues in self.cues.items():
                hits = [s for s in sents if any(re.search(r"(?<![\w])" + re.escape(c) + r"(?![\w])", s.lower())
                                                for c in cues)]
                if not hits:
                    continue
                vec, clf = self.models[d]
                probs = clf.predict_proba(vec.transform(hits)).mean(axis=0)
                got[d] = {"level": int(clf.classes_[int(np.argmax(probs))]), "confidence": float(probs.max()),
                          "citations": hits[:3]}
            out[n["id"]] = got
        return out


def calibration(notes: list[dict], preds: dict[str, dict], bins: int = 5) -> dict:
    """Expected calibration error of the level confidence (is a 0.7 right 70% of the time?)."""
    conf, correct = [], []
    for n in notes:
        gold = {s["domain"]: s["level"] for s in n["scores"]}
        for d, p in preds[n["id"]].items():
            if d in gold:
                conf.append(p["confidence"])
                correct.append(int(p["level"] == gold[d]))
    conf_a, corr_a = np.array(conf), np.array(correct)
    ece = 0.0
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf_a >= lo) & (conf_a < hi if hi < 1 else conf_a <= hi)
        if m.any():
            ece += m.mean() * abs(conf_a[m].mean() - corr_a[m].mean())
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()),
                         "confidence": round(float(conf_a[m].mean()), 3),
                         "accuracy": round(float(corr_a[m].mean()), 3)})
    return {"ece": round(float(ece), 4), "bins": rows}


def main() -> None:
    import argparse

    import torch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tuning", action="store_true", help="skip the blind set (while developing)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    ours = CaseLens()
    base = TfidfBaseline(ours.pipeline)
    report: dict = {}
    sets = [("dev_notes", SHARED / "dev-notes.jsonl"), ("caselens_labelled", OWN), ("blind", BLIND)]
    for name, path in sets[:2] if args.tuning else sets:
        notes = load(path)
        p_ours = ours.predict_all(notes)
        p_base = base.predict_all(notes)
        report[name] = {
            "caselens": evaluate(notes, lambda n, p=p_ours: p[n["id"]]),
            "baseline": evaluate(notes, lambda n, p=p_base: p[n["id"]]),
        }
        report[name]["caselens"]["calibration"] = calibration(notes, p_ours)
    if not args.tuning:
        OUT.mkdir(exist_ok=True)
        (OUT / "scoring.json").write_text(json.dumps({**report, "environment": environment()}, indent=2))
    for name in report:
        for sysname in ("caselens", "baseline"):
            o = report[name][sysname]["overall"]
            print(f"{name:18s} {sysname:9s} domain P {o['precision']:.3f} R {o['recall']:.3f} F1 {o['f1']:.3f} | "
                  f"exact {o['exact']:.3f} within-1 {o['within_one']:.3f} QWK {o['qwk']} | "
                  f"cite {o['citation_support']}")
        print("   calibration ECE", report[name]["caselens"]["calibration"]["ece"])


if __name__ == "__main__":
    main()
