from __future__ import annotations

from nlp.segmentation import Segmenter


def test_headers_bullets_and_abbreviations() -> None:
    text = ("D: Met Dr. Lee at 3 p.m. today. Cl brought appts list\n"
            "A: Stable, no concerns\n- rent paid\n- job search ongoing\nP: f/u Thurs")
    sents = Segmenter()(text)
    texts = [s.text for s in sents]
    assert texts[0] == "Met Dr. Lee at 3 p.m. today."
    assert "rent paid" in texts and "job search ongoing" in texts
    assert [s.section for s in sents if s.text == "rent paid"] == ["assessment"]
    assert sents[-1].section == "plan" and sents[-1].text == "f/u Thurs"
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_no_final_punctuation_and_empty() -> None:
    assert [s.text for s in Segmenter()("slept in car since tuesday")] == ["slept in car since tuesday"]
    assert Segmenter()("") == []
    assert Segmenter()("\n\n  \n") == []
