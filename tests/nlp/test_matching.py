from __future__ import annotations

import pytest

from nlp.matching import _expand_plain, compile_phrase


def test_phrase_syntax() -> None:
    assert compile_phrase("~sleep in _{0,2} car|van") == [
        {"LEMMA": "sleep"}, {"LOWER": "in"}, {"OP": "{0,2}"}, {"LOWER": {"IN": ["car", "van"]}}]
    assert compile_phrase("# - day notice")[0] == {"LIKE_NUM": True}
    assert compile_phrase("in /(19|20)[0-9][0-9]/")[1] == {"TEXT": {"REGEX": "^(?:(19|20)[0-9][0-9])$"}}
    assert compile_phrase("kill her|him?")[1]["OP"] == "?"


def test_expansion_only_for_plain_phrases() -> None:
    assert _expand_plain("no show|shows", 64) == ["no show", "no shows"]
    assert _expand_plain("~deny any", 64) is None
    assert _expand_plain("a|b|c|d|e|f|g|h a|b|c|d|e|f|g|h a|b", 64) is None


def test_empty_phrase_refused() -> None:
    with pytest.raises(ValueError):
        compile_phrase("_?")
