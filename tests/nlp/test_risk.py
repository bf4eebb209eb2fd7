"""Risk flags: affirmed current risks raise their category with evidence; traps do not."""

from __future__ import annotations

import numpy as np
import pytest


def _flags(pipeline, text: str) -> dict:  # type: ignore[no-untyped-def]
    a = pipeline.analyze(text)
    for f in a.flags:
        for e in f.evidence:
            assert a.redaction.redacted[e.start : e.end] == e.text
    return {f.category: f for f in a.flags}


def _assert_flagged(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """The probe tests' one check: the category is raised, at this severity when one is given."""
    flags = _flags(pipeline, text)
    assert category in flags, flags
    if severity:
        assert flags[category].severity == severity, flags[category].severity_rule


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
        ("He posted that he would 'shoot up' the school Friday and has his uncle's rifle.", "harm_to_others", "high"),
        ("Her 12-year-old was home alone overnight while she worked.", "child_safety", "elevated"),
        # a call after the risk is no "reached after all": that undoes a missed contact only
        ("She has been sleeping in her car; she called the shelter line.", "housing_loss", "high"),
        ("He said he wouldn't mind if the cancer took him sooner.", "suicide_self_harm", "elevated"),
        ("Cl says he put hands on a man at the bus stop and broke his jaw.", "harm_to_others", "high"),
        ("Boyfriend pushed her onto the couch, took her keys; she was not injured.", "domestic_violence", "elevated"),
        ("She has been buying pills off the street since her prescription ended.", "substance_use", "elevated"),
        # another man's act in a relative clause does not make the client's thought a threat to kill
        ("He hates the man who shot his brother and thinks about hurting him; no plan.", "harm_to_others", "elevated"),
        ("If his coworker touches his tools again he will put him in the hospital.", "harm_to_others", "elevated"),
        ("He locked himself in the garage with the car running.", "suicide_self_harm", "high"),
        ("Client drank a bottle of bleach last night after a fight; her sister drove her to the ED.",
         "suicide_self_harm", "high"),
        ("He said he put a loaded gun to his head Saturday and couldn't pull the trigger.",
         "suicide_self_harm", "high"),
        ("He said the judge should be shot, then said he didn't mean it. No plan or weapon.",
         "harm_to_others", "elevated"),
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
        ("Cl was robbed last week and is sleeping poorly.", "housing_loss"),
        ("He doesn't mind if his brother takes the car.", "suicide_self_harm"),
        ("He missed one group for a funeral and called ahead.", "disengagement"),
        ("Could not reach her Friday; she called back Monday.", "disengagement"),
        ("Client attempted suicide in 2014 by overdose and has been stable since.", "substance_use"),
        ("She used her ice-cube skill and did not cut.", "substance_use"),
        ("Youth punched a wall during group and split his knuckles.", "harm_to_others"),
        ("Tenant's neighbor says client has been banging on her door at night.", "domestic_violence"),
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


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # someone else as the OBJECT does not make the risk someone else's
        ("She texted her sister a goodbye message at 2am.", "suicide_self_harm"),
        ("She said she is going to beat her neighbor when she sees her.", "harm_to_others"),
        ("She was hit by her brother on Sunday.", "domestic_violence"),
    ],
)
def test_other_person_as_object_still_raises(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category in _flags(pipeline, text)


def test_threat_made_to_the_client_is_domestic_violence(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "He told her he would kill her and the kids if she called anyone.")
    assert flags["domestic_violence"].severity == "high"
    assert "harm_to_others" not in flags


def test_severity_stays_with_its_own_evidence(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Her boyfriend slapped her across the face on Saturday. The 3-year-old was left alone in the "
            "apartment for an hour while she went to the store. Kids otherwise fed and clean.")
    flags = _flags(pipeline, text)
    assert flags["domestic_violence"].severity == "elevated" or flags["domestic_violence"].severity_rule
    assert flags["child_safety"].severity_rule and "slapped" not in flags["child_safety"].severity_rule


def test_harm_reduction_narcan_is_not_an_overdose(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "He relapsed on fentanyl this week. Gave him two Narcan kits and test strips.")
    assert flags["substance_use"].severity == "elevated"
    flags = _flags(pipeline, "He relapsed and EMS gave him Narcan twice in the stairwell.")
    assert flags["substance_use"].severity == "high"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Nobody has been able to find him at the camp since the 4th.", "disengagement"),  # negated by nature
        ("He has been living out of his backpack and sleeps wherever he can find a spot.", "housing_loss"),
    ],
)
def test_model_catches_statements_without_a_cue(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, text)
    assert category in flags
    assert flags[category].sources == ["model"]


def test_a_confident_classifier_alone_is_not_enough(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """'the death of him' is an idiom: with no probability bar at all it still raises no suicide flag (the
    idiom unmakes the category's model hits, and no suicide exemplar is nearer than a harmless one)."""
    text = "He laughed and said the paperwork is going to be the death of him."
    monkeypatch.setitem(pipeline.risk.thresholds, "suicide_self_harm", 0.0)
    assert "suicide_self_harm" not in _flags(pipeline, text)


def test_model_hits_need_an_anchor_and_a_near_exemplar(pipeline, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nlp.matching import PatternSet

    text = "He has been living out of his backpack and sleeps wherever he can find a spot."
    assert "housing_loss" in _flags(pipeline, text)
    monkeypatch.setattr(pipeline.risk, "min_similarity", 0.99)
    assert "housing_loss" not in _flags(pipeline, text)
    monkeypatch.setattr(pipeline.risk, "min_similarity", 0.0)
    monkeypatch.setattr(pipeline.risk, "anchors", PatternSet(pipeline.risk.nlp.vocab))
    assert "housing_loss" not in _flags(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "SI neg, HI neg.",  # shorthand negation after the term ("neg" is no name to redact)
        "SI: denies. HI: denies.",
        "Watched a documentary about suicide prevention and found it helpful.",  # talk about a risk
        "Staff member was yelled at by another client.",  # passive, someone else's act
        "She was neglected as a child and wants better for her kids.",
        "Seizure-free on Keppra, refills on time.",
    ],
)
def test_note_shorthand_traps(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _flags(pipeline, text) == {}


def test_short_backward_negation_does_not_reach_the_affirmed_part(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert "suicide_self_harm" in _flags(pipeline, "pt states she would be better off dead, denies plan")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # "stopped" ends a risk only as "the drinking stopped", not in "has stopped eating"
        ("She told her sister she wants to die and has stopped eating.", "suicide_self_harm"),
        ("Cl doesn't want to live anymore since she lost custody.", "suicide_self_harm"),  # "anymore" is not history
        ("He said his goodbyes and gave away his dog this week.", "suicide_self_harm"),
        ("She never came back after the intake.", "disengagement"),
        ("He hasn't been sober a single day since his son died.", "substance_use"),
    ],
)
def test_round3_probe_statements(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category in _flags(pipeline, text)


def test_a_reflexive_shooting_is_self_harm_not_a_threat(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "Cl stated he has a plan to shoot himself when his wife leaves for work.")
    assert flags["suicide_self_harm"].severity == "high" and "harm_to_others" not in flags


def test_past_stopping_is_still_resolved(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _flags(pipeline, "She stopped drinking in 2019.") == {}


def test_pronoun_is_never_a_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    a = pipeline.analyze("Her 4yo was left with no one while she went out.")
    assert a.redaction.redacted.startswith("Her 4yo")


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Her insulin pen is empty and the pharmacy is closed until Monday.", "medical_crisis", "high"),
        ("She's been popping Percs again, says she needs them to get through the day.", "substance_use", "elevated"),
        ("She is 35 weeks and has had no fetal movement since yesterday.", "medical_crisis", "high"),
        ("He hit his girlfriend's son with a belt.", "child_safety", "high"),
    ],
)
def test_round3_probes_with_severity(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, text)
    assert flags[category].severity == severity


def test_not_anymore_is_current_and_the_negation_still_resolves(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert "disengagement" in _flags(pipeline, "He doesn't answer his phone anymore.")
    assert "disengagement" in _flags(pipeline, "She won't come to group anymore.")
    assert _flags(pipeline, "He doesn't drink anymore.") == {}
    assert _flags(pipeline, "He is not going to group tonight because of work, will come Thursday.") == {}


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Her roommate kicked her out after the fight and she's at a friend's for two nights.", "housing_loss",
         "elevated"),
        ("He took a whole bottle of Tylenol Sunday night and was kept two days on the medical floor.",
         "suicide_self_harm", "high"),
        ("Pt admits to using cocaine over the weekend after six months clean.", "substance_use", "elevated"),
        ("He called her 40 times yesterday even though the order says no contact.", "domestic_violence",
         "elevated"),
        ("Client, 30 weeks pregnant, hasn't felt the baby move since yesterday.", "medical_crisis", "high"),
        ("She has not picked up her bus passes or attended a session since the 1st.", "disengagement",
         "elevated"),
        ("He broke his roommate's nose during a fight over the TV.", "harm_to_others", "high"),
        ("She hit her elderly father with his cane and left a welt.", "harm_to_others", "elevated"),
        ("Per PO, client sent his ex-cellmate messages saying he will find him and kill him.", "harm_to_others",
         "high"),
        ("Client's roommate found him blue and not breathing and did CPR until EMS arrived.", "substance_use",
         "high"),
        ("Client disclosed she swallowed about 30 of her seroquel last night and told no one.",
         "suicide_self_harm", "high"),
        ("He has been riding the bus all night since the warming center closed.", "housing_loss", "high"),
        ("Client hasn't had his HIV meds in 3 weeks because his Medicaid lapsed.", "medical_crisis", "elevated"),
        ("Client told the peer worker that case management is a waste of time and to leave him alone.",
         "disengagement", "elevated"),
    ],
)
def test_round4_probe_statements(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Her sister was kicked out by her landlord.", "housing_loss"),
        ("SI/HI: none.", "suicide_self_harm"),
        ("She lost her father to suicide when she was twelve.", "suicide_self_harm"),
        ("Client's coworker attempted suicide and client is shaken.", "suicide_self_harm"),
        ("The clinic hosts a monthly suicide loss support group.", "suicide_self_harm"),
        ("Staff carried naloxone during the outreach walk.", "substance_use"),
        ("Her old phone was disconnected; new number confirmed today.", "disengagement"),
        ("Client's seizure disorder is controlled; last seizure 2017.", "medical_crisis"),
        ("He was punched by a stranger on the train and filed a police report.", "harm_to_others"),
        ("Missed a session in May due to illness, made it up the next week.", "disengagement"),
        ("He mixes his methadone with benzos he buys on the street.", "housing_loss"),
        ("Her teenager stays home alone after school for an hour, which she is comfortable with.", "child_safety"),
        ("The pharmacy gave her a naloxone kit at pickup.", "substance_use"),
        ("He said the commute is killing him.", "harm_to_others"),
        ("Client's son doesn't show up to school, which she is addressing.", "disengagement"),
        ("If she ever feels that low again she will go to the ER.", "medical_crisis"),
        ("The webinar covered eviction law.", "housing_loss"),
        ("Client volunteers at a homeless shelter.", "housing_loss"),
        ("She watched a movie about an abusive marriage.", "domestic_violence"),
        ("Her son's father is using meth, which is why she has full custody.", "substance_use"),
        ("He talked about the time he slept in his car in college.", "housing_loss"),
        ("Client has been sleeping in the ER waiting room the last three nights.", "medical_crisis"),
        ("Client told the peer worker that case management is a waste of time and to leave him alone.",
         "child_safety"),
        ("She says she feels like a ghost and doesn't care whether she lives.", "disengagement"),
    ],
)
def test_round4_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category not in _flags(pipeline, text)


def test_one_event_one_flag_but_a_named_condition_stays(pipeline) -> None:  # type: ignore[no-untyped-def]
    """An emergency response in another category's evidence is that category's event; an infected
    self-harm wound is a medical risk of its own."""
    od = _flags(pipeline, "He was found unresponsive in the shelter bathroom and taken to the ER by ambulance.")
    assert "substance_use" in od and "medical_crisis" not in od
    cut = _flags(pipeline, "She keeps cutting her arms and one cut on her arm is infected and swollen.")
    assert "suicide_self_harm" in cut and "medical_crisis" in cut


@pytest.mark.parametrize(
    ("text", "category", "absent"),
    [
        ("Pt endorses SI. Plan is to overdose on her insulin. Has pens at home.", "suicide_self_harm",
         "substance_use"),
        ("Text from cl: 'my sugar meter says HI and I feel like I'm going to pass out.'", "medical_crisis",
         "harm_to_others"),
        ("Daughter told me her stepdad hits her with a cord.", "child_safety", None),
        ("Her ex keeps showing up at the kids' school in violation of the PO.", "domestic_violence", None),
    ],
)
def test_round4_second_suite_probes(pipeline, text: str, category: str, absent: str | None) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, text)
    assert category in flags, flags
    assert absent not in flags


def test_a_threat_about_the_past_of_someone_else_is_still_current(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A relative clause's history ('who abused him as a kid') belongs to that person, not to the threat."""
    flags = _flags(pipeline, "Pt reports homicidal thoughts about the man who abused him as a kid.")
    assert "harm_to_others" in flags


def test_an_exception_unmakes_only_its_own_category(pipeline) -> None:  # type: ignore[no-untyped-def]
    """'home alone' said of a 6-year-old still raises child safety; of a 16-year-old it does not."""
    assert "child_safety" in _flags(pipeline, "Her 6-year-old stays home alone after school.")
    assert "child_safety" not in _flags(pipeline, "Her 16-year-old stays home alone after school.")


def test_not_knowing_is_not_a_negation(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "His mother doesn't know that he has been using again.")
    assert "substance_use" in flags


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("Client made a noose out of a phone charger cord and showed it to her roommate.", True),
        ("Per wife, he sat in the car with a hose from the exhaust yesterday.", True),
        ("She's been standing on her balcony railing 'to see how it feels.'", True),
        ("He overdosed on his sleeping pills after the breakup and was kept on the psych unit.", True),
        ("Client burned his forearm with a hot spoon last night.", False),
    ],
)
def test_round4_suicide_probes(pipeline, text: str, high: bool) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, text)
    assert "suicide_self_harm" in flags, flags
    assert (flags["suicide_self_harm"].severity == "high") is high
    assert "substance_use" not in flags  # the overdose is the attempt, one event


@pytest.mark.parametrize("text", ["She burned her hand on the stove while cooking.",
                                  "He said he is dying to see his grandkids at Christmas."])
def test_round4_suicide_traps(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert "suicide_self_harm" not in _flags(pipeline, text)


def test_lexicon_edits_are_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A misspelt key or an unknown category or context would silently switch a rule off: they fail instead."""
    import yaml
    from pydantic import ValidationError

    from nlp.risk.detector import LEXICON
    from nlp.risk.lexicon import load_lexicon

    good = yaml.safe_load(LEXICON.read_text())
    assert load_lexicon(LEXICON).categories["housing_loss"].client_as_object
    for path, value in [(("categories", "housing_loss", "client_as_objct"), True),
                        (("categories", "eviction"), {"cues": ["evicted"]}),
                        (("categories", "substance_use", "ignore_context"), ["NEGATIVE"]),
                        (("categories", "housing_loss", "yields_to"), ["housing"])]:
        bad = yaml.safe_load(yaml.safe_dump(good))
        node = bad
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        f = tmp_path / "lexicon.yaml"
        f.write_text(yaml.safe_dump(bad))
        with pytest.raises(ValidationError) as err:
            load_lexicon(f)
        assert path[1] in str(err.value)


def test_an_exception_also_unmakes_a_model_hit(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The classifier reads 'evicted' as the client's housing loss; the not_when phrase says it is a neighbour's."""
    assert "housing_loss" not in _flags(pipeline, "Client's landlord evicted the tenant downstairs.")
    assert "housing_loss" in _flags(pipeline, "Client's landlord evicted her on Friday.")


def test_the_client_strangling_someone_is_harm_not_domestic_violence(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "He describes urges to strangle his roommate when he snores.")
    assert "harm_to_others" in flags and "domestic_violence" not in flags
    assert "domestic_violence" in _flags(pipeline, "Her boyfriend strangled her on Saturday.")


def test_the_client_hitting_someone_is_not_domestic_violence(pipeline) -> None:  # type: ignore[no-untyped-def]
    """DV is 'victim_only': the client swinging at another patient is harm to others; done to her, it is DV."""
    flags = _flags(pipeline, "Per the charge nurse, client swung a chair at another patient and hit him in the head.")
    assert "harm_to_others" in flags and "domestic_violence" not in flags
    assert "domestic_violence" in _flags(pipeline, "Client says her husband hit her last night.")
    assert "domestic_violence" in _flags(pipeline, "Client was hit by her boyfriend on Friday.")


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Her husband tossed her suitcase onto the lawn and said she can't come back.", "housing_loss", "high"),
        ("Client took a bottle of her grandmother's heart pills on Sunday night and was admitted.",
         "suicide_self_harm", "high"),
        ("Youth has been slicing her thighs with a pencil sharpener blade.", "suicide_self_harm", "elevated"),
        ("He keeps a razor in his glovebox in case he decides to end it.", "suicide_self_harm", "high"),
        ("He looked up which of his pills are lethal in large amounts.", "suicide_self_harm", "high"),
        ("He says he does not see himself alive much longer.", "suicide_self_harm", "elevated"),
        ("Her ex twisted her wrist until it cracked.", "domestic_violence", "high"),
        ("She said the right side of his mouth was drooping and he could not lift his arm.", "medical_crisis", "high"),
        ("Her 4-year-old was found walking along the highway by herself.", "child_safety", "high"),
        ("She says she wishes she had never been born and wants to die.", "suicide_self_harm", "elevated"),
        ("He passed out drunk on the floor and his roommate could not wake him.", "substance_use", "high"),
        ("He has skipped his dialysis on purpose because it would be faster that way.", "suicide_self_harm", "high"),
        ("Client told her sister she is not planning on being around for her birthday.", "suicide_self_harm",
         "elevated"),
        ("The 2-year-old got into the dishwasher pods and swallowed one.", "child_safety", "high"),
        ("Client broke his cellmate's jaw during a fight on the unit.", "harm_to_others", "high"),
        ("He has been skipping meals hoping his heart would just stop.", "suicide_self_harm", "high"),
        ("Her daughter says her mom's boyfriend touches her when no one is home and it scares her.", "child_safety",
         "high"),
        ("Client's blood pressure was 220 over 130 at the clinic this morning.", "medical_crisis", "high"),
    ],
)
def test_round5_probe_statements(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She joked that her toddler is going to be the death of her.", "suicide_self_harm"),
        ("He said he is bored to death at the day program.", "suicide_self_harm"),
        ("The girl's friend has been posting online about wanting to die.", "suicide_self_harm"),
        ("Her brother's rifle is kept locked at the hunting cabin.", "suicide_self_harm"),
        ("His son keeps his pills at his apartment and brings a week at a time.", "suicide_self_harm"),
        ("Intake question 'Do you have thoughts of ending your life?' - client answered no.", "suicide_self_harm"),
        ("Psychiatrist wants to rule out suicidal ideation at the next visit.", "suicide_self_harm"),
        ("He was cutting up onions for the shelter breakfast.", "suicide_self_harm"),
        ("He shot pool with his cousin on Friday night.", "harm_to_others"),
        ("She laughed that her supervisor is going to kill her for being late.", "harm_to_others"),
        ("Client and her kids camped at the lake campground over the holiday weekend.", "housing_loss"),
        ("She asked how the eviction process works for her paralegal class.", "housing_loss"),
        ("Couldn't reach client on Tuesday; she called back Wednesday and we met Thursday.", "disengagement"),
        ("She missed the first group but came to the second one the same week.", "disengagement"),
        ("Client said <PERSON_3>'s father has a DUI and drinks too much.", "substance_use"),
        ("He said finals week is going to kill him.", "harm_to_others"),
        ("If anybody touches his little sister he said he would call the police.", "harm_to_others"),
        ("The baby sleeps on his back in his own crib.", "child_safety"),
    ],
)
def test_round5_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Idioms, forms answered no, 'rule out', someone else's act or threat, reached after all, leisure."""
    assert category not in _flags(pipeline, text)


def test_severity_from_the_severity_model(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Evidence the severity model reads as imminent danger is high without a severity phrase, and the rule
    says so with its probability; the same topic without the danger is not."""
    from nlp.risk.detector import _unit

    d = pipeline.risk

    def rule(text: str, category: str) -> str | None:
        return d._model_severity(category, [0], _unit(pipeline.embedder([text])), [text])

    outside = rule("She is sleeping in her car tonight with the kids.", "housing_loss")
    assert outside and outside.startswith("housing_loss.severity_model: p(high)"), outside
    assert rule("Her landlord says she has to move out by the end of next month.", "housing_loss") is None
    assert rule("He was revived with Narcan after overdosing in the bathroom.", "substance_use")
    assert rule("He has been drinking every day again.", "substance_use") is None
    assert rule("He missed two appointments this month.", "disengagement") is None  # never high: no model


def test_nearest_harmless_check_reads_only_written_statements(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The labelled traps train the classifier as harmless, but a negated twin of an affirmed statement is
    no evidence that the affirmed reading is wrong: the nearest-exemplar veto compares with written ones."""
    from nlp.risk.detector import NONE, WRITTEN_HARMLESS

    d = pipeline.risk
    trained, written = d.exemplar_vectors[NONE], d.exemplar_vectors[WRITTEN_HARMLESS]
    assert 0 < len(written) < len(trained)
    assert np.allclose(np.linalg.norm(written, axis=1), 1.0, atol=1e-4)  # unit rows: a dot product is the cosine


def test_harm_needs_the_client_to_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    """harm_to_others is agent_only: someone else threatening the client with a weapon is not the client's threat."""
    assert "harm_to_others" not in _flags(pipeline, "Her cousin pulled a knife on her at the party; she ran out.")
    assert "harm_to_others" in _flags(pipeline, "She pulled a knife on her cousin at the party.")


def test_a_witness_finding_something_is_about_the_client(pipeline) -> None:  # type: ignore[no-untyped-def]
    flags = _flags(pipeline, "Her roommate found a goodbye letter and a bottle of pills on her desk.")
    assert "suicide_self_harm" in flags, flags
    assert "substance_use" not in _flags(pipeline, "Her brother was found unresponsive after using heroin.")


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Her youngest was being slapped by the babysitter, per the daycare.", "child_safety", None),
        ("Client got a voucher termination notice from the housing authority.", "housing_loss", None),
        ("His mother told him to be out of the apartment by Sunday.", "housing_loss", None),
        ("He has not checked in with the program since he got out.", "disengagement", None),
        ("He told staff the man who robbed him will 'leave in a body bag'.", "harm_to_others", "high"),
        ("She punched her roommate and broke her hip.", "harm_to_others", "high"),
        ("Her oxygen concentrator failed and she is struggling to breathe.", "medical_crisis", "high"),
        ("He stepped into oncoming traffic on Sunday, per the police report.", "suicide_self_harm", "high"),
        ("She googled the tallest buildings downtown last week.", "suicide_self_harm", "high"),
        ("The twins were alone in the apartment all night.", "child_safety", None),
        ("Her toddler got into the pills on the nightstand.", "child_safety", None),
        ("He blew a 0.12 on the breathalyzer at intake.", "substance_use", None),
        ("She has gone without her seizure medication since Friday.", "medical_crisis", None),
        ("He asked us to take him off the caseload and will not be coming back.", "disengagement", None),
        ("She flung a stapler at the secretary.", "harm_to_others", None),
        ("She had her pills counted out on the counter and said goodbye to her mother.", "suicide_self_harm", "high"),
        ("He keeps a loaded pistol in his nightstand and says it is for himself.", "suicide_self_harm", "high"),
        ("He has been lurking outside the bar with a crowbar for the man who robbed him.", "harm_to_others", "high"),
        ("She cannot afford this month's rent since her hours were cut.", "housing_loss", None),
        ("He went after the bouncer with a broken bottle; the bouncer needed stitches.", "harm_to_others", "high"),
        ("Client said somebody at the clinic is going to get hurt if they cut his hours.", "harm_to_others", None),
        ("He steered his van at the men who had robbed him.", "harm_to_others", "high"),
        ("She threw hot grease at her roommate during the fight.", "harm_to_others", "high"),
        ("The family stopped opening the door for home visits.", "disengagement", None),
        # a negated cue earlier in the sentence does not veto what the classifier reads as disengagement
        ("He was exited from the shelter for not coming back and we cannot locate him.", "disengagement", None),
        # round 7: one-word alternatives cannot spell "no one" or "shut off"; the cues now say each form
        ("His mother called; nobody knows where he is staying and his phone is off.", "disengagement", None),
        ("Her phone has been shut off since the 3rd.", "disengagement", None),
        ("Her ex violated the PO on Sunday by calling her thirty times.", "domestic_violence", None),
        ("He said he wants to hurt the foreman and knows where he lives.", "harm_to_others", "high"),
        ("Her husband took the car keys and will not let her leave the house.", "domestic_violence", "high"),
        ("She spanks her son with an extension cord when he talks back.", "child_safety", None),
        # a perfect tense after "not": the verb is matched by its lemma ("has not returned", "hasn't answered")
        ("She has not returned any of our calls since the 20th.", "disengagement", None),
        ("He hasn't answered since the home visit on the 4th.", "disengagement", None),
        ("PHQ-9 item 9 was positive at today's screen.", "suicide_self_harm", None),
        ("He threatened to slit his cousin's throat over a debt.", "harm_to_others", "high"),
        ("He texted his old boss 'I know where you live.'", "harm_to_others", None),
        ("Her husband keeps the paychecks and she has no access to the bank account.", "domestic_violence", None),
        ("Her toddler was in the room while her boyfriend was smoking crack in front of him.", "child_safety", None),
        ("The teen ran away from the foster home Friday and has not been found.", "disengagement", None),
        ("She gave away her cat because she 'won't be here much longer'.", "suicide_self_harm", "high"),
        ("He punched a man at the bar and the man's jaw was broken.", "harm_to_others", "high"),
        ("A loaded pistol was under the couch where the kids play.", "child_safety", "high"),
        ("He hit the bouncer with a bottle outside the club.", "harm_to_others", None),
        ("He brought a knife to group and said it was for a peer who disrespected him.", "harm_to_others", "high"),
        ("She waded into the lake fully clothed on Sunday and had to be pulled out.", "suicide_self_harm", "high"),
        ("He was exited from the program for non-compliance with curfew.", "disengagement", None),
    ],
)
def test_round6_probe_statements(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Her son hit a classmate at recess and was sent home.", "harm_to_others"),  # the child acted, not the client
        ("His daughter threatened a boy on the bus.", "harm_to_others"),
        ("Her grown daughter is drinking again and lives across town.", "substance_use"),
        ("They kept saying the baby is going to kill her with the 3 am feedings.", "harm_to_others"),
        ("He got his affairs in order before deployment, as the unit requires.", "suicide_self_harm"),
        ("They slept in the van for a camping trip at the lake.", "housing_loss"),
        # round 7: a stopped group with the reason that makes it fine
        ("Client stopped attending group because she started a day job.", "disengagement"),
        ("He stopped coming to IOP now that he has full-time work at the warehouse.", "disengagement"),
        # the if-clause of a conditional is not the threat; someone else's children, someone else's emergency
        ("If someone ever hit his kids he says he would go to the police.", "harm_to_others"),
        ("Her sister's kids are left alone a lot and she has called CPS about it.", "child_safety"),
        ("He drove his mother to the ER with chest pain on Sunday; she was admitted.", "medical_crisis"),
        ("Missed the Monday group for a funeral; rescheduled and attended Wednesday.", "disengagement"),
        ("PHQ-9 item 9 scored 0 today.", "suicide_self_harm"),
        ("He hit the bouncer with a bottle outside the club.", "domestic_violence"),  # the client is not the victim
        ("His son has a scrape from falling off his bike.", "child_safety"),
        ("Breathalyzer 0.00 at check-in.", "substance_use"),
        ("She googled the highest-rated pizza places downtown.", "suicide_self_harm"),
        ("They camped at the lake for the holiday weekend.", "housing_loss"),
        ("Her mother is not answering her calls, which worries her.", "disengagement"),
        ("His phone was disconnected last week but it is back on and he picked up today.", "disengagement"),
        ("Missed two groups in the spring; perfect attendance since June.", "disengagement"),
        ("He quit going to the Monday group and goes to the Wednesday one instead.", "disengagement"),
    ],
)
def test_round6_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category not in _flags(pipeline, text)


def test_a_full_voicemail_answered_the_same_day_is_not_disengagement(pipeline) -> None:  # type: ignore[no-untyped-def]
    answered = "Her voicemail was full, so I texted and she replied within the hour."
    assert "disengagement" not in _flags(pipeline, answered)
    assert "disengagement" in _flags(pipeline, "Her voicemail is full and she has not replied to texts in two weeks.")


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He asked whether an overdose would be painless.", "suicide_self_harm", "high"),
        ("She wanted to know if jumping from the parking garage would be quick.", "suicide_self_harm", "high"),
        ("Her girlfriend burned her arm with a lighter on Friday.", "domestic_violence", "high"),
        ("He pulled a box cutter on the bus driver this morning.", "harm_to_others", "high"),
        ("He told his neighbor, 'you are not going to live to see the weekend.'", "harm_to_others", "high"),
        ("Her son saw her boyfriend punch the wall during the fight.", "child_safety", "elevated"),
    ],
)
def test_round8_probe_statements(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She asked whether the death certificate would be quick to get.", "suicide_self_harm"),
        ("Landlord withdrew the eviction filing after the payment plan was signed.", "housing_loss"),
        ("She threw a ball at her brother's birthday party.", "domestic_violence"),
        ("Her son watched the boxing match on TV with his uncle.", "child_safety"),
        ("Her boyfriend burned her arm with a lighter.", "suicide_self_harm"),  # his act, not self-harm
    ],
)
def test_round8_harmless_twins(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She came in with a split lip and says her girlfriend shoved her into the fridge.", "domestic_violence"),
        ("He slammed the cashier's head against the counter during the robbery.", "harm_to_others"),
        ("He talks about setting his ex-boss's house on fire while they are asleep.", "harm_to_others"),
        ("Her glucometer shows HI and she is drowsy.", "medical_crisis"),
    ],
)
def test_round8_severity_phrases(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """High by a written rule, not only by the severity model (which held-out suites showed reads these as less)."""
    flag = _flags(pipeline, text)[category]
    assert flag.severity == "high" and "severity_model" not in (flag.severity_rule or ""), flag.severity_rule


def test_a_utility_shut_off_notice_is_not_a_housing_loss(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A notice on the light bill is money trouble; the home is not at stake (an eviction notice still is)."""
    bill = "The gas company sent him a shut-off notice last week; he owes $180 and is on a payment plan."
    assert "housing_loss" not in _flags(pipeline, bill)
    assert "housing_loss" in _flags(pipeline, "He is behind on rent and the landlord sent an eviction notice.")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Marcus keeps the sleeping pills at his place and brings her a week at a time.", "suicide_self_harm"),
        ("Priya says she finally sleeps when the baby sleeps now.", "suicide_self_harm"),
        ("Ibrahim said he just wants to sleep all weekend after finals.", "suicide_self_harm"),
    ],
)
def test_a_redacted_name_does_not_sway_the_model(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """The models read <PERSON_1> as an ordinary name (nlp/surrogates.yaml); read as brackets and 'person 1',
    means restriction and sleep looked like suicide risk."""
    a = pipeline.analyze(text)
    assert "<PERSON_1>" in a.redaction.redacted
    assert category not in {f.category for f in a.flags}


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("Her kids watched her boyfriend punch her.", {"domestic_violence", "child_safety"}),
        ("Her boyfriend slapped her across the face in front of both kids.", {"domestic_violence", "child_safety"}),
        ("Paranoid ideation w/ threats toward identified neighbor.", {"harm_to_others"}),
        ("Her ex sent 40 texts last night saying he knows where she is.", {"domestic_violence"}),
        ("Client has had no contact with the program since March.", {"disengagement"}),
        ("Lithium level came back toxic, admitted.", {"medical_crisis"}),
        ("Client was hospitalized overnight with sepsis from an untreated wound.", {"medical_crisis"}),
        ("He ran out of money for his insulin and has been rationing it.", {"medical_crisis"}),
        ("He has an open wound on his foot that is red and oozing and he has not seen a doctor.", {"medical_crisis"}),
        ("He said he would poison his neighbor's dog to get back at him.", {"harm_to_others"}),
        ("The wound on her leg is infected and she has no way to get to the clinic.", {"medical_crisis"}),
        ("He left the program yesterday and will not answer calls.", {"disengagement"}),
        ("Client wrote goodbye letters to her kids last night.", {"suicide_self_harm"}),
        ("He overdosed on his pills Tuesday.", {"substance_use"}),
        ("Her boyfriend punched her in the face and she called the police.", {"domestic_violence"}),
        ("He took 30 of his pills and then he called 911 himself.", {"suicide_self_harm"}),
        ("Staff gave two doses of Narcan and he came around before EMS arrived.", {"substance_use"}),
        ("He said 'I'm going to handle it this weekend, he's not going to see Monday.'", {"harm_to_others"}),
        ("Notified his PO and the named victim per duty-to-warn after he described his plan.", {"harm_to_others"}),
        ("He cut his wrists Sunday night; the cuts are healing.", {"suicide_self_harm"}),
        ("Her boyfriend broke her son's arm on Sunday and it is healing.", {"child_safety"}),
        ("Her son's arm was broken by her boyfriend on Sunday.", {"child_safety"}),
        ("He overdosed Friday and is improving in the ICU.", {"substance_use"}),
    ],
)
def test_round9_affirmed(pipeline, text: str, categories: set[str]) -> None:  # type: ignore[no-untyped-def]
    """Children who watch the violence and the assault itself are both raised (shared_cues); threats toward
    someone; harassment by volume; the narrowed medical cues still fire on the real thing; "and she called the
    police" no longer reads as reached after all; a veiled threat on a day; a duty-to-warn notice; an injury
    that is healing is still the assault or the self-harm (IMPROVING blocks only the medical crisis)."""
    assert categories <= set(_flags(pipeline, text))


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("No contact since 11/2; three calls and a letter unanswered.", "domestic_violence"),
        ("Years ago her ex hit her in front of the kids; no contact since 2019.", "disengagement"),
        ("No contact with her ex since the OP was served.", "disengagement"),
        ("No contact since July, cl confirms.", "disengagement"),
        ("Her workplace is toxic, so she is applying for other jobs.", "medical_crisis"),
        ("She has untreated anxiety and wants a therapist referral.", "medical_crisis"),
        ("His ankle is a little swollen from the new work boots.", "medical_crisis"),
        ("He is running a fever of 99 and resting at home with a cold.", "medical_crisis"),
        ("He kept nodding along during the budget workshop.", "substance_use"),
        ("She was nodding off in group because she worked a double shift.", "substance_use"),
        ("He binge-watched the whole series over the weekend.", "substance_use"),
        ("He has been rehearsing for the job interview with his sister.", "suicide_self_harm"),
        ("She got CPR certified for the daycare job.", "medical_crisis"),
        ("The ceiling in the bathroom collapsed and the landlord is fixing it.", "medical_crisis"),
        ("The judge granted him unsupervised visits with his daughter.", "child_safety"),
        ("She neglected to mention the overtime on her income form.", "child_safety"),
        ("A customer was abusive to her at work and her manager backed her up.", "domestic_violence"),
        ("His phone was disconnected for a day but he paid the bill and it is back.", "disengagement"),
        ("She condemned the fight at the school board meeting.", "housing_loss"),
        ("She wrote a goodbye card for her coworker who is retiring.", "suicide_self_harm"),
        ("He was kicked out of the pickup game for arguing with the ref.", "housing_loss"),
        ("He was high on life after the graduation ceremony.", "substance_use"),
        ("She shot up in the rankings at work this month.", "substance_use"),
        ("She ran out of printer ink and printed her resume at the library.", "medical_crisis"),
        ("He left the program after graduating in May.", "disengagement"),
        ("He overdosed on pizza at the party, he joked.", "substance_use"),
        ("She was evicted from her fantasy football league.", "housing_loss"),
        ("He's not going to see his kids this weekend because of the custody schedule.", "harm_to_others"),
        ("Could not reach her Friday; she called back Monday.", "disengagement"),
        ("Client attempted suicide in 2014 by overdose and has been stable since.", "substance_use"),
        ("She used her ice-cube skill and did not cut.", "substance_use"),
        ("Youth punched a wall during group and split his knuckles.", "harm_to_others"),
        ("Tenant's neighbor says client has been banging on her door at night.", "domestic_violence"),
        ("The cut on his hand is healing well.", "medical_crisis"),
        ("Attendance has improved since she got the bus pass.", "disengagement"),
        ("She is frustrated with her supervisor, who she says 'attacks' every idea she brings up in meetings.",
         "harm_to_others"),
        ("Her home health nurse comes twice a week for her wound care; the ulcer on her ankle is closing.",
         "medical_crisis"),
        ("Baby Amir had his 4-month shots yesterday and ran a low fever last night that went away with Tylenol.",
         "medical_crisis"),
        ("She had a fever of 102 yesterday that went away overnight.", "medical_crisis"),
        ("Her glucose test was normal.", "medical_crisis"),
        ("She missed group because of a job interview and came to the make-up session.", "disengagement"),
        ("Her sugar was 480 and her ketones were high.", "substance_use"),
        ("She said she is 'going to kill that dog' if it digs up her garden again.", "harm_to_others"),
        ("She said she is 'going to kill that dog' if it digs up her garden again.", "suicide_self_harm"),
    ],
)
def test_round9_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A count of calls is not harassment; no contact with the abuser, or a client who confirms it, is not
    disengagement; a toxic workplace, untreated anxiety, a little swelling and 99 degrees are not crises; the
    loose one-word cues (nodding, binge, rehearse, CPR, collapse, unsupervised, neglect, abusive, condemn) in
    their everyday senses."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He had been sober 14 months until he drank on Friday.", "substance_use", None),
        ("He has been sober 14 months but drank last night.", "substance_use", None),
        ("She was clean for a year until Saturday.", "substance_use", None),
        ("He has not picked up for three weeks and his mailbox is full.", "disengagement", None),
        ("She has been giving away her things because 'I won't need them where I'm going.'", "suicide_self_harm",
         "high"),
        ("Her husband pushed her into the wall last week and she has a cast on her arm.", "domestic_violence",
         "high"),
        ("The wound is infected and the sore healing slowly has opened again.", "medical_crisis", None),
        ("He has been sitting in the garage with the car running 'just to see.'", "suicide_self_harm", "high"),
        ("He told his wife he was going to kill her.", "harm_to_others", "high"),
        ("She broke her hip in the fall and could not get up.", "medical_crisis", None),
        ("Her boyfriend pushed her out of the car on the highway.", "domestic_violence", None),
        ("He kicked her out of the car and drove off.", "domestic_violence", None),
        ("He said he is going to kill it when he sees his ex's new man.", "harm_to_others", None),
        ("He texted at 11pm: 'can't do this anymore, sorry for everything.'", "suicide_self_harm", "high"),
        ("He has been off his Risperdal for a month.", "medical_crisis", None),
        ("He fell in the bathroom and could not get up for several hours.", "medical_crisis", None),
        ("He can't breathe and his lips are blue.", "medical_crisis", "high"),
        ("She says she wants to end it, she is tired of living.", "suicide_self_harm", None),
    ],
)
def test_round10_affirmed(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A relapse after a stretch of sobriety; a new subject after "and" ends a negation; a goodbye with a
    destination is intent; an injury written as its treatment (a cast) is an injury."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She has a clinical rotation next week where she will shadow in the emergency department.", "medical_crisis"),
        ("He goes hunting with his brother in the fall and keeps his rifles at his brother's house.", "medical_crisis"),
        ("He was kicked out of his mother's house last night after an argument about chores.", "harm_to_others"),
        ("Her girlfriend kicked him out after the lease ended.", "domestic_violence"),
        ("He has been sober 14 months.", "substance_use"),
        ("She is 90 days clean now.", "substance_use"),
        ("He has stayed sober but smoked cigarettes.", "substance_use"),
        ("She thinks her grandson is being bullied at school.", "domestic_violence"),
        ("Foot sore healing, podiatry spacing out visits.", "medical_crisis"),
        ("He has not picked up his son from school yet.", "disengagement"),
        ("Says his knees are 'killing him' in the cold.", "harm_to_others"),
        ("Said he wants to 'kill it' at the new job.", "harm_to_others"),
        ("His landlord is 'trying to push him out' and won't fix the heat.", "domestic_violence"),
        ("Has been isolating, not answering her sister's calls.", "disengagement"),
        ("She wants to end it with her boyfriend.", "suicide_self_harm"),
        ("If he cheats again she'll end it.", "suicide_self_harm"),
        ("Ms. Rivera called in tears: her ex came by at 2am and screamed he would kill her.", "harm_to_others"),
        ("She has panic attacks at night and feels like she can't breathe.", "medical_crisis"),
        ("She apologized to her mom, sorry for everything she put her through.", "suicide_self_harm"),
        ("He says when his coworker provokes him now he walks away and texts his sponsor.", "harm_to_others"),
    ],
)
def test_round10_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """The ER as a workplace, the season, "kicked out" (a housing loss, not a blow), a stretch of sobriety
    stated on its own, a grandchild bullied at school, a sore that is healing; idioms of killing and pushing;
    a client not answering her family is not out of the program's reach; ending a relationship."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Client said that if his girlfriend leaves him he doesn't want to live anymore.", "suicide_self_harm", None),
        ("She says if she loses custody she will kill herself.", "suicide_self_harm", None),
        ("Client said if the judge gives the kids to his ex he will shoot her.", "harm_to_others", "high"),
        ("Her boyfriend told her that if she calls the police he will kill her.", "domestic_violence", "high"),
        ("Client and her husband were screaming and he punched a hole in the wall.", "domestic_violence", None),
        ("The kids have missed 22 days of school this semester and got a truancy letter.", "child_safety", None),
        ("Her 5-year-old told me that mommy's friend touches her private parts when he babysits.", "child_safety",
         "high"),
        ("Youth, 12, said her stepfather comes into her room at night and touches her.", "child_safety", "high"),
        ("Her sister's boyfriend makes the 8-year-old kneel on rice when he misbehaves.", "child_safety", None),
    ],
)
def test_round11_affirmed(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A threat made on a condition is a threat now; a partner's scope ends at the client's own pronoun; the
    household's child acted on by someone else is still the household's child."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("If she relapses she will lose her room at the sober house.", "housing_loss"),
        ("If she relapses she will lose her room at the sober house.", "substance_use"),
        ("If she ever feels suicidal again she will call her therapist.", "suicide_self_harm"),
        ("Safety plan: if thoughts of suicide come back, she will go to the ER.", "suicide_self_harm"),
        ("Her mother worries that if she is alone she might hurt herself.", "suicide_self_harm"),
        ("If he hits her again she will call the police.", "domestic_violence"),
        ("Client's toddler swallowed one of her blood pressure pills this morning.", "suicide_self_harm"),
        ("Her neighbor leaves her kids alone at night.", "child_safety"),
        ("Client's son missed three days of school for the flu; he is back now.", "child_safety"),
        ("Client grew up in foster care after her father beat her as a child.", "child_safety"),
        ("Client's daughter got a bruise on her shin falling off her bike.", "child_safety"),
        ("Client's daughter got a bruise on her shin falling off her bike.", "domestic_violence"),
        ("Her son was in his car seat and unhurt in the fender-bender.", "substance_use"),
        ("CPS called about a report that the kids are left with a grandfather who is using heroin.", "substance_use"),
        ("Her roommate burned her arm with a cigarette.", "suicide_self_harm"),
    ],
)
def test_round11_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A conditional loss or a cue inside the if-clause is no event; a toddler's swallowed pill is no attempt;
    someone else's kids, a sick day, the client's own childhood and a bike fall are no child-safety risk."""
    assert category not in _flags(pipeline, text)


def test_round11_severity_follows_the_guide(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Children who watch a fight or hear of one are exposed, not injured (SEVERITY.md)."""
    for text in ("The kids saw the adults throwing things and screaming last night.",
                 "A man who sleeps over hurts mommy, the 5-year-old told staff."):
        flags = _flags(pipeline, text)
        assert "child_safety" in flags, flags
        assert flags["child_safety"].severity == "elevated", flags["child_safety"].severity_rule


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        # a child named by a placeholder and an age, as redaction leaves a note's children
        ("Her daughter Kayla (4) was home alone when I arrived.", "child_safety", "high"),
        ("Client said Jayden (2) got into her pills and she had to call poison control.", "child_safety", "high"),
        ("Devon, age 3, was found wandering outside the complex by a neighbor at 7 am.", "child_safety", "high"),
        ("School reports that Aaliyah (9) has a burn on her hand and would not say how.", "child_safety", "high"),
        ("Client admitted she leaves Ethan, 5, with her brother, who is using meth.", "child_safety", None),
        ("Mom reports she has been using meth again and the kids were home when she used.", "child_safety", None),
        ("Client used her last insulin pen yesterday and the pharmacy will not refill until Friday.", "medical_crisis",
         "high"),
        ("Cl cut her wrists Tuesday night and needed stitches.", "suicide_self_harm", "high"),
        ("He told his sister he was going to drive his truck off the quarry road.", "suicide_self_harm", "high"),
        ("She says she thinks about dying most days but has no plan.", "suicide_self_harm", "elevated"),
        ("She has been rationing her inhaler and is wheezing when she talks.", "medical_crisis", None),
        ("He said if that guy touches his daughter again he'll put him in the hospital.", "harm_to_others",
         "elevated"),
        ("He put his roommate in the hospital last week after a fight.", "harm_to_others", "high"),
        ("He broke his roommate's jaw in a fight on Friday.", "harm_to_others", "high"),
        ("He shoved her down the stairs and broke her arm.", "domestic_violence", "high"),
        ("He knocked her down the stairs while she was holding the baby; she broke her wrist.", "domestic_violence",
         "high"),
        # a goodbye with no talk of dying is elevated by the guide (suite 6); "hung up" is no hanging
        ("She told her daughter goodbye on the phone, said she was sorry for everything, then hung up.",
         "suicide_self_harm", "elevated"),
        ("She has been cutting deeper and one cut on her thigh is gaping.", "suicide_self_harm", "high"),
        ("She scratches her arms when upset; the marks are shallow.", "suicide_self_harm", "elevated"),
        ("He took double his methadone and some Xanax; his girlfriend says he won't wake up.", "substance_use",
         "high"),
        ("He used last night and his roommate couldn't wake him for ten minutes.", "substance_use", "high"),
        ("She relapsed Saturday and says she can't wake up in the mornings without a drink.", "substance_use",
         "elevated"),
    ],
)
def test_round11_named_children_and_severity(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """Named children count as the household's; a last dose used is none left; "no plan" is no plan."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client said Jayden (2) got into her pills and she had to call poison control.", "suicide_self_harm"),
        ("School reports that Aaliyah (9) has a burn on her hand and would not say how.", "suicide_self_harm"),
        ("Sophia (15) is home alone after school until 5 and calls her mom when she gets in.", "child_safety"),
        ("Liam, age 8, has a bruise on his shin from soccer practice.", "domestic_violence"),
        ("Marcus, 6, fell at the playground and scraped his knee; mom cleaned it up.", "harm_to_others"),
        ("Mia (7) was home sick with a fever on Monday; client stayed home with her.", "medical_crisis"),
        ("He sleeps in his van on fishing trips and has an apartment in town.", "housing_loss"),
        ("Client works as an ER tech and had a rough shift with two overdoses.", "substance_use"),
        ("Client missed the Monday appointment because the office was closed for the holiday.", "disengagement"),
        ("He took his last dose of antibiotics today and the infection is gone.", "medical_crisis"),
        ("The nurse sent him to the ER for chest pain.", "harm_to_others"),
        ("Client was at the ER last month for a sprained ankle and is walking fine.", "medical_crisis"),
        ("He got into a shouting match with a referee and was asked to leave the gym.", "housing_loss"),
        ("She broke her wrist on Monday and is in a cast.", "domestic_violence"),
        ("The wind knocked him over on the ice.", "domestic_violence"),
        ("He fell off a ladder at work and broke his arm.", "domestic_violence"),
        ("He fell off a ladder at work and broke his arm.", "harm_to_others"),
    ],
)
def test_round11_named_children_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A young child's swallowed pill or burn is no self-harm; a teen home after school, a sports bruise, a
    scraped knee (a knee is no blow), a sick day and a fishing trip are no event."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Client did not answer when I called, but she texted back within the hour.", False),
        ("He did not answer my calls all week and has not texted back.", True),
        ("She did not answer, but then she never called back either.", True),
        ("He left the program after getting a full-time job and is doing well.", False),
        ("He left the program after his boyfriend told him to and stopped answering.", True),
    ],
)
def test_round11_disengagement_reached_or_not(pipeline, text: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    """A call returned the same day, or a program left for a job, is no disengagement; one never returned is."""
    assert ("disengagement" in _flags(pipeline, text)) is flagged


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        # a kin word as the act's own subject, the client as its object: domestic violence by a family member
        ("Client reports her brother threatened to kill her if she tells anyone he is staying at the house.",
         "domestic_violence", "high"),
        ("Client's stepdad has been hitting him since he moved back home.", "domestic_violence", None),
        ("Her mother slapped her across the face during the argument on Friday.", "domestic_violence", None),
        ("Client's aunt threatened her with a knife when she asked for her money back.", "domestic_violence",
         "high"),
        # severity by the guide: a sprain is an injury, a goodbye letter with ideation is a goodbye act,
        # a throat swelling shut with EMS called is an emergency now
        ("Client's uncle, who she lives with, pushed her down the stairs last week; she has a sprained wrist.",
         "domestic_violence", "high"),
        ("Client said she has no reason to live since her son died and wrote letters to each of her kids.",
         "suicide_self_harm", "high"),
        ("Client is having an allergic reaction with her throat swelling; EpiPen given and EMS called.",
         "medical_crisis", "high"),
        ("Client has been feeling hopeless and wants to die. She wrote letters to her kids at Christmas.",
         "suicide_self_harm", "elevated"),
    ],
)
def test_round12_kin_and_severity(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A relative's act on the client is domestic violence; severity follows SEVERITY.md."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    "text",
    [
        "Client's brother was assaulted outside the bar on Friday.",
        "Client's father used to beat her when she was a child.",
        "Client's mother hit her boyfriend with a pan.",
        "Her brother punched him in the face at the party.",
        "Client's sister pushed her son into the pool.",
        "Client worries that her brother will hit her if she moves back in.",
        "Client denies that her father ever hit her.",
        "Client's grandmother hugged her and cried.",
    ],
)
def test_round12_kin_traps(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    """Kin as victims, a past childhood, another object, a worry or a denial are no domestic violence."""
    assert "domestic_violence" not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Client's husband told her last night that if she leaves he will kill her.", "domestic_violence",
         "harm_to_others"),
        ("Her boyfriend said that if she leaves him he will kill himself.", None, "suicide_self_harm"),
        ("Her girlfriend left and she says she wants to die.", "suicide_self_harm", None),
        ("Her boyfriend hit her and she said she will kill him if he does it again.", "harm_to_others", None),
    ],
)
def test_round12_partner_speaks_again(pipeline, text: str, present: str | None, absent: str | None) -> None:  # type: ignore[no-untyped-def]
    """A partner's scope cut at the client's pronoun resumes at his own ("if she leaves he will kill her"), but
    not when both share a pronoun."""
    flags = _flags(pipeline, text)
    assert present is None or present in flags
    assert absent is None or absent not in flags


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # the client's own threat, by her own pronoun, is harm to others and not the partner's abuse
        ("Her boyfriend yelled and she told him she would stab him.", "harm_to_others", "domestic_violence"),
        ("His girlfriend left him and he said he is going to kill her.", "harm_to_others", "domestic_violence"),
        # the partner's act is not the client's threat, and a threat of unclear agent keeps its abuse flag
        ("Her ex says he will find out where she lives.", None, "harm_to_others"),
        ("IPV: partner pointed a gun at her during an argument last night.", "domestic_violence", None),
        # going to the place and staying there is an aborted attempt; a fishing trip to the bridge is not
        ("Client drove to the bridge Sunday night and sat there for an hour before calling her sister.",
         "suicide_self_harm", None),
        ("He drove to the bridge to go fishing and sat there all afternoon.", None, "suicide_self_harm"),
        ("He has gone from a six-pack on weekends to a case a day since the layoff.", "substance_use", None),
        ("Client missed one session in March but has attended every one since.", None, "disengagement"),
    ],
)
def test_round12_who_acts_and_new_cues(pipeline, text: str, present: str | None, absent: str | None) -> None:  # type: ignore[no-untyped-def]
    """Whose act a cue is follows the client's pronoun; new cues for rehearsal, escalation and made-up sessions."""
    flags = _flags(pipeline, text)
    assert present is None or present in flags
    assert absent is None or absent not in flags


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Client reports she burned her wrist with a lighter on purpose after the custody hearing.",
         "suicide_self_harm", "elevated"),
        ("Client drove to the bridge Sunday night and sat there for an hour before calling her sister.",
         "suicide_self_harm", "high"),
        ("He told staff the next person who touches his stuff is going to leave in an ambulance.",
         "harm_to_others", "elevated"),
        ("She threw hot coffee in her coworker's face during an argument on Monday.", "harm_to_others", "high"),
        ("Client's oxygen tank ran out this morning and she is gasping and blue around the lips.", "medical_crisis",
         "high"),
    ],
)
def test_round12_severity_by_the_guide(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """Self-harm done on purpose is no suicidal intent; a threat to injure is no injury; hot coffee is a weapon."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Client says sometimes she wishes she could just go to sleep and not wake up, but she would never act on it.",
         "suicide_self_harm", "elevated"),
        ("He showed me the belt he keeps in his locker and said it is 'for when I'm ready.'", "suicide_self_harm",
         "high"),
        ("Client's 6-year-old was found eating a bag of her fentanyl pills; Narcan was given at the scene.",
         "child_safety", "high"),
        ("The 14-year-old watches his younger siblings until 11 pm most nights while client works.", "child_safety",
         "elevated"),
    ],
)
def test_round12_suite28_fixes(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """A wish is no hypothetical; a means kept for later is a means; a child's ingestion is the child's."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She says she will move out for when she's ready to start school.", "suicide_self_harm"),
        ("She wishes she could afford her own apartment.", "housing_loss"),
        ("Client's 6-year-old was found eating a bag of her fentanyl pills; Narcan was given at the scene.",
         "substance_use"),
        ("Her 2-year-old ate her gummies and was rushed to the ER.", "medical_crisis"),
        ("Her roommate overdosed last month; client called 911 and is shaken.", "medical_crisis"),
        ("She watches her little sister on Saturdays at the park.", "child_safety"),
    ],
)
def test_round12_suite28_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Readiness with no means, a child's emergency, 911 called for someone else and a sibling minded by day."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He mentioned his girlfriend took his car keys and phone again so he could not go to his interview.",
         "domestic_violence", None),
        ("Client says his mother threw a pot of boiling water at him during an argument; he has burns on his arm.",
         "domestic_violence", "high"),
        ("She admitted she took some of her mother's oxycodone this morning.", "substance_use", None),
        ("Client called from the ER; she was assaulted by a stranger at the bus stop and has a broken nose.",
         "medical_crisis", None),
        # "no plan" noted by the worker holds the threat at elevated (SEVERITY.md)
        ("Client stated, 'If my PO violates me, I'll kill myself before I go back.' He has no plan.",
         "suicide_self_harm", "elevated"),
        ("Client's 11-year-old is left to care for the 2-year-old and the baby every night.", "child_safety", "high"),
        ("Mother filed a runaway report; the 15-year-old has not come home in three days.", "child_safety",
         "elevated"),
    ],
)
def test_round12_tuning_notes_b(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """Control by a partner, a relative's assault, someone else's pills taken, an ER call, held severity."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client has been out four months and passed his last two drug tests.", "substance_use"),
        ("Client stated, 'If my PO violates me, I'll kill myself before I go back.' He has no plan.",
         "harm_to_others"),
        ("Client says his mother threw a pot of boiling water at him during an argument; he has burns on his arm.",
         "harm_to_others"),
        ("Youth's mother called to say he has not come home in three days.", "housing_loss"),
        ("She does not know how he found her address.", "disengagement"),
    ],
)
def test_round12_tuning_notes_b_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A passed drug test, his own death, a relative's act, a youth missing from home, not knowing how."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Client said her father-in-law, who lives with the family, threatened to cut her throat if she calls the "
         "police.", "domestic_violence", "high"),
        ("Client said he bought rat poison and plans to put it in his ex-wife's coffee when he picks up the kids.",
         "harm_to_others", "high"),
        ("Client has had a cough for two months and is coughing up blood; he has not seen a doctor.",
         "medical_crisis", "elevated"),
        ("Client said he has thoughts of death most days but no intent or plan. He agreed to a safety plan and to "
         "remove the guns from the house.", "suicide_self_harm", "elevated"),
    ],
)
def test_round12_tuning_notes_c(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """An in-law's threat past a relative clause; poison in food; coughing blood untreated is elevated; a safety
    plan and guns handed over are no plan and no means."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client said her father-in-law threatened to cut her throat if she calls the police.", "harm_to_others"),
        ("Client reports her brother came to her apartment drunk and punched her in the mouth.", "substance_use"),
        ("The man at the bus stop threatened to cut her face.", "domestic_violence"),
        ("Client called at 11 pm; she has nowhere to sleep and the family shelter line is not answering.",
         "disengagement"),
        ("The sheriff is scheduled for Thursday. Client has not found anywhere to go yet.", "disengagement"),
    ],
)
def test_round12_tuning_notes_c_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A relative's threat is no harm by the client; a relative drunk at her place is not her use; a stranger is no
    partner; a shelter not answering and a place not found are no disengagement."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a bystander named as the object before the pronoun: the pronoun is that person
        ("He grabbed the caseworker by the collar and shoved her against the wall during the home visit.",
         "harm_to_others", "domestic_violence"),
        ("Client said she saw the doctor and then her boyfriend hit her.", "domestic_violence", None),
        ("Client says she dreams of hurting her mother's boyfriend and has thought about how she would do it with a "
         "bat.", "harm_to_others", "suicide_self_harm"),
        ("She said she has thought about how she would do it and has pills saved.", "suicide_self_harm", None),
        ("Client admitted he has been following his ex-girlfriend's new partner home from work.", "harm_to_others",
         None),
        ("He asked to switch to phone sessions because of his new work hours, and he has not missed one.", None,
         "disengagement"),
    ],
)
def test_round12_suite29(pipeline, text: str, present: str | None, absent: str | None) -> None:  # type: ignore[no-untyped-def]
    """Whose the pronoun is, whose method "how she would do it" is, following someone home, none missed."""
    flags = _flags(pipeline, text)
    assert present is None or present in flags
    assert absent is None or absent not in flags


def test_round12_list_of_targets(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A list of people who 'have it coming' is harm to others; with no means or plan it is elevated (suite 20)."""
    _assert_flagged(pipeline, "Client told group members he has a list of people at his old job who 'have it "
                    "coming.'", "harm_to_others", None)
    _assert_flagged(pipeline, "Client asked whether his life insurance would still pay out if he 'did it himself'.",
                    "suicide_self_harm", "high")


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("Client said if she gets evicted she will kill herself; she has thought about taking all of her pills.",
         "high"),
        ("He says he is going to kill himself tonight.", "high"),
        ("Client stated, 'If my PO violates me, I'll kill myself before I go back.' His hearing is next week. He has "
         "no plan and agreed to a safety plan.", "elevated"),
        ("She denies a plan but has 60 pills saved in her drawer and said she wants to die.", "high"),
    ],
)
def test_round12_stated_intent_yields_to_no_plan(pipeline, text: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """Intent stated in words is high unless the worker notes no plan; means at hand stay high (SEVERITY.md)."""
    _assert_flagged(pipeline, text, "suicide_self_harm", severity)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Her boyfriend hit her after he got home drunk.", False),
        ("Her boyfriend hit her and then she got drunk.", True),
        ("His girlfriend left him and he has been drinking a fifth a day.", True),
    ],
)
def test_round12_partner_drunk_is_his(pipeline, text: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    """After the client as object, the partner's own pronoun makes him the subject again: his drinking."""
    assert ("substance_use" in _flags(pipeline, text)) is flagged


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Cl texted CM 'this is goodbye, thank you for everything' at 2 am and is not answering.",
         "suicide_self_harm", "high"),
        ("She has old scars on her arms and a few new scratches from this week.", "suicide_self_harm", "elevated"),
        ("Cl endorses HI toward neighbor, no plan, no intent, no access to weapons.", "harm_to_others", "elevated"),
        ("Per ER, pt presented w/ orbital fracture after assault by bf.", "domestic_violence", "high"),
        ("She is 34 weeks pregnant with a severe headache, blurry vision and swelling; BP 180/120.",
         "medical_crisis", "high"),
    ],
)
def test_round12_suite30(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """Clipped note styles: a goodbye text, new marks by old scars, HI with no plan, an assault by bf, a BP in
    the severe range in pregnancy."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client told staff he will shoot up the unemployment office if they deny him again.", "substance_use"),
        ("The cat left new scratches on her hands.", "suicide_self_harm"),
        ("BP 130/85 today, stable.", "medical_crisis"),
    ],
)
def test_round12_suite30_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """ "Shoot up" a place is a threat, a cat's scratches are no self-harm, a normal BP is no crisis."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He spat in the security guard's face and tried to head-butt him; no one was hurt.", "harm_to_others",
         "elevated"),
        ("Her boyfriend slapped her on Friday; no visible injuries.", "domestic_violence", "elevated"),
        ("Her boyfriend choked her on Friday; no visible injuries.", "domestic_violence", "high"),
    ],
)
def test_round12_no_injury_noted_is_elevated(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """An assault the worker says left no injury is elevated; strangulation stays high (SEVERITY.md)."""
    _assert_flagged(pipeline, text, category, severity)


def test_round12_bystander_with_possessive(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "Shoved his roommate and broke his nose" is harm to the roommate, not an assault on the client."""
    flags = _flags(pipeline, "He shoved his roommate and broke his nose; no one else was hurt.")
    assert "harm_to_others" in flags and "domestic_violence" not in flags


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a body part after "her" / "his" names the one acted on
        ("He hit his girlfriend and broke her nose.", "harm_to_others", "domestic_violence"),
        ("Her boyfriend broke her nose on Saturday.", "domestic_violence", "harm_to_others"),
        # the partner's words run from his pronoun to hers, wherever hers stands
        ("Client's boyfriend said he would kill himself if she leaves; she is afraid to leave.", None,
         "suicide_self_harm"),
        ("Client's husband was arrested and he says she is using again.", "substance_use", None),
        ("Her husband said he wants to die.", "suicide_self_harm", None),
    ],
)
def test_round12_victim_by_body_part_and_partner_words(pipeline, text: str, present: str | None,
                                                       absent: str | None) -> None:  # type: ignore[no-untyped-def]
    """Whose nose was broken, and where a partner's reported words end."""
    flags = _flags(pipeline, text)
    assert present is None or present in flags
    assert absent is None or absent not in flags


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client was discharged from the program after completing all goals.", "housing_loss"),
        ("She didn't answer the door because she was asleep after a night shift; we spoke by phone.",
         "disengagement"),
        ("The worker missed the appointment due to illness; client was notified.", "disengagement"),
        ("Staff canceled the visit because of the snow.", "disengagement"),
        ("He stopped attending the Tuesday group because it conflicts with work and joined the Thursday group.",
         "disengagement"),
        ("Client said the traffic made her want to jump off a bridge, laughing.", "suicide_self_harm"),
        ("Client's favorite show is about a detective who investigates suicides.", "suicide_self_harm"),
        ("Client said she could kill her brother for forgetting her birthday, smiling.", "harm_to_others"),
    ],
)
def test_round12_routine_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A program completed, a visit made by phone, the agency's own miss, a group switched, idioms of dying and
    killing over a trifle, a show's subject."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She did not answer any of our calls and we could not reach her by phone.", "disengagement"),
        ("He said he could kill her for leaving him and he has a gun in the truck.", "harm_to_others"),
        ("The judge's decision made her want to die; she has pills saved.", "suicide_self_harm"),
    ],
)
def test_round12_routine_traps_keep_real_risk(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """The same shapes with a real risk still flag."""
    assert category in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Client cut her forearm last night deep enough that it would not stop bleeding; she wrapped it in a towel.",
         "suicide_self_harm", "high"),
        ("Client was arrested Friday for choking his girlfriend; he was released this morning and says she deserved "
         "it.", "harm_to_others", "high"),
        ("Client states her partner has threatened to take the baby and disappear if she goes to court.",
         "domestic_violence", "elevated"),
        ("Client reports thoughts of overdosing on her insulin; she has two full pens at home.",
         "suicide_self_harm", None),
    ],
)
def test_round12_tuning_notes_d(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A cut that will not stop bleeding needs care; an arrest for choking a partner is his assault; a threat short
    of killing is elevated; an overdose thought of is suicide's."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client disclosed that on Saturday her boyfriend threw her into the coffee table; she has a large bruise on "
         "her hip and a cut on her arm.", "suicide_self_harm"),
        ("Client reports thoughts of overdosing on her insulin; she has two full pens at home.", "substance_use"),
        ("He was arrested for assaulting his neighbor last year and completed his sentence.", "harm_to_others"),
    ],
)
def test_round12_tuning_notes_d_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """The assault's cut is no self-harm; an overdose thought of is no drug use; a sentence served is history."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        # a named condition after the event is its own risk: the response rule reads only care-seeking words
        ("Client relapsed on heroin Friday. She has had chest pain since Sunday. She went to the ER.",
         "medical_crisis", None),
        ("Cl's ex-boyfriend punched her in the stomach on Sunday; she has had cramping and spotting since and is "
         "16 weeks pregnant.", "medical_crisis", "high"),
        ("Cl lost his temper and threw a chair across the room at his teenage son; it missed.", "child_safety",
         "elevated"),
        ("Cl lost his temper and threw a chair across the room at his teenage son; it missed.", "harm_to_others",
         "elevated"),
        ("Client has a fever of 104 and a stiff neck and says her head is pounding.", "medical_crisis", "high"),
        ("She has had a fever of 103 for four days and a cough; she has not seen a doctor.", "medical_crisis",
         "elevated"),
        ("Cl's sister told staff that cl's husband has been locking cl in the bedroom when he leaves for work.",
         "domestic_violence", "high"),
        ("Cl told me she has been giving away her books and clothes to her friends this week and said she won't be "
         "around to need them.", "suicide_self_harm", "high"),
    ],
)
def test_round13_tuning_notes(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """Pregnancy bleeding after an assault is its own emergency; a thrown chair that missed is elevated; days of
    fever are elevated unless an acute sign comes with them; a lock-in named by the client's title is high."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # an emergency response two sentences after the event is the event's (one event, one flag)
        ("Cl swallowed about 20 Tylenol two nights ago after a fight with her mom. She is nauseated. Sent to ED for "
         "labs.", "medical_crisis"),
        ("Cl drank a fifth of vodka and took several Xanax last night; his wife could not wake him for an hour. He is "
         "groggy in session. Referred to the ED for evaluation.", "medical_crisis"),
        ("Cl and her two kids spent last night in the emergency room waiting area because they had nowhere else to "
         "go after the fire.", "medical_crisis"),
        ("He got the call back from the hospital and starts in two weeks.", "medical_crisis"),
        ("Cl says his cousin relapsed and overdosed next door; cl gave him Narcan and called 911. Cl himself remains "
         "sober, 9 months.", "substance_use"),
        # a relative clause about the brother does not hand the sentence back to the client
        ("Cl reports that his brother, who lives with him, keeps a loaded gun under the couch and has been "
         "threatening to shoot the neighbor over parking.", "harm_to_others"),
        ("Cl herself says he has never put his hands on her.", "domestic_violence"),
    ],
)
def test_round13_tuning_notes_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Responses to another category's event, a hospital waiting room slept in, a job callback, Narcan the client
    gave, a brother's threat and a partner who never hit her raise nothing of these categories."""
    assert category not in _flags(pipeline, text)


def test_round13_response_rule_keeps_the_client_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The client's own threat still counts when a relative clause about the brother comes first."""
    text = "His brother, who lives with him, is in jail. Client said he will stab the man who testified."
    assert "harm_to_others" in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Cl's girlfriend found him on the bathroom floor, blue and not breathing; she gave two Narcan and he came "
         "around before EMS arrived.", "substance_use", "high"),
        ("Cl took four pills last night on top of beer; he said he 'barely woke up' for his shift.", "substance_use",
         "high"),
        ("She is so overwhelmed she thought about 'just driving off the bridge,' but has no plan.",
         "suicide_self_harm", "elevated"),
        ("Client left her kids with a man she barely knows while she went to work overnight.", "child_safety",
         "elevated"),
        ("Her 12-year-old has been staying home alone overnight when she works.", "child_safety", "elevated"),
        ("Cl said he felt like 'knocking his supervisor's teeth out,' then said he would never actually do it.",
         "harm_to_others", "elevated"),
    ],
)
def test_round13_tuning_notes_b(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """An overdose told without the word; a place thought of with no plan; a wish to injure is no injury; a
    child left with a near stranger; a 12-year-old alone is an older child, elevated."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("He overdosed Saturday; EMS gave Narcan. He refused transport.", "disengagement"),
        ("He overdosed Saturday; EMS gave Narcan. He refused transport.", "medical_crisis"),
        ("She has a swollen, purple eye; she says her girlfriend hit her with a phone last night.", "medical_crisis"),
        ("She says her girlfriend hit her. She has not been seen by a doctor.", "disengagement"),
        ("Cl tackled another guest and kept punching him; the other man was taken by ambulance with a head injury.",
         "medical_crisis"),
    ],
)
def test_round13_tuning_notes_b_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A ride refused after an overdose is the overdose's; a blow's swollen eye is the assault's; a doctor not
    seen is no missed appointment with us; the other man's injury is not the client's emergency."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("He joked that the overtime schedule is going to kill him.", "harm_to_others"),
        ("Cl says the only thing he wants to kill is his student loan debt.", "harm_to_others"),
        ("Her son broke his arm falling off the monkey bars at recess; the school nurse called her.",
         "domestic_violence"),
        ("Her son broke his arm falling off the monkey bars at recess; the school nurse called her.",
         "harm_to_others"),
        ("Cl's sister found him slumped in the car with a needle on the seat; EMS hit him with Narcan twice.",
         "domestic_violence"),
    ],
)
def test_round13_suite32_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A schedule that will "kill him", an arm broken in a fall, and Narcan that "hit him" are no threats or
    assaults."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Text from cl at 3 am: 'I have the gun in my lap, I just wanted someone to know.'", "suicide_self_harm",
         "high"),
        ("The sheriff posted the 24-hour lockout notice this morning.", "housing_loss", "elevated"),
        ("He said he is going to kill his boss.", "harm_to_others", "high"),
    ],
)
def test_round13_suite32(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """A gun held in the lap is means at hand; a lockout notice posted is not a lockout carried out; a threat to
    kill a named person stays high beside the schedule idiom."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("Cl's former husband left a voicemail saying 'you'll be sorry when you see what I do to your car.'",
         "domestic_violence", "elevated"),
        ("Her ex texted her 'you'll be sorry when I'm done with you.'", "domestic_violence", "elevated"),
        ("He pointed it at his roommate and said he would shoot him.", "harm_to_others", "high"),
        ("Cl swung a broom at her neighbor and hit him in the head.", "harm_to_others", "high"),
        ("The 3-year-old fell down the stairs and has been vomiting since.", "child_safety", "high"),
        ("Her adult son shoved her into the fridge and took her purse.", "domestic_violence", "elevated"),
        ("Her son (22) hit her in the face last night.", "domestic_violence", None),
        ("Client's brother takes her disability check every month and screams at her if she refuses.",
         "domestic_violence", "elevated"),
        ("She was told to leave the shelter by Monday.", "housing_loss", "elevated"),
        ("He blocked the door so she couldn't leave until morning.", "domestic_violence", "high"),
    ],
)
def test_round14_tuning_notes(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A partner's threat in his own words; a weapon pointed or swung at someone is high; a young child vomiting
    after a fall is a head injury; a grown son or a brother who hits her or takes her money is family violence; a
    doorway blocked so she cannot leave is being held against her will."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I told her to go to labor and delivery now; her mother is driving her.", "housing_loss"),
        ("Cl beat a man with a padlock in a sock before release, per his file; no incidents since.", "housing_loss"),
        ("Cl beat a man with a padlock in a sock before release, per his file; no incidents since.",
         "harm_to_others"),
        ("Her son (22) visited and was intoxicated.", "substance_use"),
        ("Her adult son relapsed and is living on the street.", "housing_loss"),
        ("Cl's boyfriend grabbed the caseworker's arm at the door; cl says he has never touched her.",
         "domestic_violence"),
        ("She texted her ex a photo of a noose with 'you'll be sorry.'", "domestic_violence"),
        ("The kids had a stomach bug and were vomiting over the weekend.", "child_safety"),
    ],
)
def test_round14_tuning_notes_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Advice to go to the hospital is no eviction; a padlock swung inside, before release, is neither a lockout
    nor a current assault; a grown son's use is his; the partner's act on a worker is not on her; her own
    message is no threat to her; a stomach bug is no danger to the children."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He says he wishes a train would hit him on the way home.", "suicide_self_harm", "elevated"),
        ("Cl said he will make his old cellmate disappear when he finds him.", "harm_to_others", "high"),
        ("He threatened to beat his neighbor to death with his bare hands.", "harm_to_others", "high"),
        ("Cl threatened to slap the pharmacist when the refill was late.", "harm_to_others", "elevated"),
        ("Her ex has been calling the shelter asking where she is staying.", "domestic_violence", "elevated"),
        ("Her husband drove past the shelter twice last night.", "domestic_violence", "elevated"),
    ],
)
def test_round14_suite33(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """A wish to be hit by a vehicle is passive ideation; 'make him disappear' and 'beat to death' are threats to
    kill; a threat to slap with no means is elevated; a partner hunting for her shelter is stalking."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("One suicide attempt in her twenties, no attempts since.", "suicide_self_harm"),
        ("Her husband drove by her work to drop off her lunch.", "domestic_violence"),
    ],
)
def test_round14_suite33_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """An attempt in her twenties is history; a husband bringing lunch is no stalking."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He ran out of Novolin yesterday.", "medical_crisis", "high"),
        ("She has not had her Lantus since Friday.", "medical_crisis", "high"),
        ("Her face is drooping on one side and she can't lift her arm.", "medical_crisis", "high"),
        ("Cl's left arm went numb and his speech is slurred; his wife called 911.", "medical_crisis", "high"),
        ("Cl punched his cousin, breaking his jaw.", "harm_to_others", "high"),
        ("Cl threw a rock through his neighbor's window during the argument.", "harm_to_others", "elevated"),
        ("Her blood sugar was 45 and she was shaky.", "medical_crisis", None),
    ],
)
def test_round14_suite34(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """Insulin by its brand names; stroke signs; an assault 'breaking' a bone; a window broken is property
    damage, elevated; a low sugar named by its number."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Cl's blood sugar was 110 this morning; insulin refilled.", "medical_crisis"),
        ("Cl's left arm went numb and his speech is slurred; his wife called 911.", "substance_use"),
        ("She slept in her car on the drive to her father's funeral.", "housing_loss"),
        ("The 9-year-old says his stepdad makes him sleep in the car when he is bad.", "housing_loss"),
        ("Cl's leg fell asleep during the long meeting.", "medical_crisis"),
    ],
)
def test_round14_suite34_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A normal sugar reading; slurred speech with a numb arm is a stroke, not intoxication; a night in the car on
    a trip or as a child's punishment is no housing loss; a leg asleep is no emergency."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("He said it would be easier if he just never woke up, but he has no plan.", "suicide_self_harm",
         "elevated"),
        ("She ran out of her seizure medicine Monday and had a short seizure this morning; she is alert now.",
         "medical_crisis", "elevated"),
        ("She says her boyfriend kicked her in the leg last night; she has a bruise on her thigh.",
         "domestic_violence", "high"),
    ],
)
def test_round14_tuning_notes_b(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """'Easier if he never woke up' is passive ideation; a seizure over by the time of the note is elevated; a
    bruise from a partner's kick is an assault with injury (high by the guide)."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She said a friend at school has been cutting and she does not know how to help.", "suicide_self_harm"),
        ("Cl reports a man from the old neighborhood threatened him and said he knows where he lives.",
         "harm_to_others"),
        ("I told her to hang up and call 911, and the ambulance came ten minutes later.", "disengagement"),
        ("Cl brought her toddler to the visit; the boyfriend pushed her last night and she has a bruise on her arm.",
         "child_safety"),
    ],
)
def test_round14_tuning_notes_b_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """A friend's cutting told by the client is the friend's; a threat against the client is not hers to make;
    advice to hang up and call 911 is no disengagement; the mother's bruise is not the child's."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("She asked how many Advil it would take to be fatal.", "suicide_self_harm", "high"),
        ("He slammed the door and cut his hand open on purpose with the broken glass.", "suicide_self_harm",
         None),
        ("She took too many Xanax at the party and her friends could not wake her.", "substance_use", "high"),
        ("The 8-year-old says mom's boyfriend watches him bathe and makes him keep it a secret.", "child_safety",
         "high"),
    ],
)
def test_round14_recall_probes(pipeline, text: str, category: str, severity: str | None) -> None:  # type: ignore[no-untyped-def]
    """A lethal amount asked about is a method looked up; a cut made on purpose is self-harm whatever the body
    part; too many pills and no waking is an overdose; watching a child bathe, kept secret, is sexual abuse."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("He cut the tag off on purpose.", "suicide_self_harm"),
        ("He took too many days off last month.", "substance_use"),
        ("Mom is planning a surprise party and made her keep it a secret.", "child_safety"),
    ],
)
def test_round14_recall_probes_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """The new phrases need their object: a tag cut, days off, a party's secret raise nothing."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She went to the ER Friday for a twisted ankle from basketball; wrapped and sent home.", "medical_crisis"),
        ("Youth (15) got kicked out of gym class for talking back.", "child_safety"),
        ("Resident is next on the waitlist for the senior apartments.", "harm_to_others"),
        ("He joked that his boss is going to kill him if he is late again.", "harm_to_others"),
        ("The 3-year-old came along and played with her doll in the waiting room.", "child_safety"),
        ("She missed two dialysis sessions because her ride fell through.", "disengagement"),
    ],
)
def test_round14_tuning_notes_c_traps(pipeline, text: str, category: str) -> None:  # type: ignore[no-untyped-def]
    """Routine words in harmless use: an ER visit for a sprain, kicked out of class, next on a list, a boss who
    'will kill him', a child who came along, a missed dialysis session (medical, not disengagement from us)."""
    assert category not in _flags(pipeline, text)


@pytest.mark.parametrize(
    ("text", "category", "severity"),
    [
        ("She missed dialysis twice this week and is short of breath and swollen today.", "medical_crisis", "high"),
        ("Her ex sent flowers to her new job; she does not know how he found her address.", "domestic_violence",
         "elevated"),
        ("The teacher reported bruises on the 6-year-old's arms.", "child_safety", "high"),
        ("Cl hit a man at the bar, jaw broken per police.", "harm_to_others", "high"),
    ],
)
def test_round14_tuning_notes_c(pipeline, text: str, category: str, severity: str) -> None:  # type: ignore[no-untyped-def]
    """Missed dialysis with fluid overload is an emergency; an ex who found her address unasked is stalking; a
    teacher's report of a child's bruises stays the child's injury; 'jaw broken' in clipped style is an injury."""
    _assert_flagged(pipeline, text, category, severity)


@pytest.mark.parametrize(
    ("text", "category", "flagged"),
    [
        ("Mom's boyfriend broke the 2-year-old's arm, per the ER.", "child_safety", True),
        ("Her mom's boyfriend broke the 3-year-old's leg.", "child_safety", True),
        ("Mom's boyfriend relapsed last week.", "substance_use", False),
        ("Her 9-year-old has a burn on his forearm and says his mom's boyfriend did it.", "domestic_violence", False),
        ("Her 9-year-old has a burn on his forearm and says his mom's boyfriend did it.", "child_safety", True),
    ],
)
def test_round14_parent_partner(pipeline, text: str, category: str, flagged: bool) -> None:  # type: ignore[no-untyped-def]
    """A parent's partner is the household's adult, not the parent: his act on the child is the child's injury,
    his own relapse is his, and the child's 'mom's boyfriend did it' is no assault on the client."""
    assert (category in _flags(pipeline, text)) is flagged


def test_silence_after_an_emergency_is_that_emergency(pipeline) -> None:  # type: ignore[no-untyped-def]
    """No second flag for the unanswered calls that follow a goodbye; the same silence alone is disengagement."""
    after = _flags(pipeline, "Client texted at 11 pm: 'I can't do this anymore.' She has not answered calls since.")
    assert after["suicide_self_harm"].severity == "high" and "disengagement" not in after
    alone = _flags(pipeline, "Client missed her last two appointments. She has not answered calls since.")
    assert "disengagement" in alone
    child = _flags(pipeline, "The 3-year-old opened the door, no adult home. I called mom three times, no answer.")
    assert child["child_safety"].severity == "high" and "disengagement" not in child

