"""The note pipeline: redact -> segment -> embed -> score -> flag, each a typed stage.
Everything after redaction sees only the redacted text."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from nlp.surrogates import load_surrogates
from nlp.types import DomainScore, Flag, Redaction, Sentence


class StageError(RuntimeError):
    """A stage failed; the service stores the note as `failed` with this reason."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage


class RedactStage(Protocol):
    version: str

    def redact(self, text: str, known_names: Sequence[str] = ()) -> Redaction: ...


class SegmentStage(Protocol):
    version: str

    def __call__(self, text: str) -> list[Sentence]: ...


class EmbedStage(Protocol):
    version: str
    dim: int

    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


class ParseStage(Protocol):
    def __call__(self, sentences: Sequence[Sentence]) -> list[Any]: ...


class ScoreStage(Protocol):
    def version_for(self, framework_id: str) -> tuple[str, str]: ...

    def score(
        self, framework_id: str, text: str, sentences: list[Sentence], vectors: np.ndarray, docs: list[Any] | None
    ) -> list[DomainScore]: ...


class RiskStage(Protocol):
    version: str

    def detect(self, text: str, sentences: list[Sentence], vectors: np.ndarray, docs: list[Any] | None
               ) -> list[Flag]: ...


@dataclass(slots=True)
class NoteAnalysis:
    redaction: Redaction
    sentences: list[Sentence]
    vectors: np.ndarray
    flags: list[Flag] = field(default_factory=list)
    scores: list[DomainScore] = field(default_factory=list)
    framework_id: str | None = None
    framework_version: str | None = None
    pipeline_version: str = ""


class Pipeline:
    """Runs the stages in order; `scorer` and `risk` are optional so each capability plugs in."""

    def __init__(
        self,
        redactor: RedactStage,
        segmenter: SegmentStage,
        embedder: EmbedStage,
        scorer: ScoreStage | None = None,
        risk: RiskStage | None = None,
        parser: ParseStage | None = None,
    ) -> None:
        self.redactor = redactor
        self.segmenter = segmenter
        self.embedder = embedder
        self.scorer = scorer
        self.risk = risk
        self.parser = parser

    @property
    def version(self) -> str:
        parts = [self.redactor.version, self.segmenter.version, self.embedder.version,
                 f"surrogates@{load_surrogates().version}"]
        if self.risk is not None:
            parts.append(self.risk.version)
        if self.scorer is not None:
            parts.append(getattr(self.scorer, "version", "scorer"))
        digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:8]
        return f"caselens-nlp/{digest}"

    def embed_sentences(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of redacted sentences, each placeholder read as its fixed stand-in (surrogates.yaml): the
        encoder never learnt "<PERSON_3>", and the risk and scoring models were fitted on ordinary sentences."""
        render = load_surrogates().render
        return self.embedder([render(t) for t in texts])

    def analyze(self, text: str, known_names: Sequence[str] = (), framework_id: str | None = None) -> NoteAnalysis:
        return self.analyze_many([text], [known_names], framework_id)[0]

    def redact_many(
        self, texts: Sequence[str], known_names: Sequence[Sequence[str]] | None = None
    ) -> list[tuple[Redaction, list[Sentence], list[Any] | None]]:
        """The text-only stages (redact, segment, parse); a batch runner can run them ahead in a thread."""
        names = known_names or [()] * len(texts)
        out = []
        for t, n in zip(texts, names, strict=True):
            red = _run("redact", self.redactor.redact, t, n)
            sents = _run("segment", self.segmenter, red.redacted)
            docs = _run("parse", self.parser, sents) if self.parser is not None else None
            out.append((red, sents, docs))
        return out

    def analyze_many(
        self,
        texts: Sequence[str],
        known_names: Sequence[Sequence[str]] | None = None,
        framework_id: str | None = None,
        prepared: list[tuple[Redaction, list[Sentence], list[Any] | None]] | None = None,
    ) -> list[NoteAnalysis]:
        """Analyse several notes, embedding all their sentences in one batch."""
        if prepared is None:
            prepared = self.redact_many(texts, known_names)
        redactions = [r for r, _, _ in prepared]
        sentences = [s for _, s, _ in prepared]
        parsed = [d for _, _, d in prepared]
        flat = [s.text for sents in sentences for s in sents]
        all_vecs = _run("embed", self.embed_sentences, flat)
        out: list[NoteAnalysis] = []
        i = 0
        fw_version = None
        if self.scorer is not None and framework_id:
            framework_id, fw_version = self.scorer.version_for(framework_id)
        for red, sents, docs in zip(redactions, sentences, parsed, strict=True):
            vecs = all_vecs[i : i + len(sents)]
            i += len(sents)
            analysis = NoteAnalysis(red, sents, vecs, pipeline_version=self.version)
            if docs is None and self.parser is not None:
                docs = _run("parse", self.parser, sents)
            if self.risk is not None:
                analysis.flags = _run("risk", self.risk.detect, red.redacted, sents, vecs, docs)
            if self.scorer is not None and framework_id:
                analysis.scores = _run("score", self.scorer.score, framework_id, red.redacted, sents, vecs, docs,
                                       analysis.flags)
                analysis.framework_id, analysis.framework_version = framework_id, fw_version
            out.append(analysis)
        return out


def _run(stage: str, fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except StageError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure is reported with its stage
        raise StageError(stage, f"{type(exc).__name__}: {exc}") from exc
