"""Presidio recognisers for case notes: YAML regex rules with context groups, a census-name
gazetteer, the client's own known names, and an offline e-mail check."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import tldextract
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from nlp.redaction.lexicon import NameLexicon, strip_possessive
from nlp.redaction.profile import PatternRule

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")

Validator = Callable[[str, int, int, NameLexicon], tuple[int, int] | None]


def _trim_to_name(text: str, start: int, end: int, lex: NameLexicon) -> tuple[int, int] | None:
    """Keep the longest run of name-like tokens from the start of the match (drops "Tasha has ...")."""
    last_end = None
    for m in _TOKEN.finditer(text, start, end):
        word = m.group(0)
        if not lex.name_token(word, in_context=True):
            break
        if lex.is_word(strip_possessive(word)) and last_end is not None and not (
            lex.is_first(word) or lex.is_surname(word)
        ):
            break
        last_end = m.start() + len(strip_possessive(word))
    if last_end is None:
        return None
    words = [strip_possessive(w) for w in _TOKEN.findall(text, start, last_end)]
    if all(w.islower() for w in words) and len(words) < 2 and not any(lex.is_first(w) for w in words):
        return None  # one unknown lower-case word after "cl" is not enough ("cl screenshotted ...")
    return start, last_end


def _not_date(text: str, start: int, end: int, lex: NameLexicon) -> tuple[int, int] | None:
    value = text[start:end]
    if re.fullmatch(r"\d{1,4}[-/]\d{1,2}(?:[-/]\d{1,4})?", value):
        return None
    if re.fullmatch(r"\d{1,2}(?:am|pm)", value, flags=re.I):
        return None
    return start, end


def _initial_name(text: str, start: int, end: int, lex: NameLexicon) -> tuple[int, int] | None:
    """"J. Mendez": an initial, then a surname-like word."""
    m = re.match(r"[A-Z]\.\s?", text[start:end])
    if not m:
        return None
    rest = _trim_to_name(text, start + m.end(), end, lex)
    return (start, rest[1]) if rest else None


def make_result(entity: str, start: int, end: int, score: float, recognizer: str) -> RecognizerResult:
    """A Presidio result that remembers which recogniser (or rule) produced it."""
    return RecognizerResult(entity, start, end, score, AnalysisExplanation(recognizer, score),
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer})


VALIDATORS: dict[str, Validator] = {"name_like": _trim_to_name, "not_date": _not_date, "initial_name": _initial_name}


class _LocalRecognizer(EntityRecognizer):
    """Our recognisers load nothing (their data is built by the redactor and passed in)."""

    def load(self) -> None:
        return None


class RegexRuleRecognizer(_LocalRecognizer):
    """One YAML pattern rule; redacts the `value` group when present so context words stay readable."""

    def __init__(self, rule: PatternRule, lexicon: NameLexicon, language: str = "en") -> None:
        self.rule = rule
        self.lexicon = lexicon
        self.pattern = re.compile(rule.regex, flags=re.MULTILINE)
        if rule.validator and rule.validator not in VALIDATORS:
            raise ValueError(f"unknown validator {rule.validator!r} in redaction rule {rule.name}")
        super().__init__(
            supported_entities=[rule.entity], name=rule.name, supported_language=language, version="1"
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        validator = VALIDATORS.get(self.rule.validator or "")
        for m in self.pattern.finditer(text):
            start, end = m.span("value") if "value" in self.pattern.groupindex else m.span()
            if start < 0 or start == end:
                continue
            if validator:
                span = validator(text, start, end, self.lexicon)
                if span is None:
                    continue
                start, end = span
            results.append(make_result(self.rule.entity, start, end, self.rule.score, self.name))
        return results


LOWER_CASE_NAME_POS = frozenset({"PROPN", "NOUN", "X", ""})


class NameGazetteerRecognizer(_LocalRecognizer):
    """Census first names (and the surname after them), in any case, using spaCy's tags to tell
    "Will" the name from "will" the verb."""

    NON_PERSON_ENTS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
                                 "LANGUAGE", "DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"})

    def __init__(self, lexicon: NameLexicon, score: float, language: str = "en", unknown_score: float = 0.0,
                 person_verbs: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.score = score
        self.unknown_score = unknown_score
        self.person_verbs = person_verbs
        super().__init__(supported_entities=["PERSON"], name="name_gazetteer", supported_language=language)

    def _in_non_person_entity(self, tok) -> bool:  # type: ignore[no-untyped-def]
        """Places always count; the small model's one-word ORG guesses on unknown names do not."""
        if tok.ent_type_ in ("GPE", "LOC", "FAC"):
            return True
        if tok.ent_type_ in self.NON_PERSON_ENTS:
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            return ent is not None and len(ent) > 1
        return False

    def _unknown_name(self, tok) -> bool:  # type: ignore[no-untyped-def]
        """A title-case proper noun no list knows and no dictionary has ("Jaylen", "Sofi")."""
        word = strip_possessive(tok.text)
        lex = self.lexicon
        return (
            self.unknown_score > 0 and len(word) >= 3 and word.isalpha() and word[0].isupper()
            and word[1:].islower() and tok.pos_ == "PROPN"
            and (not self._in_non_person_entity(tok) or self._opens_as_person(tok))
            and not lex.is_word(word) and not lex.is_blocked(word) and word.lower() not in lex.org_suffixes
        )

    def load(self) -> None:
        return None

    def _accept_first(self, tok) -> bool:  # type: ignore[no-untyped-def]
        lex = self.lexicon
        word = strip_possessive(tok.text)
        if len(word) < 2 or lex.is_blocked(word) or not lex.is_first(word):
            return False
        if not lex.is_word(word):
            # In lower case the tagger decides: "tried to hang herself" is a verb, not Hang the name.
            return word[0].isupper() or (word.islower() and tok.pos_ in LOWER_CASE_NAME_POS)
        # A name that is also a word ("Hope", "Will", "Grace"): a capitalised mid-sentence proper noun, or a
        # sentence's first word when a verb only people do follows ("Grace called to reschedule").
        if not word[0].isupper():
            return False
        return (not tok.is_sent_start and tok.pos_ == "PROPN") or self._opens_as_person(tok)

    def _opens_as_person(self, tok) -> bool:  # type: ignore[no-untyped-def]
        """A capitalised sentence opener whose verb, past any auxiliaries and adverbs, is one only people do:
        "Dale keeps the pills", "Kenji said"; "Hope is what keeps her going" stays a word."""
        if not (tok.is_sent_start and tok.text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ")):
            return False
        aux = False
        for nxt in tok.doc[tok.i + 1 : tok.i + 4]:
            if nxt.pos_ in ("AUX", "ADV", "PART"):
                aux = aux or nxt.pos_ == "AUX"
                continue
            # finite, or a participle after its auxiliary: "Man sleeping on cardboard" is a fragment, not a name
            finite = nxt.tag_ in ("VBD", "VBZ", "VBP") or (aux and nxt.tag_ in ("VBG", "VBN"))
            return nxt.pos_ == "VERB" and finite and nxt.lemma_.lower() in self.person_verbs
        return False

    def _accept_last(self, tok, first_is_lower: bool) -> bool:  # type: ignore[no-untyped-def]
        lex = self.lexicon
        word = strip_possessive(tok.text)
        if len(word) < 2 or lex.is_blocked(word) or word.lower() in lex.org_suffixes:
            return False
        if first_is_lower:
            return word.islower() and lex.is_surname(word, any_rank=True) and not lex.is_word(word)
        return word[0].isupper() and not word.isupper() and (
            lex.is_surname(word, any_rank=True) or not lex.is_word(word)
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        results = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if not self._accept_first(tok):
                if self._unknown_name(tok):
                    end = tok.idx + len(strip_possessive(tok.text))
                    results.append(self._result(tok.idx, end, self.unknown_score, "unknown_proper_noun"))
                i += 1
                continue
            start = tok.idx
            end = tok.idx + len(strip_possessive(tok.text))
            j = i + 1
            if j < len(doc) and not tok.text.endswith(("'s", "’s")) and self._accept_last(doc[j], tok.text.islower()):
                end = doc[j].idx + len(strip_possessive(doc[j].text))
                j += 1
            results.append(self._result(start, end))
            i = j
        return results

    def _result(self, start: int, end: int, score: float | None = None, name: str | None = None) -> RecognizerResult:
        return make_result("PERSON", start, end, self.score if score is None else score, name or self.name)


class KnownNamesRecognizer(_LocalRecognizer):
    """The client's own names, aliases and household members from the record: always redacted,
    whole or in part, in any case, possessive or not."""

    def __init__(self, names: Iterable[str], lexicon: NameLexicon, language: str = "en") -> None:
        self.patterns = _known_name_patterns(tuple(sorted({n.strip() for n in names if n and n.strip()})), lexicon)
        super().__init__(supported_entities=["PERSON"], name="known_names", supported_language=language)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                results.append(make_result("PERSON", m.start("name"), m.end("name"), 1.0, self.name))
        return results


def _known_name_patterns(names: tuple[str, ...], lexicon: NameLexicon) -> list[re.Pattern[str]]:
    pieces: set[str] = set()
    exact_case: set[str] = set()
    for name in names:
        pieces.add(name)
        for tok in _TOKEN.findall(name):
            tok = strip_possessive(tok)
            if len(tok) < 2 or lexicon.is_blocked(tok):
                continue
            # A name part that is also a very common word ("Will", "Hope") is matched only as written;
            # any other name part in every case ("sunny" for a client called Sunny).
            (exact_case if lexicon.is_very_common(tok) else pieces).add(tok)
    out = []
    for piece in sorted(pieces, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in piece.split())
        out.append(re.compile(rf"(?<![\w])(?P<name>{words})(?=(?:['’]s?)?(?![\w]))", re.IGNORECASE))
    for piece in sorted(exact_case - pieces, key=len, reverse=True):
        out.append(re.compile(rf"(?<![\w])(?P<name>{re.escape(piece)})(?=(?:['’]s?)?(?![\w]))"))
    return out


@lru_cache(maxsize=1)
def _offline_tld_extract() -> tldextract.TLDExtract:
    # No suffix-list URLs and no cache dir: the snapshot bundled with tldextract, never the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recogniser, validating domains against the bundled public-suffix snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return _offline_tld_extract()(pattern_text).fqdn != ""
