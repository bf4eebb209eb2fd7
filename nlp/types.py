"""Typed values passed between pipeline stages (plain dataclasses, so stages test alone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One redacted identifier: offsets into the input text and into the redacted text."""

    start: int
    end: int
    entity: str
    placeholder: str
    out_start: int
    out_end: int
    score: float
    recognizer: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
            "placeholder": self.placeholder,
            "out_start": self.out_start,
            "out_end": self.out_end,
            "score": round(self.score, 3),
            "recognizer": self.recognizer,
        }


@dataclass(slots=True)
class Redaction:
    original: str
    redacted: str
    spans: list[PiiSpan] = field(default_factory=list)

    def to_redacted_offset(self, pos: int) -> int:
        """Map an input offset to the redacted text (positions inside a span map to its start)."""
        shift = 0
        for s in self.spans:
            if pos < s.start:
                break
            if pos < s.end:
                return s.out_start
            shift = s.out_end - s.end
        return pos + shift


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str
    weight: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "weight": round(self.weight, 3)}


@dataclass(slots=True)
class Flag:
    category: str
    severity: str
    evidence: list[Evidence]
    severity_rule: str | None = None
    sources: list[str] = field(default_factory=list)
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "severity": self.severity,
            "severity_rule": self.severity_rule,
            "confidence": round(self.confidence, 3),
            "sources": self.sources,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class DomainScore:
    domain: str
    level: int
    confidence: float
    citations: list[Evidence]
    probabilities: dict[int, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "level": self.level,
            "confidence": round(self.confidence, 3),
            "citations": [c.to_dict() for c in self.citations],
        }
