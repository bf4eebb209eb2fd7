"""The risk statement classifier: logistic regression on a sentence's embedding beside TF-IDF weights of its
words and word pairs. The embedding carries meaning written in new words; the word features carry what an
embedding of a short sentence blurs ("pills" beside "bills"). Measured leave-one-suite-out on the labelled
suites, model path alone: recall 0.63 -> 0.68 at precision 0.96 -> 0.97 (evaluation/RESULTS.md, round 6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """Settings of the word side (exemplars.yaml `word_features`); weight 0 switches it off."""

    weight: float = 1.0
    max_ngram: int = 2
    min_df: int = 2

    @classmethod
    def from_spec(cls, spec: dict | None) -> WordFeatures:
        if not spec:
            return cls(weight=0.0)
        unknown = set(spec) - {"weight", "max_ngram", "min_df"}
        if unknown:
            raise ValueError(f"risk exemplars word_features: unknown keys {sorted(unknown)}")
        return cls(float(spec.get("weight", 1.0)), int(spec.get("max_ngram", 2)), int(spec.get("min_df", 2)))


class StatementClassifier:
    """Fitted once per statement set; `predict_proba` takes the sentences' vectors and their texts."""

    def __init__(self, C: float, words: WordFeatures) -> None:
        self.words = words
        self.clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        self.vectorizer: TfidfVectorizer | None = None

    @property
    def classes_(self) -> list[str]:
        return list(self.clf.classes_)

    def fit(self, vectors: np.ndarray, texts: Sequence[str], labels: Sequence[str]) -> StatementClassifier:
        if self.words.weight > 0:
            self.vectorizer = TfidfVectorizer(ngram_range=(1, self.words.max_ngram), min_df=self.words.min_df,
                                              sublinear_tf=True, lowercase=True)
            self.vectorizer.fit(texts)
        self.clf.fit(self._features(vectors, texts), list(labels))
        return self

    def predict_proba(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        if len(vectors) != len(texts):
            raise ValueError(f"{len(vectors)} vectors for {len(texts)} sentences")
        if not len(vectors):
            return np.zeros((0, len(self.clf.classes_)))
        return self.clf.predict_proba(self._features(vectors, texts))

    def _features(self, vectors: np.ndarray, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        if self.vectorizer is None:
            return np.asarray(vectors, dtype=np.float32)
        words = self.vectorizer.transform(list(texts)) * self.words.weight
        return hstack([csr_matrix(np.asarray(vectors, dtype=np.float32)), words]).tocsr()
