"""Risk harness: per-category precision/recall/F1, high-severity recall, false alarms on traps,
on the shared dev notes and on our contrast suite; a keyword-only baseline on the same notes;
the assertion-context component on the NegEx peer set; and the time the risk stage adds.

    python -m evaluation.risk_eval          # every set; writes evaluation/out/risk.json
    python -m evaluation.risk_eval --tuning # only the sets we tune on (no blind set is read)
    python -m evaluation.risk_eval --cv     # each labelled suite scored by models fitted without it
    python -m evaluation.risk_eval --cv --cv-set severity_model.threshold=0.5   # the same, one setting changed
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

import numpy as np
import yaml

from evaluation.metrics import percentile, prf
from evaluation.provenance import environment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = Path(__file__).parent / "out"
DATASETS = Path(__file__).parent / "datasets"
LABELLED = ROOT / "nlp" / "risk" / "labelled"
# Statement suites in the order they are reported. Tuned on: the contrast suites (each measured once on arrival,
# then fixed) and hold-out 1; since round 6 they also train the risk models (nlp/risk/labelled/). contrast8 chose
# settings and stays unfixed and untrained on. Blind: hold-outs 2-8 (and the note sets hold-outs 9 and 10 below),
# never trained or tuned on.
SUITES = {
    "contrast_suite": LABELLED / "risk_contrast.yaml",
    "contrast2_suite": LABELLED / "risk_contrast2.yaml",  # round 3
    "contrast3_suite": LABELLED / "risk_contrast3.yaml",  # round 4, all categories
    "contrast4_suite": LABELLED / "risk_contrast4.yaml",  # quotes, texts, third-party reports
    "contrast5_suite": LABELLED / "risk_contrast5.yaml",  # suicide, substance, harm; high severity
    "contrast6_suite": LABELLED / "risk_contrast6.yaml",  # trap-heavy
    "contrast7_suite": LABELLED / "risk_contrast7.yaml",  # suicide only
    "contrast8_suite": DATASETS / "risk_contrast8.yaml",  # suicide settings, left unfixed
    "contrast9_suite": LABELLED / "risk_contrast9.yaml",  # harm, child safety, DV in depth
    "contrast10_suite": LABELLED / "risk_contrast10.yaml",  # housing, medical, substance, disengagement
    "contrast11_suite": LABELLED / "risk_contrast11.yaml",  # round 5: high severity, passages
    "contrast12_suite": LABELLED / "risk_contrast12.yaml",  # round 5: severity, high beside elevated of one topic
    "contrast13_suite": LABELLED / "risk_contrast13.yaml",  # round 5: false alarms, one event one flag
    "contrast14_suite": LABELLED / "risk_contrast14.yaml",  # round 5: weighted to the weakest pooled-blind categories
    "contrast15_suite": LABELLED / "risk_contrast15.yaml",  # round 5: suicide in more voices, harm, child safety
    "contrast16_suite": LABELLED / "risk_contrast16.yaml",  # round 5: engagement both ways, suicide, child, medical
    "contrast17_suite": LABELLED / "risk_contrast17.yaml",  # round 6: new voices, weakest categories
    "contrast18_suite": LABELLED / "risk_contrast18.yaml",  # round 6: indirect suicide, engagement traps
    "contrast19_suite": LABELLED / "risk_contrast19.yaml",  # round 6: high severity, passages
    "contrast20_suite": LABELLED / "risk_contrast20.yaml",  # round 6: harm; disengagement and suicide traps
    "contrast21_suite": LABELLED / "risk_contrast21.yaml",  # round 7: shorthand, passages; harm, suicide
    "contrast22_suite": LABELLED / "risk_contrast22.yaml",  # round 7: short whole notes, placeholders
    "contrast23_suite": LABELLED / "risk_contrast23.yaml",  # round 7: harm, suicide, child; engaged/housed traps
    "contrast24_suite": LABELLED / "risk_contrast24.yaml",  # round 8: high severity in every category, passages
    "contrast25_suite": LABELLED / "risk_contrast25.yaml",  # round 11: child safety, conditional threats
    "contrast26_suite": LABELLED / "risk_contrast26.yaml",  # round 11: high severity, elevated twins
    "contrast27_suite": LABELLED / "risk_contrast27.yaml",  # round 12: harm, suicide without keywords; traps
    "contrast28_suite": LABELLED / "risk_contrast28.yaml",  # round 12: high severity beside elevated twins
    "contrast29_suite": LABELLED / "risk_contrast29.yaml",  # round 12: harm wordings, suicide idioms, traps
    "contrast30_suite": LABELLED / "risk_contrast30.yaml",  # round 12: high severity in clipped note styles
    "contrast31_suite": LABELLED / "risk_contrast31.yaml",  # round 13: harm wordings, injury twins, others' risks
    # round 13, end: measured on arrival (P 0.844 R 0.964 high-R 0.923), fixed from; trained on since round 14
    "contrast32_suite": LABELLED / "risk_contrast32.yaml",
    # round 14: high severity in plain and clipped wording, elevated twins, traps; measured on arrival (P 0.947
    # R 0.964 high-R 0.967 traps 2.5 %), fixed from, trained on
    "contrast33_suite": LABELLED / "risk_contrast33.yaml",
    # round 14: harm in street and clinical wording, high severity without the taxonomy's words; measured on
    # arrival (P 0.833 R 0.909 high-R 0.800 traps 9.5 %), fixed from, trained on
    "contrast34_suite": LABELLED / "risk_contrast34.yaml",
    # round 15: high severity in every category in wordings the taxonomy does not use, elevated twins, traps;
    # measured on arrival (P 0.829 R 0.853 high-R 0.829 traps 4.3 %), fixed from, trained on
    "contrast35_suite": LABELLED / "risk_contrast35.yaml",
    "holdout_suite": LABELLED / "risk_holdout.yaml",  # tuned on since round 2
    "holdout2_suite": DATASETS / "risk_holdout2.yaml",  # blind: errors never examined
    "holdout3_suite": DATASETS / "risk_holdout3.yaml",  # blind: written before round 3
    "holdout4_suite": DATASETS / "risk_holdout4.yaml",  # blind: suicide only, end of round 3
    "holdout5_suite": DATASETS / "risk_holdout5.yaml",  # blind: substance + harm, end of round 3
    "holdout6_suite": DATASETS / "risk_holdout6.yaml",  # blind: all categories, start of round 4
    "holdout7_suite": DATASETS / "risk_holdout7.yaml",  # blind: all categories, passages, start of round 5
    "holdout8_suite": DATASETS / "risk_holdout8.yaml",  # blind: other programs and voices, start of round 6
}
# Whole notes in the dev notes' format, with names (so redaction and its placeholders are on the path) and
# several flags or none per note. Blind, never tuned on, errors never written: hold-out 9 was written at the end of
# round 9, hold-out 10 at the start of round 10 (before any change of that round; more routine notes), hold-out 11
# at the start of round 11 (likewise; child safety weighted), hold-out 12 at the start of round 12 (likewise; youth,
# workforce and reentry notes, family and partner acts, medical emergencies), hold-out 13 at the start of round 13
# (likewise; every program, severity twins, threats against the client by strangers), hold-out 14 at the start
# of round 14 (likewise; 40 notes of every program, 32 flags, 16 high, routine and resolved-history notes), hold-out
# 15 at the start of round 15 (likewise; 40 notes, 33 flags, 15 high, severity twins and several voices).
NOTE_SETS = {"holdout9_notes": DATASETS / "risk_notes_holdout9.jsonl",
             "holdout10_notes": DATASETS / "risk_notes_holdout10.jsonl",
             "holdout11_notes": DATASETS / "risk_notes_holdout11.jsonl",
             "holdout12_notes": DATASETS / "risk_notes_holdout12.jsonl",
             "holdout13_notes": DATASETS / "risk_notes_holdout13.jsonl",
             "holdout14_notes": DATASETS / "risk_notes_holdout14.jsonl",
             "holdout15_notes": DATASETS / "risk_notes_holdout15.jsonl",
             # Tuned on: whole notes written in round 10 to find false flags on routine notes, fixed from.
             "tuning10_notes": DATASETS / "risk_notes_tuning10.jsonl",
             # Tuned on: whole notes written in round 11, child safety and conditional threats, fixed from.
             "tuning11_notes": DATASETS / "risk_notes_tuning11.jsonl",
             # Tuned on: whole notes written in round 12, abuse by family members and high severity, fixed from.
             "tuning12_notes": DATASETS / "risk_notes_tuning12.jsonl",
             # Tuned on: 40 whole notes of every program written later in round 12, routine text around the risk.
             "tuning12b_notes": DATASETS / "risk_notes_tuning12b.jsonl",
             # Tuned on: 30 whole notes written last in round 12, abuse by relatives and high severity.
             "tuning12c_notes": DATASETS / "risk_notes_tuning12c.jsonl",
             # Tuned on: 23 whole notes written at the end of round 12, high severity in every category.
             "tuning12d_notes": DATASETS / "risk_notes_tuning12d.jsonl",
             # Tuned on: 30 whole notes written at the start of round 13, measured once on arrival, then fixed
             # from: severity of assaults with and without injury, harm wordings, other people's risks.
             "tuning13_notes": DATASETS / "risk_notes_tuning13.jsonl",
             # Tuned on: 30 whole notes written later in round 13, high severity in every category with twins.
             "tuning13b_notes": DATASETS / "risk_notes_tuning13b.jsonl",
             # Tuned on: 30 whole notes written at the start of round 14, measured once on arrival, then fixed
             # from: harm wordings and severity, acts of a partner on someone else, medical emergencies.
             "tuning14_notes": DATASETS / "risk_notes_tuning14.jsonl",
             # Tuned on: 30 whole notes written later in round 14, routine text around one risk, and notes with
             # risky words and no risk (a friend's, a threat against the client); measured on arrival, fixed from.
             "tuning14b_notes": DATASETS / "risk_notes_tuning14b.jsonl",
             # Tuned on: 20 routine whole notes written last in round 14, risky words in harmless use (an ER
             # visit for a sprain, 'killing it', a child who came along); measured on arrival, fixed from.
             "tuning14c_notes": DATASETS / "risk_notes_tuning14c.jsonl",
             # Tuned on: 40 whole notes written at the start of round 15, severity twins in every category (a
             # plan and a wish, choking and a shove, a tent and a couch); measured on arrival, then fixed from.
             "tuning15_notes": DATASETS / "risk_notes_tuning15.jsonl",
             # Tuned on: 30 whole notes written later in round 15, harm to others and suicide (the pooled blind
             # sets' weakest high-severity recall) with elevated twins; measured on arrival, then fixed from.
             "tuning15b_notes": DATASETS / "risk_notes_tuning15b.jsonl",
             # Tuned on: 30 whole notes written last in round 15, suicide and harm high severity beside their
             # twins (a date picked, a rehearsal, bleach, a gun to the head); measured on arrival, fixed from.
             "tuning15c_notes": DATASETS / "risk_notes_tuning15c.jsonl"}
BLIND = ("holdout9_notes", "holdout10_notes", "holdout11_notes", "holdout12_notes", "holdout13_notes",
         "holdout14_notes", "holdout15_notes", "holdout2_suite", "holdout3_suite",
         "holdout4_suite", "holdout5_suite", "holdout6_suite", "holdout7_suite", "holdout8_suite")
CONTRAST = SUITES["contrast_suite"]


def load_dev(path: Path = SHARED / "dev-notes.jsonl") -> list[dict]:
    """Whole notes with their flags (the dev notes, or a note set in their format)."""
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    return [{"id": r["id"], "text": r["text"], "flags": {f["category"]: f["severity"] for f in r["risk_flags"]}}
            for r in rows]


def load_contrast(path: Path = CONTRAST) -> list[dict]:
    """A suite as harness items, read through the same schema the models are trained with (a category may
    hold only affirmed statements or only traps)."""
    from nlp.risk.statements import load_suite

    items = []
    for cat, spec in load_suite(path).root.items():
        for i, a in enumerate(spec.affirmed):
            items.append({"id": f"{cat}-a{i}", "text": a.text, "flags": {cat: "high" if a.high else "elevated"},
                          "kind": "affirmed", "category": cat})
        for i, t in enumerate(spec.traps):
            items.append({"id": f"{cat}-t{i}", "text": t, "flags": {}, "kind": "trap", "category": cat})
    return items


class System:
    """Runs the real pipeline once per note and keeps what both systems need."""

    def __init__(self) -> None:
        from service.runtime import build_pipeline
        from service.settings import get_settings

        self.pipeline = build_pipeline(get_settings())
        self.detector = self.pipeline.risk

    def prepare(self, notes: list[dict]) -> list[tuple]:
        out = []
        analyses = self.pipeline.analyze_many([n["text"] for n in notes], None, None)
        for a in analyses:
            out.append((a, self.pipeline.parser(a.sentences)))
        return out

    def caselens(self, prepared, detector=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """Category -> severity on one prepared note, by the pipeline's detector or the one given."""
        a, docs = prepared
        detector = detector or self.detector
        return {f.category: f.severity for f in detector.detect(a.redaction.redacted, a.sentences, a.vectors, docs)}

    def keyword_baseline(self, prepared) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """Any lexicon cue anywhere raises its category; no context, no model, severity elevated."""
        _, docs = prepared
        out = {}
        for doc in docs:
            for key, _s, _e in self.detector.cues(doc):
                cat, _ = self.detector._cue_meta[key]
                out[cat] = "elevated"
        return out


def score(notes: list[dict], preds: list[dict[str, str]]) -> dict:
    per = defaultdict(lambda: [0, 0, 0])
    # category -> [gold high, of those called high, right flags called high, of those gold high]
    high_per = defaultdict(lambda: [0, 0, 0, 0])
    high_total = high_hit = high_flagged = pred_high = pred_high_ok = 0
    for note, pred in zip(notes, preds, strict=True):
        gold = note["flags"]
        for c, sev in pred.items():
            if sev == "high" and c in gold:  # of the right flags we call high, how many are high
                pred_high += 1
                pred_high_ok += int(gold[c] == "high")
                high_per[c][2] += 1
                high_per[c][3] += int(gold[c] == "high")
        for c, sev in gold.items():
            if sev == "high":
                high_per[c][0] += 1
                high_per[c][1] += int(pred.get(c) == "high")
        for c in set(gold) | set(pred):
            if c in gold and c in pred:
                per[c][0] += 1
            elif c in pred:
                per[c][1] += 1
            else:
                per[c][2] += 1
        for c, sev in gold.items():
            if sev == "high":
                high_total += 1
                high_hit += int(pred.get(c) == "high")
                high_flagged += int(c in pred)
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    return {"micro": prf(tp, fp, fn), "per_category": {c: prf(*v) for c, v in sorted(per.items())},
            "high_severity_recall": round(high_hit / high_total, 4) if high_total else None,
            "high_severity_precision": round(pred_high_ok / pred_high, 4) if pred_high else None,
            # Severity rules on their own: of the high flags raised at all, the share called high.
            "high_severity_recall_when_flagged": round(high_hit / high_flagged, 4) if high_flagged else None,
            "high_total": high_total,
            # Per category, counts only (a blind set's errors stay unread): where severity falls short.
            "high_per_category": {c: {"high": v[0], "called_high": v[1],
                                      "recall": round(v[1] / v[0], 3) if v[0] else None,
                                      "precision": round(v[3] / v[2], 3) if v[2] else None}
                                  for c, v in sorted(high_per.items())}}


def trap_rate(notes: list[dict], preds: list[dict[str, str]]) -> dict:
    per = defaultdict(lambda: [0, 0])
    for note, pred in zip(notes, preds, strict=True):
        if note.get("kind") != "trap":
            continue
        per[note["category"]][0] += 1
        per[note["category"]][1] += int(note["category"] in pred)
    total = sum(v[0] for v in per.values())
    alarms = sum(v[1] for v in per.values())
    return {"traps": total, "false_alarms": alarms, "rate": round(alarms / total, 4) if total else None,
            "per_category": {c: round(v[1] / v[0], 3) for c, v in sorted(per.items())}}


def negex_peer(detector) -> dict:  # type: ignore[no-untyped-def]
    """Negation of the annotated target phrase, with our assertion-context component."""
    path = SHARED / "peers" / "negex-rsAnnotations-1-120-random.txt"
    tp = fp = fn = tn = 0
    nlp = detector.nlp
    for line in path.read_text(errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) < 7:
            continue
        target, sentence, gold = parts[2].strip(), parts[3], parts[4].strip()
        low = sentence.lower()
        i = low.find(target.lower())
        if i < 0:
            continue
        doc = nlp(sentence)
        span = doc.char_span(i, i + len(target), alignment_mode="expand")
        if span is None:
            continue
        ctx = detector.context.assess(doc, span.start, span.end)
        pred = bool(ctx & {"NEGATED", "NEGATIVE_SCREEN"})
        g = gold == "Negated"
        tp += pred and g
        fp += pred and not g
        fn += g and not pred
        tn += not pred and not g
    return {**prf(tp, fp, fn), "n": tp + fp + fn + tn,
            "published": {"GenNegEx 1.2": {"precision": 0.933, "recall": 0.959},
                          "genConText": {"precision": 0.984, "recall": 0.978}}}


def stage_time(system: System, notes: list[dict], words: int = 200, runs: int = 50) -> dict:
    pool = " ".join(n["text"] for n in notes).split(" ")
    texts = [" ".join(pool[(i * 131) % (len(pool) - words):][:words]) for i in range(runs)]
    prepared = system.prepare([{"text": t} for t in texts])
    parse_ms, risk_ms = [], []
    for a, _ in prepared[:3]:
        system.detector.detect(a.redaction.redacted, a.sentences, a.vectors)
    for a, _ in prepared:
        t0 = time.perf_counter()
        docs = system.pipeline.parser(a.sentences)
        t1 = time.perf_counter()
        system.detector.detect(a.redaction.redacted, a.sentences, a.vectors, docs)
        t2 = time.perf_counter()
        parse_ms.append((t1 - t0) * 1000)
        risk_ms.append((t2 - t1) * 1000)
    total = [p + r for p, r in zip(parse_ms, risk_ms, strict=True)]
    return {"words": words, "runs": runs, "parse_p50_ms": round(percentile(parse_ms, 50), 1),
            "risk_p50_ms": round(percentile(risk_ms, 50), 1), "added_p50_ms": round(percentile(total, 50), 1),
            "added_p95_ms": round(percentile(total, 95), 1)}


class MemoEmbedder:
    """The pipeline's embedder with a memo: every leave-one-suite-out fold embeds the same few thousand
    statements, which cost more than the rest of the fold."""

    def __init__(self, embedder) -> None:  # type: ignore[no-untyped-def]
        self.embedder = embedder
        self.model_id = getattr(embedder, "model_id", "")
        self.memo: dict[str, np.ndarray] = {}

    def __call__(self, texts) -> np.ndarray:  # type: ignore[no-untyped-def]
        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if missing:
            self.memo.update(zip(missing, np.asarray(self.embedder(missing), dtype=np.float32), strict=True))
        return np.stack([self.memo[t] for t in texts]) if len(texts) else np.zeros((0, 0), dtype=np.float32)


def override(spec: dict, assignments: list[str]) -> dict:
    """`severity_model.threshold=0.5` -> spec["severity_model"]["threshold"] = 0.5 (the value read as YAML)."""
    for item in assignments:
        path, sep, value = item.partition("=")
        if not sep or not path:
            raise SystemExit(f"--cv-set takes KEY=VALUE (dotted key into exemplars.yaml), not {item!r}")
        node = spec
        *parents, last = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = yaml.safe_load(value)
    return spec


def fold_errors(notes: list[dict], preds: list[dict[str, str]]) -> dict[str, list]:
    """A held-out suite's misses, false alarms, extra categories and high statements read as less, to read what
    fails to carry over from the other suites (tuning suites only: no blind set goes through here)."""
    out: dict[str, list] = {"misses": [], "false_alarms": [], "extra_categories": [], "high_misses": []}
    for n, p in zip(notes, preds, strict=True):
        row = {"id": n["id"], "text": n["text"], "got": p}
        if n["kind"] == "affirmed" and set(p) - set(n["flags"]):
            out["extra_categories"].append(row)  # an affirmed statement that also raised another category
        if n["kind"] == "affirmed" and n["category"] not in p:
            out["misses"].append(row)
        elif n["kind"] == "trap" and n["category"] in p:
            out["false_alarms"].append(row)
        if n["kind"] == "affirmed" and n["flags"].get(n["category"]) == "high" and p.get(n["category"]) != "high":
            out["high_misses"].append(row)
    return out


def leave_one_suite_out(system: System, assignments: list[str] | None = None,
                        embedder: MemoEmbedder | None = None, prepared: dict | None = None) -> dict:
    """Each labelled suite scored by a detector whose models were fitted without it: how a fresh suite fares.
    The lexicon was still tuned on every suite, so this measures the models' part, not the whole system's.
    `assignments` change exemplars.yaml settings for the run (a sweep passes the same `embedder` and
    `prepared` memo to each of its runs)."""
    import shutil
    import tempfile

    from nlp.risk import RiskDetector
    from nlp.risk.detector import EXEMPLARS
    from service.settings import get_settings

    embedder = embedder or MemoEmbedder(system.detector.embedder)
    prepared = {} if prepared is None else prepared
    names = [n for n, f in SUITES.items() if f.parent == LABELLED]
    notes_all, preds_all = [], []
    per_suite = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            folder = Path(tmp) / name
            folder.mkdir()
            for f in LABELLED.glob("*.yaml"):
                if f != SUITES[name]:
                    shutil.copy(f, folder / f.name)
            spec = override(yaml.safe_load(EXEMPLARS.read_text()), assignments or [])
            spec["labelled"] = str(folder)
            ex_path = Path(tmp) / f"{name}-exemplars.yaml"
            ex_path.write_text(yaml.safe_dump(spec))
            detector = RiskDetector(embedder, get_settings().spacy_model, exemplars=ex_path)
            notes = load_contrast(SUITES[name])
            if name not in prepared:
                prepared[name] = system.prepare(notes)
            preds = [system.caselens(p, detector) for p in prepared[name]]
            per_suite[name] = {**score(notes, preds)["micro"], "traps": trap_rate(notes, preds)["rate"],
                               **fold_errors(notes, preds)}
            notes_all += notes
            preds_all += preds
    return {"pooled": {**score(notes_all, preds_all), "traps": trap_rate(notes_all, preds_all)},
            "per_suite": per_suite, "settings": assignments or []}


def main() -> None:
    import argparse

    import torch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tuning", action="store_true", help="skip the blind hold-out sets (while developing)")
    ap.add_argument("--cv", action="store_true",
                    help="only leave-one-suite-out on the labelled suites; writes evaluation/out/risk_cv.json")
    ap.add_argument("--cv-set", action="append", default=[], metavar="KEY=VALUE",
                    help="with --cv: change an exemplars.yaml setting for the run (severity_model.threshold=0.5)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    system = System()
    if args.cv:
        cv = leave_one_suite_out(system, args.cv_set)
        if not args.cv_set:  # a changed setting is an experiment, not the committed figure
            OUT.mkdir(exist_ok=True)
            (OUT / "risk_cv.json").write_text(json.dumps({**cv, "environment": environment()}, indent=2))
        p, m = cv["pooled"], cv["pooled"]["micro"]
        print(f"leave-one-suite-out P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
              f"high-R {p['high_severity_recall']} high-P {p['high_severity_precision']} traps {p['traps']['rate']}")
        return
    report: dict = {}
    sets = [("dev_notes", load_dev)] + [(name, partial(load_dev, f)) for name, f in NOTE_SETS.items()] \
        + [(name, partial(load_contrast, f)) for name, f in SUITES.items()]
    sets = [(n, f) for n, f in sets if not (args.tuning and n in BLIND)]
    pooled: dict[str, list] = {"notes": [], "caselens": [], "keyword_baseline": []}
    for name, load in sets:
        notes = load()
        prepared = system.prepare(notes)
        ours = [system.caselens(p) for p in prepared]
        base = [system.keyword_baseline(p) for p in prepared]
        if name in BLIND and name not in NOTE_SETS:  # the pooled line is statements; note sets report alone
            pooled["notes"] += notes
            pooled["caselens"] += ours
            pooled["keyword_baseline"] += base
        report[name] = {"caselens": score(notes, ours), "keyword_baseline": score(notes, base)}
        if name != "dev_notes" and name not in NOTE_SETS:
            report[name]["caselens"]["traps"] = trap_rate(notes, ours)
            report[name]["keyword_baseline"]["traps"] = trap_rate(notes, base)
        if name == "dev_notes" or (name in NOTE_SETS and name not in BLIND):
            report[name]["caselens"]["errors"] = [
                {"id": n["id"], "gold": n["flags"], "got": p} for n, p in zip(notes, ours, strict=True)
                if set(n["flags"]) != set(p)]
        elif name not in BLIND and name not in NOTE_SETS:  # a blind set's errors are never written where one would read
            report[name]["caselens"]["errors"] = [
                {"id": n["id"], "text": n["text"], "gold": n["flags"], "got": p}
                for n, p in zip(notes, ours, strict=True)
                if (n["kind"] == "affirmed" and n["category"] not in p) or (n["kind"] == "trap" and n["category"] in p)
            ]
            report[name]["caselens"]["high_misses"] = [
                {"id": n["id"], "text": n["text"], "got": p} for n, p in zip(notes, ours, strict=True)
                if n["kind"] == "affirmed" and n["flags"].get(n["category"]) == "high"
                and p.get(n["category"]) != "high"]
    if pooled["notes"]:  # every blind statement as one set: the headline figure, less noisy than any one set
        report["blind_pooled"] = {
            k: {**score(pooled["notes"], pooled[k]), "traps": trap_rate(pooled["notes"], pooled[k])}
            for k in ("caselens", "keyword_baseline")}
        sets.append(("blind_pooled", None))
    report["negex_peer"] = negex_peer(system.detector)
    report["stage_time_200_words"] = stage_time(system, load_dev())
    if args.tuning:
        for name, _ in sets:  # (no pooled blind line here: --tuning leaves the blind sets out)
            r = report[name]["caselens"]
            print(name, "errors:", *(f"\n  {e['id']}: {e.get('text', '')!r} gold {e['gold']} got {e['got']}"
                                     for e in r["errors"]))
            print(name, "high severity missed:", *(f"\n  {e['id']}: {e['text']!r} got {e['got']}"
                                                   for e in r.get("high_misses", [])))
    else:
        OUT.mkdir(exist_ok=True)
        (OUT / "risk.json").write_text(json.dumps({**report, "environment": environment()}, indent=2))
    for name, _ in sets:
        for sysname in ("caselens", "keyword_baseline"):
            r = report[name][sysname]
            m = r["micro"]
            extra = f" traps {r['traps']['rate']}" if "traps" in r else ""
            print(f"{name:15s} {sysname:17s} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                  f"high-R {r['high_severity_recall']} (flagged {r['high_severity_recall_when_flagged']}) "
                  f"high-P {r['high_severity_precision']}{extra}")
    if "blind_pooled" in report:
        per = report["blind_pooled"]["caselens"]["high_per_category"]
        print("blind_pooled high severity per category (called high / high):",
              ", ".join(f"{c} {v['called_high']}/{v['high']}" for c, v in per.items()))
    print("negex", {k: report["negex_peer"][k] for k in ("precision", "recall", "f1", "n")})
    print("time", report["stage_time_200_words"])


if __name__ == "__main__":
    main()
