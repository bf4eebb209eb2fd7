"""The labelled statement suites the risk models are fitted on: schema and loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.risk.statements import load_statements, load_suite

LABELLED = Path(__file__).resolve().parents[2] / "nlp" / "risk" / "labelled"


def test_files_load_in_name_order_with_severity_and_traps(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("housing_loss:\n  affirmed:\n    - {text: 'Sleeping in the bus station.', "
                                     "high: true}\n  traps: ['Her neighbor was evicted.']\n")
    (tmp_path / "a.yaml").write_text("disengagement:\n  affirmed:\n    - {text: 'Phone goes to a disconnected "
                                     "message.'}\n")
    (tmp_path / "notes.txt").write_text("not a suite")
    got = load_statements(tmp_path)
    assert [(s.category, s.high) for s in got.affirmed] == [("disengagement", False), ("housing_loss", True)]
    assert [(t.category, t.text) for t in got.traps] == [("housing_loss", "Her neighbor was evicted.")]
    assert got.positives("housing_loss") == ("Sleeping in the bus station.",)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("housing_los:\n  affirmed: [{text: 'x'}]\n", "housing_los"),  # misspelt category
        ("housing_loss:\n  affirmd: [{text: 'x'}]\n", "affirmd"),  # misspelt key
        ("housing_loss:\n  affirmed: [{text: 'x', severe: true}]\n", "severe"),  # unknown statement key
        ("housing_loss:\n  affirmed: [{text: ''}]\n", "text"),  # empty statement
    ],
)
def test_a_bad_suite_fails_with_its_file_and_reason(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match="bad.yaml") as err:
        load_statements(tmp_path)
    assert problem in str(err.value)


def test_a_missing_folder_is_an_error_and_none_means_no_statements(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_statements(tmp_path / "absent")
    assert load_statements(None).affirmed == ()


def test_every_shipped_suite_is_valid_and_labels_high_only_where_the_taxonomy_can() -> None:
    files = sorted(LABELLED.glob("*.yaml"))
    assert len(files) >= 16
    for f in files:
        load_suite(f)
    got = load_statements(LABELLED)
    assert len(got.affirmed) > 900 and len(got.traps) > 800
    assert not any(s.high for s in got.affirmed if s.category == "disengagement")  # never high by the taxonomy
