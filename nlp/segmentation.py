"""Sentence segmentation for case notes: line structure first (headers, bullets), then sentence
punctuation with an abbreviation list. Offsets always point into the text it was given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.resources import load_yaml
from nlp.types import Sentence

RULES = Path(__file__).with_name("segmentation.yaml")
_BULLET = re.compile(r"^[ \t]*(?:[-*•·‣◦>]+|\d{1,2}[.)])[ \t]+", re.MULTILINE)
# Sentence end: . ! ? (optionally closing quotes/brackets) then whitespace.
_END = re.compile(r"[.!?]+['\"’”)\]]*(?=\s)")
_CLAUSE = re.compile(r";\s+")


@dataclass(frozen=True)
class SegmentationRules:
    headers: dict[str, str]
    abbreviations: frozenset[str]
    titles: frozenset[str]
    version: str
    header_re: re.Pattern[str]


@lru_cache(maxsize=2)
def load_rules(path: str = str(RULES)) -> SegmentationRules:
    data = load_yaml(path)
    headers = {str(k).lower(): str(v) for k, v in data["section_headers"].items()}
    names = sorted(data["section_headers"], key=len, reverse=True)
    header_re = re.compile(
        r"^[ \t]*(?P<h>" + "|".join(re.escape(str(n)) for n in names) + r")[ \t]*(?::|-(?=\s)|\.(?=\s))[ \t]*",
        re.IGNORECASE | re.MULTILINE,
    )
    return SegmentationRules(
        headers=headers,
        abbreviations=frozenset(str(a).lower() for a in data["abbreviations"]),
        titles=frozenset(str(a).lower() for a in data.get("titles", [])),
        version=str(data.get("version", "1")),
        header_re=header_re,
    )


class Segmenter:
    """Split a (redacted) note into sentences with exact character offsets and their section."""

    def __init__(self, rules: SegmentationRules | None = None, split_clauses: bool = True) -> None:
        self.rules = rules or load_rules()
        self.split_clauses = split_clauses

    @property
    def version(self) -> str:
        return f"segmenter@{self.rules.version}"

    def __call__(self, text: str) -> list[Sentence]:
        out: list[Sentence] = []
        section: str | None = None
        pos = 0
        for line in text.splitlines(keepends=True):
            line_start = pos
            pos += len(line)
            body_start, body_end = line_start, line_start + len(line.rstrip("\r\n"))
            m = self.rules.header_re.match(text, body_start, body_end)
            if m:
                section = self.rules.headers.get(m.group("h").lower(), section)
                body_start = m.end()
            b = _BULLET.match(text, body_start, body_end)
            if b:
                body_start = b.end()
            for s, e in self._sentences(text, body_start, body_end):
                out.extend(self._clauses(text, s, e, section))
        return out

    def _sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        spans = []
        s = start
        for m in _END.finditer(text, start, end):
            cut = m.end()
            if not self._is_boundary(text, s, m.start(), cut, end):
                continue
            spans.append((s, cut))
            s = cut
        spans.append((s, end))
        return [t for t in (_strip(text, a, b) for a, b in spans) if t]

    def _is_boundary(self, text: str, s: int, punct: int, cut: int, end: int) -> bool:
        if text[punct] == ".":
            word = re.search(r"([A-Za-z][A-Za-z./]*)$", text[s:punct])
            if word:
                w = word.group(1).lower().rstrip(".")
                if w in self.rules.titles or (len(w) == 1 and text[punct - 1].isupper()):
                    return False
                if w in self.rules.abbreviations:
                    nxt = re.match(r"\s*(\S)", text[cut:end])
                    return bool(nxt and nxt.group(1).isupper())
        return True

    def _clauses(self, text: str, s: int, e: int, section: str | None) -> list[Sentence]:
        pieces = [(s, e)]
        if self.split_clauses and e - s > 160:
            pieces = []
            cur = s
            for m in _CLAUSE.finditer(text, s, e):
                pieces.append((cur, m.start()))
                cur = m.end()
            pieces.append((cur, e))
        out = []
        for a, b in pieces:
            t = _strip(text, a, b)
            if t:
                out.append(Sentence(t[0], t[1], text[t[0] : t[1]], section))
        return out


def _strip(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b <= a or not any(ch.isalnum() for ch in text[a:b]):
        return None
    return a, b
