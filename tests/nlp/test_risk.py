"""Risk flags: affirmed current risks raise their category with evidence; traps do not."""

from __future__ import annotations

import pytest


def _flags(pipeline, text: str) -> dict:  # type: ignore[no-untyped-def]
    a = pipeline.analyze(text)
    for f in a.flags:
        for e in f.evidence:
            assert a.redaction.redacted[e.start : e.end] == e.text
    return {f.category: f for f in a.flags}


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Cl endorsed SI with a plan to take her pills tonight.", "suicide_self_harm", "high"),
        ("She has been sleeping in her car behind the church since Friday.", "housing_loss", "high"),
        ("Landlord filed for eviction; hearing is next Tuesday.", "housing_loss", "elevated"),
        ("Her boyfriend choked her last night.", "domestic_violence", "high"),
        ("He relapsed on heroin this weekend.", "substance_use", "elevated"),
        ("She ran out of insulin on Saturday.", "medical_crisis", "high"),
        ("Missed her last three appointments and her phone is disconnected.", "disengagement", "elevated"),
        ("The 4-year-old was left alone in the apartment overnight.", "child_safety", "high"),
        ("He said he is going to kill his landlord.", "harm_to_others", "high"),
    ],
)
def test_affirmed_risks(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, text)
    assert category in flags, flags
    assert flags[category].severity == severity
    if severity == "high":
        assert flags[category].severity_rule and flags[category].severity_rule.startswith(category)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Denies SI/HI.", "suicide_self_harm"),
        ("History of overdose in 2019, sober three years.", "substance_use"),
        ("If the landlord files, she could lose the unit.", "housing_loss"),
        ("Her neighbour was evicted last month.", "housing_loss"),
        ("His brother is using again.", "substance_use"),
        ("PHQ-9 item 9 scored 0. C-SSRS screen negative.", "suicide_self_harm"),
        ("No DV, no safety concerns.", "domestic_violence"),
    ],
)
def test_traps_raise_nothing(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category not in _flags(pipeline, text)


def test_current_part_wins(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "She denied SI last month but today says she wants to die.")
    assert "suicide_self_harm" in flags
    assert "wants to die" in flags["suicide_self_harm"].evidence[0].text


def test_keyword_free_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "He told me his family would be better off without him and he gave his dog away.")
    assert "suicide_self_harm" in flags
