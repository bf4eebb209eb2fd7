"""Risk detection per the taxonomy: lexicon cues (spaCy Matcher) kept only when the assertion
context says current, affirmed and about the client; an embedding classifier fit on example
statements for risks written without a keyword; severity rules that say why a flag is high.

A model hit needs three things: the classifier's probability, a written exemplar of the category
close by (cosine), and a topic anchor word in the sentence. The classifier alone extrapolates: an
emotional but harmless quote can score 0.9 for suicide while resembling no exemplar at all."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import get_args

import numpy as np
from spacy.tokens import Doc

from nlp.context.component import (
    CLIENT_NOUNS,
    PERSON_CATEGORIES,
    REPORTING,
    AssertionContext,
    bystander_is_object,
    client_is_agent,
    client_pronoun,
    client_pronoun_acts,
    done_to_client,
    done_to_other,
    other_gender_acts,
    scope_share,
)
from nlp.matching import PatternSet
from nlp.parsing import load_light
from nlp.resources import load_yaml
from nlp.risk.classifier import StatementClassifier, WordFeatures
from nlp.risk.lexicon import Category, Lexicon, load_lexicon
from nlp.risk.statements import load_statements
from nlp.surrogates import load_surrogates
from nlp.types import Evidence, Flag, Sentence

HERE = Path(__file__).parent
LEXICON = HERE / "lexicon.yaml"
EXEMPLARS = HERE / "exemplars.yaml"
FRAMEWORKS = HERE.parents[1] / "frameworks"
BACKGROUND = HERE.parent / "scoring" / "background.yaml"  # routine note sentences, shared with scoring
CATEGORIES: tuple[str, ...] = get_args(Category)
NONE = "none"
WRITTEN_HARMLESS = "written:none"  # exemplar-vector key of the written harmless statements
SEVERITY_REACH = 2  # sentences around a flag's evidence where a severity phrase still counts


@dataclass(slots=True)
class _Hit:
    category: str
    sentence: int
    source: str
    confidence: float


@dataclass(slots=True)
class _Matches:
    """One sentence's rule phrases by kind, each (key, start token, end token)."""

    cues: list[tuple[str, int, int]] = field(default_factory=list)
    not_when: list[tuple[str, int, int]] = field(default_factory=list)
    severity: list[tuple[str, int, int]] = field(default_factory=list)
    severity_not: list[tuple[str, int, int]] = field(default_factory=list)  # keyed by the rule they unmake
    elevated: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class SentenceFinding:
    """What the detector saw in one sentence (kept for explanations and the evaluation harness)."""

    index: int
    cues: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)  # (category, phrase, context)
    model: dict[str, float] = field(default_factory=dict)


class RiskDetector:
    def __init__(self, embedder, spacy_model: str, lexicon: Path = LEXICON, exemplars: Path = EXEMPLARS,  # type: ignore[no-untyped-def]
                 cache_dir: Path | None = None) -> None:
        self.embedder = embedder
        self.nlp = load_light(spacy_model)
        self.context = AssertionContext(self.nlp.vocab, make_doc=self.nlp.make_doc)
        lex = load_lexicon(lexicon)  # validated: unknown keys, categories and contexts fail here
        ex = load_yaml(exemplars)
        self._load_rules(lex)
        self.threshold = float(ex.get("threshold", 0.5))
        self.thresholds = {c: float(ex.get("per_category_threshold", {}).get(c, self.threshold)) for c in CATEGORIES}
        self.min_similarity = float(ex.get("min_similarity", 0.0))
        self.nearest_wins = bool(ex.get("nearest_wins", False))
        self.anchors = PatternSet(self.nlp.vocab)
        for cat, phrases in ex.get("anchors", {}).items():
            if cat not in CATEGORIES:
                raise ValueError(f"risk exemplars name unknown anchor category {cat!r}")
            for phrase in phrases:
                self.anchors.add(f"anchor|{cat}", phrase, self.nlp.make_doc)
        self._anchored = frozenset(ex.get("anchors", {}))
        # Categories whose statements are negative by nature ("has not answered since the 3rd"): the
        # classifier, trained on negated twins, judges negation itself there.
        self._model_ignore = {c: self._ignore.get(c, frozenset()) | frozenset(v)
                              for c, v in ex.get("model_ignore_context", {}).items()}
        self._version = f"risk@{lex.version}+{ex['version']}+{self.context.version}"
        # Labelled suites: their affirmed statements train their category, their traps the harmless class.
        labelled = load_statements(exemplars.parent / ex["labelled"] if ex.get("labelled") else None)
        written_harmless = tuple(ex["categories"].get(NONE, [])) + _stable_examples(ex.get("none_from_framework"))
        if ex.get("none_from_background"):
            written_harmless += tuple(load_yaml(BACKGROUND)["sentences"])
        negatives = written_harmless + tuple(t.text for t in labelled.traps)
        data = tuple((cat, tuple(ex["categories"].get(cat, [])) + labelled.positives(cat)) for cat in CATEGORIES) \
            + ((NONE, negatives),)
        high, elevated = _severity_statements(ex, "high"), _severity_statements(ex, "elevated")
        # Embedded for look-ups, not fitted on: the written high statements (named in a severity rule) and the
        # written harmless statements (the nearest-exemplar check; the labelled traps only train the classifier).
        reference = tuple((f"high:{c}", items) for c, items in high.items()) + ((WRITTEN_HARMLESS, written_harmless),)
        # Severity examples: the written high and elevated statements and every labelled affirmed statement.
        severity = tuple((c, t, True) for c, items in high.items() for t in items) \
            + tuple((c, t, False) for c, items in elevated.items() for t in items) \
            + tuple((s.category, s.text, s.high) for s in labelled.affirmed)
        words = WordFeatures.from_spec(ex.get("word_features"))
        sev_spec = ex.get("severity_model") or {}
        fit = StatementFit(data, float(ex.get("model_C", 1.0)), reference, words, severity,
                           float(sev_spec.get("C", 1.0)), WordFeatures.from_spec(sev_spec.get("word_features")))
        self.classes, self.model, self.exemplar_vectors, self.severity_models = _load_or_fit(embedder, fit, cache_dir)
        # A flag with no severity phrase is high when the severity model, fitted on the written and labelled
        # statements of its category, says high with at least this probability (2.0: never).
        self.severity_threshold = float(sev_spec.get("threshold", 2.0))
        self._high = {c: (self.exemplar_vectors[f"high:{c}"], items) for c, items in high.items()}

    def _load_rules(self, lex: Lexicon) -> None:
        """Compile the lexicon: cues, the phrases that unmake them (not_when), severity rules, and the
        per-category settings that say how categories share words and events."""
        cats = lex.categories
        self._ignore = {c: frozenset(r.ignore_context) for c, r in cats.items()}
        self._yields = {c: frozenset(r.yields_to) for c, r in cats.items()}
        self._object = frozenset(c for c, r in cats.items() if r.client_as_object)
        self._household_object = frozenset(c for c, r in cats.items() if r.client_as_object and r.household_object)
        self._kin_agent = frozenset(c for c, r in cats.items() if r.kin_agent)
        self._victim_only = frozenset(c for c, r in cats.items() if r.victim_only)
        self._agent_only = frozenset(c for c, r in cats.items() if r.agent_only)
        self._explained = {c: frozenset(r.explained_by.categories) for c, r in cats.items() if r.explained_by}
        # Hit sources another category's evidence can explain: the model's and the listed cues'.
        self._explainable = {c: frozenset(["model", *(f"lexicon:{x}" for x in r.explained_by.cues)])
                             for c, r in cats.items() if r.explained_by}
        self._follows = {c: r.explained_by.follows_within for c, r in cats.items() if r.explained_by}
        self._follows_model = frozenset(c for c, r in cats.items() if r.explained_by and r.explained_by.follows_model)
        words = lex.words
        self._partner_words = frozenset(words.get("partner", ()))
        # people who are neither partner nor kin: named as the object before "her"/"him", the pronoun is them
        self._bystanders = frozenset(words.get("person", ())) - self.context.rules.kin
        self._body_parts = self.context.rules.body_parts
        # Cues, not_when, severity, not_with and elevated_when phrases in ONE pattern set, keyed by kind: a
        # sentence is matched once, not five times (matching is most of the risk stage's time).
        self.rules = PatternSet(self.nlp.vocab, words)
        make = self.nlp.make_doc
        self._cue_meta: dict[str, tuple[str, str]] = {}
        self._shared: set[str] = set()  # cue keys no other category yields to
        for cat, rules in cats.items():
            for i, phrase in enumerate(rules.cues):
                key = f"cue|{cat}|{i}"
                self.rules.add(key, phrase, make)
                self._cue_meta[key] = (cat, phrase)
            for i, phrase in enumerate(rules.shared_cues):
                key = f"shared|{cat}|{i}"
                self.rules.add(key, phrase, make)
                self._cue_meta[key] = (cat, phrase)
                self._shared.add(key)
            for i, phrase in enumerate(rules.not_when):
                self.rules.add(f"not|{cat}|{i}", phrase, make)
        for cat, phrases in lex.elevated_when.items():
            for i, phrase in enumerate(phrases):
                self.rules.add(f"elev|{cat}|{i}", phrase, make)
        self._sev_meta: dict[str, tuple[str, str]] = {}
        for cat, sev_rules in lex.severity.items():
            for rule in sev_rules:
                key = f"sev|{cat}|{rule.id}"
                for phrase in rule.phrases:
                    self.rules.add(key, phrase, make)
                for phrase in rule.not_with:
                    self.rules.add(f"sevnot|{cat}|{rule.id}", phrase, make)
                self._sev_meta[key] = (cat, rule.id)
        self._soft_rules = frozenset((cat, r.id) for cat, rules in lex.severity.items() for r in rules if r.soft)

    @property
    def version(self) -> str:
        return self._version

    def _matches(self, doc: Doc) -> _Matches:
        """Every rule phrase found in one sentence, sorted by kind (in match order within each kind)."""
        out = _Matches()
        for match_id, start, end in self.rules(doc):
            key = doc.vocab.strings[match_id]
            kind, rest = key.split("|", 1)
            if kind in ("cue", "shared"):
                out.cues.append((key, start, end))
            elif kind == "not":
                out.not_when.append((key, start, end))
            elif kind == "sev":
                out.severity.append((key, start, end))
            elif kind == "sevnot":
                out.severity_not.append((f"sev|{rest}", start, end))
            elif kind == "elev":
                out.elevated.append((key, start, end))
        return out

    def cues(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(cue key, start, end) of the lexicon cues in one sentence: what the keyword baseline reads."""
        return self._matches(doc).cues

    def detect(self, text: str, sentences: list[Sentence], vectors: np.ndarray, docs: list[Doc] | None = None
               ) -> list[Flag]:
        flags, _ = self.explain(text, sentences, vectors, docs)
        return flags

    def explain(self, text: str, sentences: list[Sentence], vectors: np.ndarray, docs: list[Doc] | None = None
                ) -> tuple[list[Flag], list[SentenceFinding]]:
        if not sentences:
            return [], []
        if docs is None:
            docs = list(self.nlp.pipe([s.text for s in sentences], batch_size=64))
        model_texts = [load_surrogates().render(s.text) for s in sentences]  # what the models were fitted on
        probs = self.model.predict_proba(vectors, model_texts)
        unit = _unit(vectors) if len(vectors) else vectors
        hits: list[_Hit] = []
        client_threats: set[int] = set()  # sentences where the client's own threat or act is affirmed
        findings: list[SentenceFinding] = []
        all_mods = [self.context.modifiers(doc) for doc in docs]
        matched = [self._matches(doc) for doc in docs]
        pronoun = client_pronoun(docs, self._partner_words) if self._agent_only or self._victim_only else None
        for i, doc in enumerate(docs):
            mods = all_mods[i]
            finding = SentenceFinding(i)
            blocked_cats: set[str] = set()
            # not_when phrases: they unmake their category's cues on the same words and its model hits here.
            unmade = [(key.split("|")[1], s, e) for key, s, e in matched[i].not_when]
            matches = [(*self._cue_meta[key], s, e, key in self._shared) for key, s, e in matched[i].cues]
            matches = [x for x in matches if not any(c == x[0] and s < x[3] and x[2] < e for c, s, e in unmade)
                       and not (x[0] in self._victim_only and (client_is_agent(doc, x[2], x[3])
                                                                 or done_to_other(doc, x[3], pronoun, self._body_parts)
                                                                 or bystander_is_object(doc, x[2], self._bystanders,
                                                                                        self._partner_words)))
                       and not (x[0] in self._agent_only and (done_to_client(doc, x[2], x[3], pronoun,
                                                                                self._body_parts)
                                                                or other_gender_acts(doc, x[2], pronoun)))]
            for cat, phrase, start, end, _ in matches:
                if any(c in self._yields.get(cat, ()) and s < end and start < e and not shared
                       for c, _, s, e, shared in matches):
                    continue  # another category's cue explains these words
                ctx = frozenset(self.context.assess(doc, start, end, mods, self._ignore.get(cat, frozenset()),
                                                    cat in self._object, cat in self._household_object,
                                                    cat in self._kin_agent))
                finding.cues.append((cat, phrase, ctx))
                if not ctx:
                    hits.append(_Hit(cat, i, f"lexicon:{phrase}", 1.0))
                    if cat in self._agent_only and client_pronoun_acts(doc, start, pronoun):
                        client_threats.add(i)  # the client, by her own pronoun, is the one who threatens here
                elif ctx - self._model_ignore.get(cat, frozenset()):
                    # the cue's context also rules out the model's reading; a context the classifier judges
                    # itself (disengagement's negation: "for not returning ... cannot locate him") does not
                    blocked_cats.add(cat)
            affirmed_cats = {h.category for h in hits if h.sentence == i}
            unmade_cats = {c for c, _, _ in unmade}
            scopes = self.context.scopes(doc, mods)
            other_subject = _other_subject(doc, mods)
            anchored: set[str] | None = None  # matched only when a model hit needs it (most sentences never do)
            for k, cat in enumerate(self.classes):
                if cat == NONE:
                    continue
                p = float(probs[i, k])
                finding.model[cat] = p
                if p < self.thresholds[cat] or cat in affirmed_cats or cat in unmade_cats:
                    continue
                if other_subject and cat in self._agent_only:
                    continue  # someone else is the one acting in this sentence
                if cat in self._victim_only and i in client_threats:
                    continue  # the client's own threat explains it: "she told him she would stab him"
                if cat in self._anchored and anchored is None:
                    anchored = {doc.vocab.strings[m].split("|", 1)[1] for m, _, _ in self.anchors(doc)}
                if cat in self._anchored and cat not in anchored:
                    continue  # no topic word: the classifier is extrapolating
                if self.min_similarity:
                    near = float((self.exemplar_vectors[cat] @ unit[i]).max())
                    if near < self.min_similarity:
                        continue  # no written exemplar of this category resembles the sentence
                    if self.nearest_wins and near < float((self.exemplar_vectors[WRITTEN_HARMLESS] @ unit[i]).max()):
                        continue  # a harmless written example is closer ("the paperwork will be the death of him")
                ignore = self._model_ignore.get(cat) or self._ignore.get(cat, frozenset())
                if cat in blocked_cats or scope_share(doc, [sc for sc in scopes if sc[0] not in ignore]) > 0.5:
                    continue  # the sentence is negated/historical/hypothetical/someone else's for this category
                hits.append(_Hit(cat, i, "model", p))
            findings.append(finding)
        return self._flags(text, sentences, model_texts, docs, all_mods, matched, hits, unit), findings

    def _flags(self, text: str, sentences: list[Sentence], model_texts: list[str], docs: list[Doc], all_mods: list,
               matched: list[_Matches], hits: list[_Hit], unit: np.ndarray) -> list[Flag]:
        owners: dict[int, set[str]] = {}
        for h in hits:
            owners.setdefault(h.sentence, set()).add(h.category)
        by_cat: dict[str, list[_Hit]] = {}
        for h in hits:
            if self._explained.get(h.category, frozenset()) & owners[h.sentence] \
                    and h.source in self._explainable[h.category]:
                continue  # one event, one flag: an overdose taken to the ER is the overdose
            if self._follows_event(h, hits, owners):
                continue  # "... swallowed 20 Tylenol. She is nauseated. Sent to ED for labs."
            by_cat.setdefault(h.category, []).append(h)
        flags = []
        severity_hits = self._severity_hits(docs, all_mods, matched, by_cat) if by_cat else {}
        for cat in CATEGORIES:
            cat_hits = by_cat.get(cat)
            if not cat_hits:
                continue
            idx = sorted({h.sentence for h in cat_hits})
            # Severity looks at the whole note: "pills at the bedside" two sentences after the ideation
            # still makes it high, and that sentence joins the evidence.
            rule, rule_sentence, soft = severity_hits.get(cat, (None, None, False))
            held = (rule is None or soft) and self._held_elevated(cat, idx, matched)
            if held:
                rule, rule_sentence = None, None
            elif rule is None:
                rule = self._model_severity(cat, idx, unit, [model_texts[i] for i in idx])
            weights = {i: max(h.confidence for h in cat_hits if h.sentence == i) for i in idx}
            if rule_sentence is not None and rule_sentence not in weights:
                weights[rule_sentence] = 1.0
            evidence = [Evidence(sentences[i].start, sentences[i].end, text[sentences[i].start : sentences[i].end],
                                 weights[i]) for i in sorted(weights)]
            flags.append(Flag(
                category=cat,
                severity="high" if rule else "elevated",
                severity_rule=rule,
                evidence=evidence,
                sources=sorted({h.source for h in cat_hits}),
                confidence=max(h.confidence for h in cat_hits),
            ))
        return flags

    def _follows_event(self, h: _Hit, hits: list[_Hit], owners: dict[int, set[str]]) -> bool:
        """A response sentence (its hits of this category all explainable cues, none the model's) shortly after
        another category's evidence: the emergency response to that event, not a second risk."""
        reach = self._follows.get(h.category, 0)
        # every hit of this category in the sentence (h among them) must be a listed response cue: a model hit
        # or another cue names something of its own ("admitted with pneumonia")
        model_ok = h.category in self._follows_model
        if not reach or any((o.source == "model" and not model_ok) or o.source not in self._explainable[h.category]
                            for o in hits if o.sentence == h.sentence and o.category == h.category):
            return False
        explaining = self._explained[h.category]
        return any(explaining & owners.get(j, set()) for j in range(h.sentence - reach, h.sentence))

    def _held_elevated(self, cat: str, idx: list[int], matched: list[_Matches]) -> bool:
        """An elevated_when phrase of this category within reach of the flag's evidence ("he has no plan")."""
        near = {j for i in idx for j in range(i - SEVERITY_REACH, i + SEVERITY_REACH + 1) if 0 <= j < len(matched)}
        return any(key.split("|")[1] == cat for j in near for key, _, _ in matched[j].elevated)

    def _model_severity(self, cat: str, idx: list[int], unit: np.ndarray, texts: list[str]) -> str | None:
        """High by the severity model on the flag's own evidence; the rule names the probability and the
        nearest written high statement, so an evaluator can see what the sentence was read as."""
        model = self.severity_models.get(cat)
        if model is None or not len(unit):
            return None
        p = model.predict_proba(unit[idx], texts)[:, model.classes_.index(True)]
        j = int(p.argmax())
        if float(p[j]) < self.severity_threshold:
            return None
        like = ""
        if cat in self._high:
            vectors, written = self._high[cat]
            like = f", nearest written high statement '{written[int((vectors @ unit[idx[j]]).argmax())]}'"
        return f"{cat}.severity_model: p(high) {float(p[j]):.2f}{like}"

    def _severity_hits(self, docs: list[Doc], all_mods: list, matched: list[_Matches],
                       by_cat: dict[str, list[_Hit]]) -> dict[str, tuple[str, int, bool]]:
        """Per flagged category, the first affirmed severity rule (its text, its sentence, whether it is soft) in
        its evidence or near it: "pills at the bedside" two sentences after the ideation counts, but not a
        sentence that is another category's evidence ("he slapped her" makes the assault high, not the
        children's flag)."""
        owner: dict[int, set[str]] = {}
        for cat, hits in by_cat.items():
            for h in hits:
                owner.setdefault(h.sentence, set()).add(cat)
        out: dict[str, tuple[str, int, bool]] = {}
        reach = {j for hits in by_cat.values() for h in hits
                 for j in range(h.sentence - SEVERITY_REACH, h.sentence + SEVERITY_REACH + 1)}
        for i, doc in enumerate(docs):
            if i not in reach:
                continue  # no flag's evidence is near enough for a severity phrase here to count
            unmade = matched[i].severity_not
            for key, start, end in matched[i].severity:
                cat, rule = self._sev_meta[key]
                if cat in out or cat not in by_cat:
                    continue
                if any(k == key and s < end and start < e for k, s, e in unmade):
                    continue  # "cut her arm with a razor": the razor is what she cut with, not a means to die
                if _relative_clause_act(doc, start):
                    continue  # "the man who shot his brother": that man's act, not the client's means or threat
                own = cat in owner.get(i, set())
                near = not owner.get(i) and any(abs(h.sentence - i) <= SEVERITY_REACH for h in by_cat[cat])
                # Who is already settled by the flag's evidence ("his brother's gun" still arms the threat).
                ignore = self._ignore.get(cat, frozenset()) | PERSON_CATEGORIES
                if (own or near) and not self.context.assess(doc, start, end, all_mods[i], ignore):
                    out[cat] = (f"{cat}.{rule}: '{doc[start:end].text}'", i, (cat, rule) in self._soft_rules)
        return out


def _relative_clause_act(doc: Doc, start: int) -> bool:
    """The phrase opens a relative clause on a noun other than the client: "the man who shot his brother"."""
    return start >= 2 and doc[start - 1].lower_ in ("who", "that") and doc[start - 2].tag_ in ("NN", "NNS", "NNP") \
        and doc[start - 2].lower_ not in CLIENT_NOUNS


def _other_subject(doc: Doc, mods: list) -> bool:
    """The sentence opens with someone else as its subject ("His brother threatened him ...", "Client says his
    mother threw ..."): only the client and a verb of reporting may come first."""
    return any(m.category in PERSON_CATEGORIES and m.direction == "forward"
               and (m.start <= 1 or _reported(doc[: m.start])) for m in mods)


def _reported(lead) -> bool:  # type: ignore[no-untyped-def]
    """ "Client says", "Client reported that": a report's lead-in (at most three words), not an act of hers."""
    words = [t.lower_ for t in lead if not t.is_punct]
    return bool(words) and words[0] in CLIENT_NOUNS and len(words) <= 3 \
        and all(w in CLIENT_NOUNS or w in REPORTING or w == "that" for w in words) \
        and any(w in REPORTING for w in words)


def _unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, so a dot product is the cosine (sentences and exemplars alike)."""
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _stable_examples(spec: dict | None) -> tuple[str, ...]:
    """On-topic statements that carry no risk: a framework's examples at its stable levels."""
    if not spec:
        return ()
    from nlp.frameworks import load_framework

    fw = load_framework(FRAMEWORKS / spec["file"])
    min_level = int(spec.get("min_level", 3))
    return tuple(ex for d in fw.domains for lv, lvl in d.levels.items() if lv >= min_level for ex in lvl.examples)


def _severity_statements(ex: dict, key: str) -> dict[str, tuple[str, ...]]:
    """The written high or elevated statements per category, their categories checked."""
    out = {}
    for cat, items in (ex.get(key) or {}).items():
        if cat not in CATEGORIES:
            raise ValueError(f"risk exemplars name unknown {key}-severity category {cat!r}")
        out[cat] = tuple(items)
    return out


@dataclass(frozen=True, slots=True)
class StatementFit:
    """Everything a fit depends on: a change to any of it (an edited statement, a setting) refits the cache."""

    data: tuple[tuple[str, tuple[str, ...]], ...]  # (class, statements), the harmless class included
    C: float
    reference: tuple[tuple[str, tuple[str, ...]], ...]  # embedded, not fitted on: written high and harmless statements
    words: WordFeatures
    severity: tuple[tuple[str, str, bool], ...]  # (category, statement, high?)
    severity_C: float
    severity_words: WordFeatures

    def key(self) -> str:
        return hashlib.sha1(repr(self).encode()).hexdigest()


def _load_or_fit(embedder, fit: StatementFit, cache_dir: Path | None):  # type: ignore[no-untyped-def]
    """Fitted once per (embedding model, statements and settings, sklearn version); cached on disk when a
    folder is given."""
    import joblib
    import sklearn

    if cache_dir is None:
        return _fit(embedder, fit)
    parts = f"v6|{fit.key()}|{getattr(embedder, 'model_id', '')}|{sklearn.__version__}|{load_surrogates().version}"
    digest = hashlib.sha1(parts.encode()).hexdigest()
    path = Path(cache_dir) / f"risk-{digest[:16]}.joblib"
    if path.exists():
        try:
            return joblib.load(path)
        except Exception:  # noqa: BLE001 - a bad cache file is refit, never fatal
            pass
    fitted = _fit(embedder, fit)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump(fitted, tmp)
        tmp.replace(path)
    except OSError:
        pass
    return fitted


@lru_cache(maxsize=8)
def _fit(embedder, fit: StatementFit):  # type: ignore[no-untyped-def]
    """Fit once per statement set in this process: the statement classifier; each risk category's exemplar
    vectors (unit length) for the nearest-exemplar check; the unit vectors of the `reference` groups; and a
    high-versus-elevated model per category that has examples of both."""
    render = load_surrogates().render  # labelled statements may carry placeholders, as notes do after redaction
    texts, labels = [], []
    for cat, items in fit.data:
        texts += [render(t) for t in items]
        labels += [cat] * len(items)
    X = np.asarray(embedder(texts), dtype=np.float32)
    clf = StatementClassifier(fit.C, fit.words).fit(X, texts, labels)
    unit = _unit(X)
    lab = np.asarray(labels)
    exemplars = {cat: unit[lab == cat] for cat, _ in fit.data}
    for name, items in fit.reference:
        exemplars[name] = _unit(np.asarray(embedder([render(t) for t in items]), dtype=np.float32))
    severity = [(c, render(t), high) for c, t, high in fit.severity]
    sev_texts = list(dict.fromkeys(t for _, t, _ in severity))
    sev_vec = dict(zip(sev_texts, _unit(np.asarray(embedder(sev_texts), dtype=np.float32)), strict=True))
    severity_models = {}
    for cat in CATEGORIES:
        rows = [(t, high) for c, t, high in severity if c == cat]
        if len({high for _, high in rows}) == 2:
            severity_models[cat] = StatementClassifier(fit.severity_C, fit.severity_words).fit(
                np.stack([sev_vec[t] for t, _ in rows]), [t for t, _ in rows], [high for _, high in rows])
    return list(clf.classes_), clf, exemplars, severity_models
