"""The risk statement classifier on small real data: embedding beside word features."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.risk.classifier import StatementClassifier, WordFeatures

TEXTS = ["took all her pills", "swallowed the pills", "pills in her bag again",
         "paid the bills", "the bills are due", "sorted her bills today"]
LABELS = ["risk", "risk", "risk", "none", "none", "none"]


def _vectors(n: int) -> np.ndarray:
    """The same vector for every sentence: only the word side can tell them apart."""
    return np.ones((n, 4), dtype=np.float32)


def test_word_features_separate_what_the_embedding_blurs() -> None:
    clf = StatementClassifier(16.0, WordFeatures(weight=1.0, max_ngram=1, min_df=1)).fit(
        _vectors(len(TEXTS)), TEXTS, LABELS)
    p = clf.predict_proba(_vectors(2), ["she took the pills", "the bills came"])
    risk = clf.classes_.index("risk")
    assert p[0, risk] > 0.5 > p[1, risk]


def test_weight_zero_is_the_embedding_alone() -> None:
    clf = StatementClassifier(16.0, WordFeatures.from_spec({"weight": 0})).fit(_vectors(len(TEXTS)), TEXTS, LABELS)
    assert clf.vectorizer is None
    p = clf.predict_proba(_vectors(2), ["she took the pills", "the bills came"])
    assert np.allclose(p[0], p[1])  # identical vectors, no words: nothing to tell them apart
    assert WordFeatures.from_spec(None).weight == 0.0


def test_bad_settings_and_inputs_fail_clearly() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        WordFeatures.from_spec({"weigth": 1.0})
    clf = StatementClassifier(1.0, WordFeatures(min_df=1)).fit(_vectors(len(TEXTS)), TEXTS, LABELS)
    with pytest.raises(ValueError, match="2 vectors for 1 sentences"):
        clf.predict_proba(_vectors(2), ["one"])
    assert clf.predict_proba(_vectors(0), []).shape == (0, 2)


def test_binary_labels_serve_the_severity_model() -> None:
    """The severity model is the same classifier on high/elevated labels; its classes are the booleans."""
    high = [True, True, True, False, False, False]
    clf = StatementClassifier(16.0, WordFeatures(min_df=1, max_ngram=1)).fit(_vectors(len(TEXTS)), TEXTS, high)
    p = clf.predict_proba(_vectors(1), ["swallowed all the pills"])[:, clf.classes_.index(True)]
    assert p[0] > 0.5
