from __future__ import annotations

import numpy as np
import pytest

from evaluation.risk_eval import MemoEmbedder, override, score


def test_override_sets_dotted_keys_as_yaml_values() -> None:
    spec = {"severity_model": {"C": 16.0, "threshold": 0.6}, "threshold": 0.5}
    out = override(spec, ["severity_model.threshold=0.4", "nearest_wins=false", "word_features.min_df=2"])
    assert out == {"severity_model": {"C": 16.0, "threshold": 0.4}, "threshold": 0.5, "nearest_wins": False,
                   "word_features": {"min_df": 2}}
    with pytest.raises(SystemExit, match="KEY=VALUE"):
        override({}, ["severity_model.threshold"])


def test_memo_embedder_embeds_each_text_once_and_keeps_order() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[len(t), t.count("a")] for t in texts], dtype=np.float32)

    memo = MemoEmbedder(embed)
    first = memo(["aa", "b", "aa"])
    again = memo(["b", "ccc", "aa"])
    assert calls == [["aa", "b"], ["ccc"]]
    assert first.tolist() == [[2, 2], [1, 0], [2, 2]]
    assert again.tolist() == [[1, 0], [3, 0], [2, 2]]


def test_fold_errors_sorts_each_kind_of_error() -> None:
    from evaluation.risk_eval import fold_errors

    notes = [
        {"id": "a", "text": "took pills", "kind": "affirmed", "category": "suicide_self_harm",
         "flags": {"suicide_self_harm": "high"}},
        {"id": "b", "text": "denies SI", "kind": "trap", "category": "suicide_self_harm", "flags": {}},
        {"id": "c", "text": "evicted", "kind": "affirmed", "category": "housing_loss",
         "flags": {"housing_loss": "elevated"}},
    ]
    preds = [{"suicide_self_harm": "elevated", "medical_crisis": "high"}, {"suicide_self_harm": "elevated"}, {}]
    out = fold_errors(notes, preds)
    assert [r["id"] for r in out["extra_categories"]] == ["a"]
    assert [r["id"] for r in out["false_alarms"]] == ["b"]
    assert [r["id"] for r in out["misses"]] == ["c"]
    assert [r["id"] for r in out["high_misses"]] == ["a"]


def test_score_counts_high_severity_per_category() -> None:
    notes = [{"flags": {"suicide_self_harm": "high"}},
             {"flags": {"suicide_self_harm": "high", "housing_loss": "elevated"}},
             {"flags": {"housing_loss": "high"}}]
    preds = [{"suicide_self_harm": "high"}, {"suicide_self_harm": "elevated", "housing_loss": "high"},
             {"housing_loss": "high"}]
    per = score(notes, preds)["high_per_category"]
    assert per["suicide_self_harm"] == {"high": 2, "called_high": 1, "recall": 0.5, "precision": 1.0}
    assert per["housing_loss"] == {"high": 1, "called_high": 1, "recall": 1.0, "precision": 0.5}
