"""The redaction stage: Presidio with a case-note profile, then overlap merging, within-note name
propagation and consistent typed placeholders (<PERSON_1> every time for the same person)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, SpacyRecognizer

from nlp.redaction.lexicon import NameLexicon, build_lexicon, strip_possessive
from nlp.redaction.profile import RedactionProfile, load_profile
from nlp.redaction.recognizers import (
    KnownNamesRecognizer,
    NameGazetteerRecognizer,
    OfflineEmailRecognizer,
    RegexRuleRecognizer,
)
from nlp.resources import load_spacy
from nlp.types import PiiSpan, Redaction

SPACY_LABELS = [
    "CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
    "ORDINAL", "ORG", "PERCENT", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART", "PERSON",
]
CHUNK_CHARS = 8_000
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
_CAP_WORD = re.compile(r"(?<![\w'’])[A-Z][a-z]{2,}(?![\w])")
_NAME_RUN = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?:[ \t]+[A-Za-z][A-Za-z'’.-]*)*")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    entity: str
    score: float
    recognizer: str


class Redactor:
    """Find identifiers in a note and replace them with typed, numbered placeholders."""

    def __init__(self, spacy_model: str, profile: RedactionProfile | Path | None = None) -> None:
        self.profile = profile if isinstance(profile, RedactionProfile) else load_profile(profile)
        p = self.profile
        self.lexicon: NameLexicon = build_lexicon(
            tuple(p.names.never_names), tuple(p.not_person), tuple(p.names.org_suffixes), p.names.surname_max_rank,
            tuple(p.names.common_words), tuple(p.names.relation_words), p.names.common_word_zipf,
        )
        self._org_prefixes = frozenset(x.lower().rstrip(".") for x in p.names.org_prefixes)
        self._place_preps = frozenset(x.lower() for x in p.names.place_prepositions)
        engine = SpacyNlpEngine(
            models=[{"lang_code": p.language, "model_name": spacy_model}],
            ner_model_configuration=NerModelConfiguration(
                labels_to_ignore=[lab for lab in SPACY_LABELS if lab not in p.spacy_ner.labels],
                model_to_presidio_entity_mapping={lab: lab for lab in p.spacy_ner.labels},
                default_score=p.spacy_ner.score,
            ),
        )
        # No dependency parser: nothing here reads it, and the sentence splitter gives sentence starts
        # for a fifth of the time.
        engine.nlp = {p.language: load_spacy(spacy_model, ("parser",), senter=True)}
        registry = RecognizerRegistry(supported_languages=[p.language])
        if p.spacy_ner.enabled:
            registry.add_recognizer(SpacyRecognizer(supported_language=p.language, supported_entities=["PERSON"]))
        if p.email.enabled:
            registry.add_recognizer(OfflineEmailRecognizer(supported_entity="EMAIL", supported_language=p.language))
        if p.credit_card.enabled:
            registry.add_recognizer(CreditCardRecognizer(supported_entity="CREDIT_CARD", supported_language=p.language))
        if p.names.enabled:
            registry.add_recognizer(NameGazetteerRecognizer(self.lexicon, p.names.score, p.language,
                                                              p.names.unknown_proper_noun_score,
                                                              frozenset(p.names.person_verbs)))
        for rule in p.patterns:
            registry.add_recognizer(RegexRuleRecognizer(rule, self.lexicon, p.language))
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=engine,
            supported_languages=[p.language],
            default_score_threshold=p.score_threshold,
        )

    @property
    def version(self) -> str:
        return f"redaction-profile@{self.profile.version}"

    # -- public -------------------------------------------------------------------------------
    def redact(self, text: str, known_names: Sequence[str] = ()) -> Redaction:
        if not text:
            return Redaction(original=text, redacted=text, spans=[])
        adhoc = [KnownNamesRecognizer(known_names, self.lexicon, self.profile.language)] if known_names else []
        cands: list[_Cand] = []
        for offset, chunk in _chunks(text, CHUNK_CHARS):
            for r in self.analyzer.analyze(
                chunk,
                language=self.profile.language,
                entities=list(self.profile.entities) if not adhoc else None,
                ad_hoc_recognizers=adhoc or None,
                score_threshold=self.profile.score_threshold,
            ):
                name = (r.recognition_metadata or {}).get("recognizer_name", "?")
                cands.append(_Cand(r.start + offset, r.end + offset, r.entity_type, r.score, name))
        cands = [c for c in (self._clean(text, c) for c in cands) if c is not None]
        cands = self._propagate_names(text, cands)
        merged = self._merge(cands)
        return self._render(text, merged)

    # -- steps --------------------------------------------------------------------------------
    def _clean(self, text: str, c: _Cand) -> _Cand | None:
        """Trim whitespace/punctuation; drop PERSON hits that are abbreviations, numbers or organisations."""
        s, e = c.start, c.end
        keep = (lambda ch: ch.isalnum()) if c.entity == "PERSON" else (lambda ch: not ch.isspace() and ch not in ",;:")
        while s < e and not keep(text[s]):
            s += 1
        while e > s and not (keep(text[e - 1]) and (c.entity != "PERSON" or text[e - 1].isalnum())):
            e -= 1
        if c.entity != "PERSON" and text[s:e].endswith(".") and not text[s:e].endswith(("Ave.", "St.", "Rd.")):
            e -= 1
        if s >= e:
            return None
        c.start, c.end = s, e
        if c.entity != "PERSON":
            return c
        span = text[s:e]
        if any(ch.isdigit() or ch in "/()[]:;" for ch in span):
            # spaCy spans like "Destiny 11" or "1/27 - Brandon Tully": keep the longest run of words.
            runs = list(_NAME_RUN.finditer(span))
            if not runs:
                return None
            best = max(runs, key=lambda m: len(m.group(0)))
            s, e = s + best.start(), s + best.end()
            c.start, c.end = s, e
            span = text[s:e]
        lex = self.lexicon
        # Trim relation and ordinary lower-case words off the edges ("mom Crystal Hanes" -> the name).
        while True:
            first = _WORD.match(text, s)
            if first and first.end() < e and (first.group(0).lower() in lex.relations or (
                    first.group(0).islower() and lex.is_word(first.group(0)))):
                s = _skip_spaces(text, first.end())
                continue
            break
        while True:  # and blocked or ordinary lower-case words off the end ("Vivitrol monthly")
            tail = re.search(r"[ \t]+([A-Za-z][A-Za-z'’-]*)$", text[s:e])
            word = tail.group(1) if tail else ""
            lower_full_name = text[s:e].islower() and lex.is_surname(word, any_rank=True)  # "marisela brooks"
            if tail and (lex.is_blocked(word) or (word.islower() and lex.is_word(word) and not lower_full_name)):
                e = s + tail.start()
                continue
            break
        c.start, c.end = s, e
        span = text[s:e]
        if span.endswith(("'s", "’s")):
            c.end = e = e - 2
            span = text[s:e]
        words = _WORD.findall(span)
        if not words:
            return None
        before = _prev_word(text, s)
        if before is not None and before.lower().rstrip(".") in self._org_prefixes:
            return None  # "St. Paul's", "Fort Wayne"
        if len(words) == 1 and before is not None and before.lower() in self._place_preps:
            return None  # "her sister in Gary"
        if all(lex.is_blocked(w) or (w.isupper() and len(w) <= 5) for w in words):
            return None
        if words[-1].lower() in lex.org_suffixes:
            return None
        pos = _skip_spaces(text, e)
        for _ in range(3):  # "Ryan White clinic", "Esperanza Counseling": an organisation's name
            nxt = _WORD.match(text, pos)
            if not nxt:
                break
            if nxt.group(0).lower() in lex.org_suffixes:
                return None
            if not nxt.group(0)[0].isupper():
                break
            pos = _skip_spaces(text, nxt.end())
        if c.recognizer == "SpacyRecognizer" and len(words) == 1 and lex.is_word(words[0]):
            w = words[0]
            after_relation = before is not None and before.lower() in lex.relations and w[0].isupper()
            if not after_relation and (w.islower() or not (lex.is_first(w) or lex.is_surname(w))):
                return None  # an ordinary word spaCy called a person ("max", "Shelter", "Denies")
        return c

    def _propagate_names(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        """Every later (or earlier) mention of a detected name, or a part of it, is the same person."""
        lex = self.lexicon
        pieces: dict[str, bool] = {}  # piece -> match case-insensitively?
        for c in cands:
            if c.entity != "PERSON":
                continue
            full = strip_possessive(text[c.start : c.end])
            pieces.setdefault(full, not lex.is_word(full))
            for w in _WORD.findall(full):
                w = strip_possessive(w)
                if len(w) >= 2 and not lex.is_blocked(w) and not (len(w) == 2 and w.isupper()):
                    pieces[w] = pieces.get(w, False) or not lex.is_word(w)
        # Short forms of a detected first name ("Deb" for "Deborah") are the same person.
        firsts = {strip_possessive(_WORD.findall(text[c.start : c.end])[0]) for c in cands
                  if c.entity == "PERSON" and _WORD.findall(text[c.start : c.end])}
        for m in _CAP_WORD.finditer(text):
            w = m.group(0)
            if len(w) >= 3 and w not in pieces and not lex.is_blocked(w) and any(
                    f != w and f.lower().startswith(w.lower()) and len(f) > len(w) for f in firsts):
                pieces[w] = False
        extra = []
        for piece, ci in pieces.items():
            words = r"\s+".join(re.escape(w) for w in piece.split())
            pat = re.compile(rf"(?<![\w])({words})(?=(?:['’]s?)?(?![\w]))", re.IGNORECASE if ci else 0)
            for m in pat.finditer(text):
                extra.append(_Cand(m.start(1), m.end(1), "PERSON", 0.7, "name_propagation"))
        return cands + extra

    def _merge(self, cands: list[_Cand]) -> list[_Cand]:
        """Overlapping detections become one span (the union, so nothing half-redacted leaks);
        its type is the longest detection's, ties broken by the profile's priority."""
        cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
        groups: list[list[_Cand]] = []
        for c in cands:
            if groups and c.start < max(x.end for x in groups[-1]):
                groups[-1].append(c)
            else:
                groups.append([c])
        out = []
        for g in groups:
            best = min(g, key=lambda c: (-(c.end - c.start), self.profile.rank(c.entity), -c.score))
            out.append(_Cand(min(c.start for c in g), max(c.end for c in g), best.entity, best.score, best.recognizer))
        return out

    def _render(self, text: str, spans: list[_Cand]) -> Redaction:
        """Replace spans with placeholders; mentions of one person (or one number) share one label."""
        clusters: list[tuple[str, frozenset[str]]] = []
        cluster_of: list[int] = [0] * len(spans)
        keys = [_keyset(c.entity, text[c.start : c.end]) for c in spans]
        # Full names first, so a lone first name joins the person it belongs to, not a new label.
        for i in sorted(range(len(spans)), key=lambda i: (-len(keys[i]), spans[i].start)):
            ent = spans[i].entity
            match = next(
                (k for k, (e, ks) in enumerate(clusters) if e == ent and keys[i] and keys[i] <= ks), None
            )
            if match is None:
                clusters.append((ent, keys[i]))
                match = len(clusters) - 1
            cluster_of[i] = match
        labels: dict[int, str] = {}
        counters: dict[str, int] = {}
        for i, c in enumerate(spans):  # spans are in text order: number by first appearance
            k = cluster_of[i]
            if k not in labels:
                counters[c.entity] = counters.get(c.entity, 0) + 1
                labels[k] = f"<{c.entity}_{counters[c.entity]}>"
        out: list[str] = []
        result: list[PiiSpan] = []
        pos = out_len = 0
        for i, c in enumerate(spans):
            out.append(text[pos : c.start])
            out_len += c.start - pos
            ph = labels[cluster_of[i]]
            result.append(PiiSpan(c.start, c.end, c.entity, ph, out_len, out_len + len(ph), c.score, c.recognizer))
            out.append(ph)
            out_len += len(ph)
            pos = c.end
        out.append(text[pos:])
        return Redaction(original=text, redacted="".join(out), spans=result)


def _keyset(entity: str, value: str) -> frozenset[str]:
    if entity == "PERSON":
        return frozenset(strip_possessive(w).lower() for w in _WORD.findall(value))
    return frozenset([re.sub(r"\W", "", value).lower()])


def _prev_word(text: str, pos: int) -> str | None:
    m = re.search(r"([A-Za-z][A-Za-z.'’-]*)[ \t]*$", text[max(0, pos - 40) : pos])
    return m.group(1) if m else None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _chunks(text: str, size: int) -> Iterable[tuple[int, str]]:
    """Split long text at paragraph or sentence breaks (never inside a word) keeping offsets."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = max(text.rfind("\n", start + size // 2, end), text.rfind(". ", start + size // 2, end))
            if cut <= start:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
