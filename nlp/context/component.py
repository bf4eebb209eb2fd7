"""Assertion context as a spaCy pipeline component (ConText-style, rules in rules.yaml).

For each target span it decides whether the note asserts it as current and about the client,
or whether it is negated, resolved history, hypothetical, about someone else, or a negative screen.
Risk detection and outcome scoring share this component."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from nlp.matching import PatternSet
from nlp.resources import load_yaml

RULES = Path(__file__).with_name("rules.yaml")
# IMPROVING ("the cut is healing") rules out a medical crisis, not the assault or the attempt that caused it;
# REACHED ("; she called back Monday") rules out a missed contact, not the risk told before it.
BLOCKING = frozenset({"NEGATED", "HISTORICAL", "HYPOTHETICAL", "HYPOTHETICAL_IF", "CONDITION", "OTHER", "OTHER_PARTNER",
                      "NEGATIVE_SCREEN", "IMPROVING", "REACHED"})
PERSON_CATEGORIES = frozenset({"OTHER", "OTHER_PARTNER"})
_RELATIVE = frozenset({"who", "that", "whose", "which"})
CLIENT_WORDS = frozenset({"she", "he", "her", "him", "cl", "client", "pt", "they", "them", "herself", "himself"})
OBJECT_PRONOUNS = frozenset({"her", "him", "them"})


@dataclass(frozen=True, slots=True)
class Modifier:
    category: str
    start: int  # token offsets in the doc
    end: int
    direction: str
    max_scope: int
    phrase: str

    def covers(self, start: int, end: int, scope_start: int, scope_end: int) -> bool:
        """Does this modifier's scope ([scope_start, scope_end) in tokens) reach the target?"""
        if self.direction in ("forward", "bidirectional") and start >= self.end and start < scope_end:
            return True
        if self.direction in ("backward", "bidirectional") and end <= self.start and end > scope_start:
            return True
        return False


@dataclass(frozen=True)
class ContextRules:
    version: str
    default_max_scope: int
    rules: list[tuple[str, str, int, str]]  # (category, direction, max_scope, phrase)
    # Nouns that, after a possessive ("at his cousin's place", "her mother's pills"), name a place or a
    # thing: the person owns it, the sentence is not about them.
    owned_places: frozenset[str] = frozenset()
    owned_things: frozenset[str] = frozenset()
    gender: dict[str, str] = field(default_factory=dict)  # person word -> "she" | "he"
    body_parts: frozenset[str] = frozenset()
    household_children: frozenset[str] = frozenset()
    kin: frozenset[str] = frozenset()


@lru_cache(maxsize=4)
def load_rules(path: str = str(RULES)) -> ContextRules:
    data = load_yaml(path)
    default = int(data.get("default_max_scope", 8))
    rules = []
    for group in data["rules"]:
        for phrase in group["phrases"]:
            rules.append((group["category"], group.get("direction", "forward"),
                          int(group.get("max_scope", default)), str(phrase)))
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, []))

    gender = {str(w).lower(): pron for pron, ws in (data.get("person_gender") or {}).items() for w in ws}
    return ContextRules(str(data["version"]), default, rules, words("owned_places"), words("owned_things"), gender,
                        words("body_parts"), words("household_children"), words("kin"))


class AssertionContext:
    """Finds modifiers in a doc and tells which of them reach a target span."""

    def __init__(self, vocab, rules: ContextRules | None = None, make_doc=None) -> None:  # type: ignore[no-untyped-def]
        self.rules = rules or load_rules()
        self.matcher = PatternSet(vocab)
        self._meta: dict[str, tuple[str, str, int, str]] = {}
        make_doc = Tokenizer(vocab) if make_doc is None else make_doc
        for i, (cat, direction, scope, phrase) in enumerate(self.rules.rules):
            key = f"ctx{i}"
            self.matcher.add(key, phrase, make_doc)
            self._meta[key] = (cat, direction, scope, phrase)

    @property
    def version(self) -> str:
        return f"context@{self.rules.version}"

    def modifiers(self, doc: Doc) -> list[Modifier]:
        """The doc's modifiers, found once per doc and rule set: risk and scoring read the same docs."""
        key = ("caselens_context", id(self.rules))
        cached = doc.user_data.get(key)
        if cached is None:
            cached = doc.user_data[key] = self._find(doc)
        return list(cached)

    def _find(self, doc: Doc) -> list[Modifier]:
        found = []
        for match_id, start, end in self.matcher(doc):
            cat, direction, scope, phrase = self._meta[doc.vocab.strings[match_id]]
            found.append(Modifier(cat, start, end, direction, scope, phrase))
        pseudo = [m for m in found if m.category == "PSEUDO"]
        kept = [m for m in found if m.category != "PSEUDO"
                and not any(p.start < m.end and m.start < p.end for p in pseudo)
                and not (m.category in PERSON_CATEGORIES and m.direction == "forward"
                         and (_object_position(doc, m.start, m.end)
                              or _owned_thing(doc, m.start, m.end, self.rules)
                              or _compound_continues(doc, m.end)))]
        # A person inside a parent's partner is that partner: "her mom's boyfriend" is the household's adult
        # (OTHER_PARTNER), not her mother (OTHER).
        partners = [m for m in kept if m.category == "OTHER_PARTNER"]
        kept = [m for m in kept if not (m.category == "OTHER" and any(
            p.start <= m.start and m.end <= p.end and (p.end - p.start) > (m.end - m.start) for p in partners))]
        # Of overlapping modifiers of one category and direction keep the longest.
        kept.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Modifier] = []
        for m in kept:
            if any(o.category == m.category and o.direction == m.direction and o.start <= m.start and m.end <= o.end
                   for o in out):
                continue
            out.append(m)
        return out

    def _reach(self, doc: Doc, m: Modifier, terms: list[Modifier]) -> tuple[int, int]:
        """(first token, end token) a modifier can reach: its max scope, cut at terminators; an
        other-person scope also ends where the client is mentioned again ("her cousin told her to leave"),
        a partner's where the other gender's subject pronoun speaks ("if his wife leaves him he ...")."""
        stops = [t for t in terms if t.category == "TERMINATE" or t.category == f"TERMINATE_{m.category}"]
        aside = (0, 0)
        if m.category == "OTHER":
            aside = _relative_aside(doc, m.end)
            stops = stops + [Modifier("TERMINATE", t.i, t.i + 1, "", 0, "") for t in doc[m.end:]
                             if t.lower_ in CLIENT_WORDS and not self._place_owner(doc, t.i)
                             and not aside[0] <= t.i < aside[1]]
        elif m.category == "OTHER_PARTNER":
            own = _own_gender(doc, m, self.rules.gender)
            if own is not None:
                stops = stops + [Modifier("TERMINATE", t.i, t.i + 1, "", 0, "") for t in doc[m.end:]
                                 if t.lower_ in _GENDERED_SUBJECTS and t.lower_ != own]
        reach = m.max_scope + aside[1] - aside[0]  # the aside about him does not use up his scope
        fwd_end = min([m.end + reach, len(doc)] + [t.start for t in stops if t.start >= m.end])
        back_start = max([m.start - m.max_scope, 0] + [t.end for t in stops if t.end <= m.start])
        return back_start, fwd_end

    def _place_owner(self, doc: Doc, i: int) -> bool:
        """ "came to her apartment drunk": a possessive before a place names whose place, not who acts."""
        return doc[i].tag_ == "PRP$" and i + 1 < len(doc) and doc[i + 1].lower_ in self.rules.owned_places

    def _resumed(self, doc: Doc, m: Modifier, fwd_end: int) -> tuple[int, int] | None:
        """A partner's scope cut at the client's pronoun resumes at the partner's own: "her husband told her
        that if she leaves he will kill her" - "he will kill her" is the husband's again."""
        if m.category != "OTHER_PARTNER" or m.direction != "forward" or fwd_end >= len(doc):
            return None
        own = _own_gender(doc, m, self.rules.gender)
        if own is None:
            return None
        # the client's pronoun (the other gender's) must stand in the sentence, or "her girlfriend left and she
        # says ..." of a woman client would hand her own words back to her partner
        other = [t.i for t in doc[m.end:] if t.lower_ in _GENDERED_SUBJECTS and t.lower_ != own]
        if not other:
            return None
        again = next((t.i for t in doc[fwd_end:] if t.lower_ == own), None)
        if again is None:
            return None
        # "he would kill himself if she leaves": his words run to hers
        stop = next((i for i in other if i > again), len(doc))
        return again, min(again + 1 + m.max_scope, stop)

    def scopes(self, doc: Doc, mods: list[Modifier]) -> list[tuple[str, int, int]]:
        """(category, first token, end token) ranges that blocking modifiers cover, computed once."""
        terms = [t for t in mods if t.category.startswith("TERMINATE")]
        out = []
        for m in mods:
            if m.category not in BLOCKING:
                continue
            back_start, fwd_end = self._reach(doc, m, terms)
            if m.direction in ("forward", "bidirectional"):
                out.append((m.category, m.end, fwd_end))
                resumed = self._resumed(doc, m, fwd_end)
                if resumed is not None:
                    out.append((m.category, *resumed))
            if m.direction in ("backward", "bidirectional"):
                out.append((m.category, back_start, m.start))
        return out

    def assess(self, doc: Doc, start: int, end: int, mods: list[Modifier] | None = None,
               ignore: frozenset[str] = frozenset(), client_as_object: bool = False, household_object: bool = False,
               kin_agent: bool = False) -> set[str]:
        """Categories of the modifiers whose scope covers tokens [start, end). With `client_as_object`
        (risks that happen TO the client), an other-person subject does not count when the client is the
        object inside the target: "her roommate kicked her out" is her housing loss. With `kin_agent`, a kin
        word that is the target's own subject and a target ending on an object pronoun are the kin's act on
        the client: "her brother threatened to kill her"."""
        mods = self.modifiers(doc) if mods is None else mods
        terms = [m for m in mods if m.category.startswith("TERMINATE")]
        hits: set[str] = set()
        for m in mods:
            if m.category not in BLOCKING or m.category in ignore:
                continue
            if m.start < end and start < m.end:
                if m.start <= start and end <= m.end and (m.end - m.start) > (end - start):
                    hits.add(m.category)  # the target is part of a modifier phrase ("relapse prevention")
                elif m.category == "OTHER" and m.direction == "backward":
                    hits.add(m.category)  # a passive agent inside the target: "punched by a stranger"
                continue  # a modifier inside the target is part of what it says ("not sleeping")
            if kin_agent and _kin_acts_on_client(doc, m, start, end, self.rules):
                continue
            back_start, fwd_end = self._reach(doc, m, terms)
            resumed = self._resumed(doc, m, fwd_end)
            if resumed is not None and resumed[0] < start < resumed[1] and not (
                    client_as_object and any(t.lower_ in OBJECT_PRONOUNS and t.tag_ == "PRP"
                                             for t in doc[resumed[0]:end])):
                hits.add(m.category)  # the partner speaks again: "... if she leaves he will kill himself"
                continue
            if client_as_object and m.direction == "forward" and (
                    _client_is_object(doc, m, fwd_end, end, self.rules.gender)
                    or (household_object and _household_is_object(doc, m, end, self.rules))):
                continue
            if m.covers(start, end, back_start, fwd_end):
                hits.add(m.category)
        return hits


def _client_is_object(doc: Doc, m: Modifier, fwd_end: int, end: int, gender: dict[str, str]) -> bool:
    """The other person acts and the client is the object: "her roommate kicked her out". An other-person
    scope ends at the client's pronoun; a partner's scope does not, so look from the partner on."""
    if m.category == "OTHER":
        span = doc[fwd_end:end]  # empty when the target ends inside the scope
    elif m.category == "OTHER_PARTNER":
        span = doc[m.end:end]
    else:
        return False
    objects = [t.i for t in span if t.lower_ in OBJECT_PRONOUNS and t.tag_ == "PRP"]
    if not objects or m.category != "OTHER_PARTNER":
        return bool(objects)
    # "her partner hit her after he got home drunk": the partner is the subject again after the object
    own = _own_gender(doc, m, gender)
    return not (own and any(t.lower_ == own for t in doc[objects[-1] + 1 : end]))


def _own_gender(doc: Doc, m: Modifier, gender: dict[str, str]) -> str | None:
    """ "she" or "he" as the modifier's person word tells ("her husband": he), else None ("her partner")."""
    return next((gender[t.lower_] for t in reversed(doc[m.start:m.end]) if t.lower_ in gender), None)


_AGE_WORDS = frozenset({"-", "year", "years", "month", "months", "week", "weeks", "old"})


_POSSESSIVE_OBJECT = {"her": "her", "his": "him", "my": "me"}
_KIN_GAP = frozenset({"ADV", "AUX", "PART"})  # "her brother has also", "her mother just", "his dad then"


def _kin_acts_on_client(doc: Doc, m: Modifier, start: int, end: int, rules: ContextRules) -> bool:
    """A kin word right before the target's verb is its subject, and the target ends on an object pronoun or
    starts on her things:
    "her brother threatened to kill her", "client's stepdad has been hitting him". Only adverbs and auxiliaries
    may stand between, so "her sister said her husband hits her" stays the sister's story."""
    if m.category != "OTHER" or m.direction != "forward":
        return False
    words = [t.lower_ for t in doc[m.start:m.end] if t.is_alpha or "-" in t.text]
    if not words or words[-1] not in rules.kin:
        return False  # the person's last word, past an age in brackets: "her son (22)"
    gap = list(doc[m.end:start])
    commas = [k for k, t in enumerate(gap) if t.text == ","]
    if len(commas) >= 2 and commas[0] == 0 and gap[1].lower_ in ("who", "whom", "that"):
        gap = gap[commas[-1] + 1:]  # ", who lives with the family," is an aside
    if len(gap) > 3 or any(t.pos_ not in _KIN_GAP for t in gap) or doc[start].pos_ != "VERB":
        return False
    obj = _object_pronoun(doc, end, rules.body_parts, first_person=True)  # "threatened to cut her throat": her
    owned = doc[start + 1] if start + 1 < end else None  # her things, taken or broken: "takes her disability check"
    if obj is None and owned is not None and owned.tag_ == "PRP$" and owned.lower_ in _POSSESSIVE_OBJECT:
        obj = _POSSESSIVE_OBJECT[owned.lower_]
    if obj is None:
        return False
    owner = doc[m.start].lower_  # "her brother punched him": the client is she, so "him" is someone else
    if owner in _POSSESSIVE_OBJECT and any(t.lower_ in rules.household_children for t in doc[:m.start]):
        return False  # "her son, 7, said his dad hit him": whose dad "his" means is the child's
    return owner not in _POSSESSIVE_OBJECT or _POSSESSIVE_OBJECT[owner] == obj


def _household_is_object(doc: Doc, m: Modifier, end: int, rules: ContextRules) -> bool:
    """Someone else acts on the household's child: a body part's possessive after the verb ("touches her private
    parts") or "the" child after the verb ("makes the 10-year-old kneel", "hit the baby"). "Leaves her kids alone"
    is neither: whose kids "her" means, the sentence does not say."""
    if m.category not in PERSON_CATEGORIES:
        return False
    for t in doc[m.end:end]:
        if t.tag_ == "PRP$" and t.lower_ in OBJECT_PRONOUNS and t.i > 0 and doc[t.i - 1].pos_ == "VERB" \
                and any(x.lower_ in rules.body_parts for x in doc[t.i + 1 : t.i + 3]):
            return True
        child = t.lower_ in rules.household_children or (t.lower_ == "old" and t.i > 0 and doc[t.i - 1].text == "-")
        if child:
            j = t.i - 1
            while j > m.end and (doc[j].lower_ in _AGE_WORDS or doc[j].like_num or doc[j].pos_ == "ADJ"):
                j -= 1
            if doc[j].lower_ == "the" and j > 0 and doc[j - 1].pos_ == "VERB":
                return True
    return False


CLIENT_NOUNS = frozenset({"client", "cl", "pt", "patient", "youth", "resident", "participant", "member"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you"})
_PASSIVE = frozenset({"was", "were", "been", "being", "got", "get", "gets", "is", "are"})
_SAYING = frozenset({"says", "said", "reports", "reported", "states", "stated", "explains", "explained", "admits",
                     "admitted", "mentions", "mentioned", "discloses", "disclosed"})  # no person object follows
REPORTING = frozenset({"reports", "reported", "says", "said", "states", "stated", "told", "tells", "disclosed",
                        "discloses", "shared", "explained", "described", "notes", "noted", "alleges", "alleged"})


def client_is_agent(doc: Doc, start: int, end: int | None = None) -> bool:
    """True when the sentence's subject is the client named as such ("client", "youth", "pt") and no new
    subject starts before token `start`: "Client swung a chair at another patient and hit him" - the client
    hits. "Client says her husband hit her" starts a new subject (a noun followed by its verb), as does
    "she was choked". Pronoun subjects alone never count: "he" may be the client or her partner."""
    i = 0
    if len(doc) and doc[0].lower_ == "per":  # "Per the charge nurse, client ..."
        i = next((t.i + 1 for t in doc[:start] if t.text == ","), 0)
    while i < start and doc[i].pos_ == "DET":
        i += 1
    if i < start and doc[i].lower_ not in CLIENT_NOUNS:
        i = _reported_client(doc, i, start)  # "Tenant's neighbor says client has been banging on her door"
    if i >= start or doc[i].lower_ not in CLIENT_NOUNS:
        return False
    if doc[start].lower_ in _PASSIVE or (start > 0 and doc[start - 1].lower_ in _PASSIVE and doc[start].tag_ != "VBG"):
        return False  # "client was pushed": done to the client ("has been banging" is her own act)
    if end is not None and any(t.lower_ == "by" for t in doc[start:end]):
        return False  # the cue names its agent: "pt presented with a fracture after assault by bf"
    for t in doc[i + 1 : start + 1]:  # the cue's own first word too: "client and her husband were ... he punched"
        if t.i == start and not (t.pos_ in ("NOUN", "PROPN") or t.text.endswith(">")):
            break
        if t.lower_ in _SUBJECT_PRONOUNS or t.lower_ in REPORTING:
            return False  # a new subject, or reported speech whose subject we cannot tell
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        person = t.pos_ in ("NOUN", "PROPN") or t.text.endswith(">")  # "<PERSON_1>" placeholders
        if person and nxt is not None and nxt.pos_ in ("VERB", "AUX"):
            return False  # a new subject: "her husband hit", "<PERSON_1> pushed"
    return True


def _reported_client(doc: Doc, i: int, start: int) -> int:
    """Where the client begins as the subject of someone else's report ("her neighbor says (that) client ..."),
    or `start` when the sentence has no such report before token `start`."""
    for t in doc[i:start]:
        if t.lower_ in REPORTING:
            j = t.i + 1 + int(t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "that")
            return j if j < start and doc[j].lower_ in CLIENT_NOUNS else start
    return start


def _compound_continues(doc: Doc, end: int) -> bool:
    """ "his ex-cellmate" is not his ex: the person word runs on through a hyphen."""
    return end < len(doc) and doc[end].text in ("-", "‐") and doc[end].whitespace_ == ""


def _owned_thing(doc: Doc, start: int, end: int, rules: ContextRules) -> bool:
    """ "at her sister's," / "calling her mother's house" name a place; "swallowed her mother's pills" /
    "loaded his father's revolver" name a thing the client took or used. Neither is who the sentence is
    about. A thing whose owner opens the sentence stays the owner's ("His father's gun was stolen")."""
    if doc[end - 1].lower_ not in ("'s", "’s"):
        return False
    if end == len(doc) or doc[end].is_punct:
        return True  # "staying at her sister's."
    for t in doc[end : end + 4]:
        if t.lower_ in rules.owned_places:
            return True
        if t.lower_ in rules.owned_things:
            i = start - 1
            while i >= 0 and doc[i].tag_ in ("PRP$", "DT"):
                i -= 1  # "loaded [his] father's revolver"
            return i >= 0 and doc[i].pos_ in ("VERB", "ADP", "AUX", "CCONJ", "PART")
        if t.is_punct or t.pos_ in ("ADP", "AUX", "CCONJ", "PRON", "SCONJ"):
            break
    return False


def _object_position(doc: Doc, start: int, end: int) -> bool:
    """True when a person mention is the object of a verb or preposition ("she texted her sister a
    goodbye message", "going to beat her neighbor"), so it is not who the sentence is about. A mention
    that opens a clause, is possessive ("brother's relapse"), follows a copula, is followed by its verb
    or by a relative clause ("about his brother, who relapsed") stays. Untagged docs keep every mention."""
    if end - start > 2 and doc[end - 1].pos_ == "ADP" and doc[end - 2].pos_ == "NOUN":
        end -= 1  # "a guy at", "a man from": the person is the noun before the preposition
    if start == 0 or doc[end - 1].pos_ != "NOUN":
        return False
    prev = doc[start - 1]
    if prev.pos_ not in ("VERB", "ADP") or prev.lower_ in _RELATIVE:
        return False
    if prev.lower_ in _SAYING:
        return False  # "she said a friend at school has been cutting": the reported clause's subject
    for tok in doc[end : end + 5]:
        if tok.lower_ in _RELATIVE or tok.pos_ in ("VERB", "AUX"):
            return False  # "said her brother is using again", "lives with her cousin, who drinks"
        if not (tok.is_punct or tok.pos_ in ("PROPN", "ADV") or tok.text.startswith("<")):
            break
    return True


if not Span.has_extension("assertion"):
    Span.set_extension("assertion", default=None)
if not Doc.has_extension("context_modifiers"):
    Doc.set_extension("context_modifiers", default=None)


@Language.factory("caselens_context", default_config={"rules_path": str(RULES)})
def make_context_component(nlp: Language, name: str, rules_path: str):  # type: ignore[no-untyped-def]
    return ContextComponent(nlp, rules_path)


class ContextComponent:
    """spaCy pipe: sets doc._.context_modifiers and span._.assertion for spans in doc.spans["targets"]."""

    def __init__(self, nlp: Language, rules_path: str = str(RULES)) -> None:
        self.context = AssertionContext(nlp.vocab, load_rules(rules_path), nlp.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        mods = self.context.modifiers(doc)
        doc._.context_modifiers = mods
        for span in doc.spans.get("targets", []):
            span._.assertion = self.context.assess(doc, span.start, span.end, mods)
        return doc


def _relative_aside(doc: Doc, i: int) -> tuple[int, int]:
    """(start, end) of a relative clause set off by commas right after token i ("his brother, who lives with
    him, keeps a gun"), else (0, 0): the client named inside it does not take the sentence back from him."""
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in ("who", "whom", "whose"):
        return 0, 0
    close = next((t.i for t in doc[i + 2:] if t.text == ","), None)
    return (i + 1, close) if close is not None else (0, 0)


def scope_share(doc: Doc, scopes: list[tuple[str, int, int]]) -> float:
    """Share of the sentence's content words inside a negation/history/hypothetical/other scope."""
    if not scopes:
        return 0.0
    content = [t.i for t in doc if t.is_alpha and not t.is_stop]
    if not content:
        return 0.0
    covered = sum(1 for i in content if any(lo <= i < hi for _, lo, hi in scopes))
    return covered / len(content)


_TITLES = {"ms": "she", "mrs": "she", "miss": "she", "mr": "he"}
_OBJECT = {"she": "her", "he": "him"}  # a gendered subject pronoun -> its object form
_GENDERED_SUBJECTS = frozenset(_OBJECT)
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ", "PART", "NUM"})


def client_pronoun(docs: list[Doc], partner_words: frozenset[str]) -> str | None:
    """ "she" or "he" when the note says which the client is, else None. Read off the note's title before a
    name ("Ms. <PERSON_1>") and its possessive before a partner ("her ex", "his wife"), which in a case note are
    the client's; several that disagree say nothing, as does a note with none."""
    votes = {"she": 0, "he": 0}
    for doc in docs:
        for t in doc[:-1]:
            nxt = doc[t.i + 1]
            title = _TITLES.get(t.lower_.rstrip("."))
            if title and (nxt.text.startswith("<") or nxt.pos_ == "PROPN"):  # "<PERSON_1>", or a name left in
                votes[title] += 1
            elif t.lower_ in ("her", "his") and nxt.lower_ in partner_words:
                votes["she" if t.lower_ == "her" else "he"] += 1
    if votes["she"] and not votes["he"]:
        return "she"
    if votes["he"] and not votes["she"]:
        return "he"
    return None


def _object_pronoun(doc: Doc, end: int, body_parts: frozenset[str] = frozenset(), first_person: bool = False
                    ) -> str | None:
    """ "her" / "him" when the span ending at `end` ends on one as an object ("her ex's girlfriend": a possessive,
    whatever its tag, is not), or on a body part after her / his ("broke her nose": her); "me" / "my" too with
    `first_person` (a client quoted)."""
    last = doc[end - 1]
    owners = ("her", "his", "my") if first_person else ("her", "his")
    if end >= 2 and last.lower_ in body_parts and doc[end - 2].lower_ in owners:
        return _POSSESSIVE_OBJECT[doc[end - 2].lower_]
    objects = (*_OBJECT.values(), "me") if first_person else tuple(_OBJECT.values())
    after = doc[end] if end < len(doc) else None
    if last.lower_ not in objects or last.tag_ != "PRP" or (after is not None and after.pos_ in _NOUNISH):
        return None
    return last.lower_


def done_to_client(doc: Doc, start: int, end: int, pronoun: str | None, body_parts: frozenset[str] = frozenset()
                   ) -> bool:
    """A cue whose object is the client's own pronoun and whose nearest subject pronoun is the other one ("he
    screamed he would kill her", of a woman client) is done to the client, not by the client. "He said he'd
    kill him" of a man is still the client acting."""
    if pronoun is None or _object_pronoun(doc, end, body_parts) != _OBJECT[pronoun]:
        return False
    subject = next((t.lower_ for t in reversed(doc[:start]) if t.lower_ in _OBJECT), None)
    return subject is not None and subject != pronoun


def _nearest_subject(doc: Doc, start: int) -> str | None:
    """The gendered subject pronoun nearest before `start`, or None when a client word or nothing comes first."""
    for t in reversed(doc[:start]):
        if t.lower_ in CLIENT_NOUNS:
            return None
        if t.lower_ in _GENDERED_SUBJECTS:
            return t.lower_
    return None


def other_gender_acts(doc: Doc, start: int, pronoun: str | None) -> bool:
    """The nearest subject pronoun before a cue is not the client's, and no client word follows it: "her ex says
    he will find out where she lives" is the ex's act, whatever its object."""
    subject = _nearest_subject(doc, start)
    return pronoun is not None and subject is not None and subject != pronoun


def client_pronoun_acts(doc: Doc, start: int, pronoun: str | None) -> bool:
    """The nearest subject pronoun before a cue is the client's own: "her boyfriend yelled and she told him she
    would stab him" is her threat."""
    return pronoun is not None and _nearest_subject(doc, start) == pronoun


def bystander_is_object(doc: Doc, start: int, bystanders: frozenset[str], partners: frozenset[str]) -> bool:
    """Someone neither partner nor kin is acted on before the cue ("grabbed the caseworker by the collar and shoved
    her"), in a sentence with no partner: the pronoun is that person, not the client."""
    if any(t.lower_ in partners for t in doc):
        return False
    for t in doc[:start]:
        if t.lower_ not in bystanders or t.i == 0:
            continue
        det = doc[t.i - 1].pos_ == "DET" or doc[t.i - 1].tag_ == "PRP$"  # "shoved the|his roommate"
        before = doc[t.i - 2] if det and t.i >= 2 else doc[t.i - 1]
        if before.pos_ == "VERB":
            return True
    return False


def done_to_other(doc: Doc, end: int, pronoun: str | None, body_parts: frozenset[str] = frozenset()) -> bool:
    """A cue whose object is the other gender's pronoun is not done to the client: "if the judge gives the kids
    to his ex he will shoot her" is his threat, not an assault on him."""
    obj = _object_pronoun(doc, end, body_parts)
    return pronoun is not None and obj is not None and obj != _OBJECT[pronoun]
