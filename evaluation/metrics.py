"""Metric helpers shared by the harnesses (no NLP here, so they are easy to test)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def f_beta(p: float, r: float, beta: float) -> float:
    b2 = beta * beta
    return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0


def covered_share(start: int, end: int, spans: Iterable[tuple[int, int]]) -> float:
    """Share of [start, end) covered by the union of spans."""
    if end <= start:
        return 0.0
    hit = bytearray(end - start)
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            hit[i - start] = 1
    return sum(hit) / (end - start)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle` as a whole token run (word boundaries), case-sensitive."""
    pat = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])")
    return [m.span() for m in pat.finditer(text)]


def quadratic_weighted_kappa(y_true: Sequence[int], y_pred: Sequence[int], levels: Sequence[int]) -> float:
    from sklearn.metrics import cohen_kappa_score

    if len(y_true) < 2 or len(set(y_true) | set(y_pred)) < 2:
        return float("nan")
    return float(cohen_kappa_score(y_true, y_pred, labels=list(levels), weights="quadratic"))


def percentile(values: Sequence[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if len(values) else float("nan")
