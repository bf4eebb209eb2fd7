"""Framework scoring: which sentences are evidence for which domain (relevance models), what level
they indicate (level models), both fit on the framework's own example statements, so a new
framework needs no code. Assertion context removes negated crises and others' situations."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.context.component import AssertionContext, scope_share
from nlp.frameworks import Framework, load_frameworks
from nlp.parsing import SentenceParser
from nlp.resources import load_yaml
from nlp.surrogates import load_surrogates
from nlp.types import DomainScore, Evidence, Flag, Sentence

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CONFIG = HERE / "scoring.yaml"
BACKGROUND = HERE / "background.yaml"
NONE = "__none__"


@dataclass
class ScoringConfig:
    version: str
    relevance_threshold: float
    cue_bonus: float
    max_citations: int
    aggregate: str
    crisis_levels: list[int]
    relevance_C: float
    level_C: float
    use_meanings: bool = True
    level_embedding_weight: float = 0.4
    confidence_temperature: float = 1.0  # level = w * embedding model + (1 - w) * word n-gram model
    flag_weight: float = 0.0  # weight of a risk flag's evidence sentence for the level its domain maps it to
    sentence_context: float = 0.0  # > 0: a sentence this much inside an other-person scope is nobody's evidence,
    #                                 inside negation/history its crisis levels go (0 = cue words only)

    @classmethod
    def load(cls, path: Path = CONFIG) -> ScoringConfig:
        return cls(**load_yaml(path))


def _clauses(meaning: str) -> list[str]:
    return [p.strip() for p in re.split(r",|;| or |/|·", meaning) if len(p.strip()) > 3]


@dataclass
class FittedFramework:
    framework: Framework
    domains: list[str]
    relevance: dict[str, LogisticRegression]  # one-vs-rest per domain
    levels: dict[str, LogisticRegression]  # on sentence embeddings
    lexical: dict[str, tuple[TfidfVectorizer, LogisticRegression]]  # on word n-grams of the same examples


class FrameworkScorer:
    def __init__(self, frameworks_dir: Path, embedder, spacy_model: str, cache_dir: Path | None = None,  # type: ignore[no-untyped-def]
                 config: ScoringConfig | None = None) -> None:
        self.frameworks = load_frameworks(Path(frameworks_dir))
        self.embedder = embedder
        self.config = config or ScoringConfig.load()
        self.parser = SentenceParser(spacy_model)
        self.context = AssertionContext(self.parser.nlp.vocab, make_doc=self.parser.nlp.make_doc)
        self.background = load_yaml(BACKGROUND)
        self.cache_dir = Path(cache_dir) if cache_dir else Path.home() / ".cache" / "caselens" / "models"
        self._fitted: dict[str, FittedFramework] = {}
        self._cues: dict[str, tuple[PhraseMatcher, dict[int, str]]] = {}
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return f"scoring@{self.config.version}"

    def version_for(self, framework_id: str) -> tuple[str, str]:
        fw = self.frameworks.get(framework_id)
        if fw is None:
            raise KeyError(f"framework {framework_id!r} not found")
        return fw.id, fw.version

    # -- fitting ----------------------------------------------------------------------------------
    def fitted(self, framework_id: str) -> FittedFramework:
        with self._lock:
            if framework_id not in self._fitted:
                self._fitted[framework_id] = self._load_or_fit(self.frameworks[framework_id])
            return self._fitted[framework_id]

    def _cache_key(self, fw: Framework) -> str:
        parts = [fw.fingerprint(), self.background["version"], str(getattr(self.embedder, "model_id", "")),
                 repr(self.config), sklearn.__version__]
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    def _load_or_fit(self, fw: Framework) -> FittedFramework:
        path = self.cache_dir / f"{fw.id}@{fw.version}-{self._cache_key(fw)}.joblib"
        if path.exists():
            try:
                fitted = joblib.load(path)
                fitted.framework = fw
                return fitted
            except Exception:  # noqa: BLE001 - a bad cache file is refit, never fatal
                log.warning("model cache %s unreadable; refitting", path)
        fitted = self._fit(fw)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            joblib.dump(fitted, tmp)
            tmp.replace(path)
        except OSError as exc:
            log.warning("cannot write model cache %s: %s", path, exc)
        return fitted

    def _fit(self, fw: Framework) -> FittedFramework:
        texts: list[str] = []
        dom: list[str] = []
        lev: list[int] = []
        for d in fw.domains:
            for level, spec in d.levels.items():
                # The level's meaning, whole and split into its clauses, joins the written examples.
                items = [*spec.examples, spec.meaning, *_clauses(spec.meaning)] if self.config.use_meanings \
                    else list(spec.examples)
                texts += items
                dom += [d.id] * len(items)
                lev += [level] * len(items)
        bg = list(self.background["sentences"])
        X = self.embedder(texts + bg)
        Xd, Xb = X[: len(texts)], X[len(texts) :]
        dom_arr, lev_arr = np.array(dom), np.array(lev)
        relevance, levels, lexical = {}, {}, {}
        for d in fw.domains:
            y = np.concatenate([(dom_arr == d.id).astype(int), np.zeros(len(bg), dtype=int)])
            clf = LogisticRegression(C=self.config.relevance_C, max_iter=2000, class_weight="balanced")
            relevance[d.id] = clf.fit(np.vstack([Xd, Xb]), y)
            mask = dom_arr == d.id
            lclf = LogisticRegression(C=self.config.level_C, max_iter=2000)
            levels[d.id] = lclf.fit(Xd[mask], lev_arr[mask])
            vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
            d_texts = [t for t, keep in zip(texts, mask, strict=True) if keep]
            lexical[d.id] = (vec, LogisticRegression(C=self.config.level_C, max_iter=2000).fit(
                vec.fit_transform(d_texts), lev_arr[mask]))
        return FittedFramework(fw, [d.id for d in fw.domains], relevance, levels, lexical)

    def _cue_matcher(self, fw: Framework) -> tuple[PhraseMatcher, dict[int, str]]:
        if fw.id not in self._cues:
            nlp = self.parser.nlp
            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            ids = {}
            for d in fw.domains:
                key = f"cue|{d.id}"
                matcher.add(key, [nlp.make_doc(c) for c in d.cues if c.strip()])
                ids[nlp.vocab.strings[key]] = d.id
                if d.crisis_cues:
                    key = f"crisis|{d.id}"
                    matcher.add(key, [nlp.make_doc(c) for c in d.crisis_cues if c.strip()])
                    ids[nlp.vocab.strings[key]] = f"crisis|{d.id}"
            self._cues[fw.id] = (matcher, ids)
        return self._cues[fw.id]

    # -- scoring ----------------------------------------------------------------------------------
    def score(self, framework_id: str, text: str, sentences: list[Sentence], vectors: np.ndarray,
              docs: list[Doc] | None = None, flags: list[Flag] | None = None) -> list[DomainScore]:
        if not sentences:
            return []
        fitted = self.fitted(framework_id)
        fw = fitted.framework
        docs = docs if docs is not None else self.parser(sentences)
        matcher, ids = self._cue_matcher(fw)
        cfg = self.config
        n = len(sentences)
        rel = np.zeros((n, len(fitted.domains)))
        for j, d in enumerate(fitted.domains):
            rel[:, j] = fitted.relevance[d].predict_proba(vectors)[:, 1]
        # Domain cues: a bonus to relevance, and their assertion context decides what the sentence says.
        cue_context: list[dict[str, set[frozenset[str]]]] = []
        sentence_ctx: list[frozenset[str]] = []
        for i, doc in enumerate(docs):
            mods = self.context.modifiers(doc)
            sentence_ctx.append(self._sentence_context(doc, mods))
            seen: dict[str, set[frozenset[str]]] = {}
            for match_id, start, end in matcher(doc):
                d = ids[match_id]
                seen.setdefault(d, set()).add(frozenset(self.context.assess(doc, start, end, mods)))
            for d in seen:
                if not d.startswith("crisis|"):
                    rel[i, fitted.domains.index(d)] += cfg.cue_bonus
            cue_context.append(seen)
        out = []
        levels = fw.levels
        flagged = self._flag_evidence(fw, sentences, flags or [])
        ignored = {dom.id: frozenset(dom.ignore_context) for dom in fw.domains}
        crisis = {dom.id: dom.crisis_cues for dom in fw.domains}
        for j, d in enumerate(fitted.domains):
            idx = [i for i in range(n) if rel[i, j] >= cfg.relevance_threshold]
            if not idx and d not in flagged:
                continue
            dist = np.zeros(len(levels))
            contrib: list[tuple[int, np.ndarray, float]] = []
            for i, level in flagged.get(d, {}).items():
                one = np.zeros(len(levels))
                one[levels.index(level)] = 1.0
                dist += cfg.flag_weight * one
                contrib.append((i, one, cfg.flag_weight))
            idx = [i for i in idx if i not in flagged.get(d, {})]
            for i, p in zip(idx, self._level_probs(fitted, d, idx, sentences, vectors), strict=True):
                contexts = set(cue_context[i].get(d, ()))
                negatable = contexts if crisis[d] is None else set(cue_context[i].get(f"crisis|{d}", ()))
                if sentence_ctx[i]:
                    contexts.add(sentence_ctx[i])
                    if crisis[d] is None or negatable:  # a sentence-wide "no" counts only with a problem word
                        negatable.add(sentence_ctx[i])
                if ignored[d]:
                    contexts = {c - ignored[d] for c in contexts}
                    negatable = {c - ignored[d] for c in negatable}
                q = self._apply_context(p, contexts, negatable, levels)
                if q is None:
                    continue
                weight = float(min(rel[i, j], 1.0))
                dist += weight * q
                contrib.append((i, q, weight))
            if not contrib or dist.sum() <= 0:
                continue
            dist = dist / dist.sum()
            if cfg.confidence_temperature != 1.0:  # calibration (fit on dev notes, see RESULTS.md)
                dist = dist ** (1.0 / cfg.confidence_temperature)
                dist = dist / dist.sum()
            if cfg.aggregate == "expected":
                level = int(round(float(np.dot(dist, levels))))
            else:
                level = levels[int(np.argmax(dist))]
            li = levels.index(level)
            ranked = sorted(contrib, key=lambda t: -(t[2] * t[1][li]))
            total = sum(t[2] * t[1][li] for t in ranked) or 1.0
            cites = [Evidence(sentences[i].start, sentences[i].end, text[sentences[i].start : sentences[i].end],
                              float(w * p[li] / total)) for i, p, w in ranked[: cfg.max_citations]]
            out.append(DomainScore(d, level, float(dist[li]), cites,
                                   {lv: float(v) for lv, v in zip(levels, dist, strict=True)}))
        return out

    def _level_probs(self, fitted: FittedFramework, domain: str, idx: list[int], sentences: list[Sentence],
                     vectors: np.ndarray) -> np.ndarray:
        """Per evidence sentence, its distribution over the framework's levels: the sentence-embedding
        model and the word n-gram model blended (`level_embedding_weight`)."""
        levels = fitted.framework.levels
        out = np.zeros((len(idx), len(levels)))
        if not idx:
            return out
        model = fitted.levels[domain]
        w = self.config.level_embedding_weight
        probs = w * model.predict_proba(vectors[idx])
        vec, lex = fitted.lexical[domain]
        lex_probs = lex.predict_proba(vec.transform([load_surrogates().render(sentences[i].text) for i in idx]))
        probs = probs + (1 - w) * lex_probs[:, [list(lex.classes_).index(c) for c in model.classes_]]
        for col, c in enumerate(model.classes_):
            out[:, levels.index(int(c))] = probs[:, col]
        return out

    def _flag_evidence(self, fw: Framework, sentences: list[Sentence], flags: list[Flag]
                       ) -> dict[str, dict[int, int]]:
        """domain -> {sentence index: level} from the risk flags the framework maps to its domains;
        the most severe (lowest) level wins when two flags share a sentence."""
        if not self.config.flag_weight or not flags:
            return {}
        where = {(s.start, s.end): i for i, s in enumerate(sentences)}
        out: dict[str, dict[int, int]] = {}
        for dom in fw.domains:
            for f in flags:
                level = dom.flag_level(f.category, f.severity)
                if level is None:
                    continue
                for e in f.evidence:
                    i = where.get((e.start, e.end))
                    if i is not None:
                        cur = out.setdefault(dom.id, {})
                        cur[i] = min(cur.get(i, level), level)
        return out

    def _sentence_context(self, doc: Doc, mods: list) -> frozenset[str]:  # type: ignore[type-arg]
        """The context that covers most of a sentence ("his brother was arrested on a warrant",
        "partner has never been violent"), whatever words the domain cues happen to list."""
        cut = self.config.sentence_context
        if not cut:
            return frozenset()
        scopes = self.context.scopes(doc, mods)
        out = set()
        for group in ({"OTHER"}, {"HYPOTHETICAL", "HYPOTHETICAL_IF"}, {"NEGATED", "NEGATIVE_SCREEN", "IMPROVING"},
                      {"HISTORICAL"}):
            if scope_share(doc, [sc for sc in scopes if sc[0] in group]) > cut:
                out |= group
        return frozenset(out)

    def _apply_context(
        self, p: np.ndarray, contexts: set[frozenset[str]], negatable: set[frozenset[str]], levels: list[int]
    ) -> np.ndarray | None:
        """None drops the sentence (all its cues are about someone else or hypothetical); negated or
        resolved problem cues take the crisis levels out of its distribution."""
        if contexts and all(c & {"OTHER", "HYPOTHETICAL", "HYPOTHETICAL_IF"} for c in contexts):
            return None
        if negatable and all(c & {"NEGATED", "HISTORICAL", "NEGATIVE_SCREEN", "IMPROVING"} for c in negatable):
            q = p.copy()
            for lv in self.config.crisis_levels:
                if lv in levels:
                    q[levels.index(lv)] = 0.0
            return q / q.sum() if q.sum() > 0 else None
        return p
