"""Helpers for the pages: highlighted redacted text (always escaped) and small inline SVG charts."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def highlight(text: str | None, spans: Iterable[dict[str, Any]]) -> Markup:
    """Escape the redacted text and wrap cited/evidence spans in <mark>; overlaps are merged."""
    if not text:
        return Markup("")
    marks: list[tuple[int, int, str]] = []
    for sp in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        s, e = max(0, int(sp["start"])), min(len(text), int(sp["end"]))
        if e <= s:
            continue
        label = str(sp.get("label", ""))
        if marks and s < marks[-1][1]:
            ps, pe, pl = marks[-1]
            marks[-1] = (ps, max(pe, e), pl if label in pl else f"{pl}, {label}".strip(", "))
        else:
            marks.append((s, e, label))
    out: list[str] = []
    pos = 0
    for s, e, label in marks:
        out.append(str(escape(text[pos:s])))
        out.append(f'<mark title="{escape(label)}">{escape(text[s:e])}</mark>')
        pos = e
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def line_chart(series: list[dict[str, Any]], x_key: str, y_key: str, y_min: float, y_max: float,
               width: int = 360, height: int = 120, label: str = "") -> Markup:
    """A minimal accessible SVG line chart (no external library, no CDN)."""
    pad = 24
    if not series:
        return Markup(f'<p class="muted">No data for {escape(label)}.</p>')
    n = len(series)
    span = (y_max - y_min) or 1

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + (i * (width - 2 * pad) / max(1, n - 1))
        y = height - pad - (float(v) - y_min) / span * (height - 2 * pad)
        return round(x, 1), round(y, 1)

    pts = [xy(i, p[y_key]) for i, p in enumerate(series)]
    path = " ".join(f"{x},{y}" for x, y in pts)
    desc = "; ".join(f"{p[x_key]}: {p[y_key]}" for p in series)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="3"><title>{escape(str(p[x_key]))}: {escape(str(p[y_key]))}'
                   f"</title></circle>" for (x, y), p in zip(pts, series, strict=True))
    grid = "".join(
        f'<text x="2" y="{xy(0, v)[1] + 4}" class="axis">{v:g}</text>'
        for v in ([y_min, (y_min + y_max) / 2, y_max] if y_max - y_min > 2 else [y_min, y_max]))
    return Markup(
        f'<svg role="img" aria-label="{escape(label)}: {escape(desc)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart">{grid}'
        f'<polyline fill="none" stroke="currentColor" stroke-width="2" points="{path}"/>{dots}</svg>')


def csrf_token(session_token: str) -> str:
    """Double-submit token for cookie-authenticated forms, derived from the session token."""
    return hashlib.sha256(f"csrf:{session_token}".encode()).hexdigest()[:32]
