r"""A compact phrase syntax for rule files, compiled to spaCy Matcher token patterns.

    plain        -> {"LOWER": "plain"}
    a|b          -> {"LOWER": {"IN": ["a", "b"]}}
    ~lemma       -> {"LEMMA": "lemma"}        (~a|b: lemma in a, b)
    #            -> {"LIKE_NUM": true}
    /regex/      -> {"TEXT": {"REGEX": "^regex$"}}     (e.g. /(19|20)\d\d/ for a year)
    _            -> any one token;  _? optional;  _{0,3} up to three tokens
    word@TAG     -> the form above with a fine-grained tag in TAG (a|b@PRP: "her" as object, not "her car")
    word?        -> optional token (any form above followed by ?)
    (a b|c)      -> alternatives of any length: "a b" or "c" (`(a b|c)?`: optional); `a|b c` is one-word
                    alternatives only ("a c" or "b c"), so write `(no one|nobody) knows` for the longer
    {name}       -> a named word list of the rule file spelled out as one-word alternatives (PatternSet)
    co-worker    -> a literal the tokenizer splits is matched as its pieces ("co - worker", "gon na", "ca n't")

So agencies write `~threaten to ~kill` instead of JSON token patterns."""

from __future__ import annotations

import re
from typing import Any

_QUANT = re.compile(r"^(?P<body>.*?)(?P<op>\?|\{\d*,\d*\})?$")
_WORD_LIST = re.compile(r"\{([a-z_]+)\}")


def expand_groups(phrase: str, limit: int = 64) -> list[str]:
    """`(no one|nobody) knows where` -> ["no one knows where", "nobody knows where"]: the phrase with each
    group replaced by each of its alternatives (an optional group `(...)?` also by nothing). Regex tokens
    (`/(19|20)[0-9][0-9]/`) are left alone; a group that does not close is an error, not a literal. Inside a
    group every `|` separates whole alternatives (`(hit her|him)` is "hit her" or "him"), so a regex with `|`
    belongs outside one."""
    variants = [""]
    tokens = phrase.split()
    i = 0
    while i < len(tokens):
        if not _opens_group(tokens[i]):
            variants = [f"{v} {tokens[i]}" for v in variants]
            i += 1
            continue
        j = i
        while not _closes_group(tokens[j]):
            j += 1
            if j == len(tokens):
                raise ValueError(f"phrase {phrase!r} opens a group that does not close")
        parts = list(tokens[i : j + 1])
        optional = parts[-1].endswith("?")
        parts[0] = parts[0][1:]
        parts[-1] = parts[-1][: -2 if optional else -1]
        if any(("(" in t or ")" in t) and not t.startswith("/") for t in parts):
            raise ValueError(f"phrase {phrase!r}: groups do not nest")
        options = [o.strip() for o in " ".join(parts).split("|")]
        if any(not o for o in options):
            raise ValueError(f"phrase {phrase!r} has an empty alternative in a group")
        options += [""] if optional else []
        variants = [f"{v} {o}" for v in variants for o in options]
        if len(variants) > limit:
            raise ValueError(f"phrase {phrase!r} expands to more than {limit} variants")
        i = j + 1
    return [" ".join(v.split()) for v in variants if v.strip()]


def compile_phrase(phrase: str) -> list[dict[str, Any]]:
    pattern: list[dict[str, Any]] = []
    for raw in phrase.split():
        m = _QUANT.match(raw)
        assert m is not None
        body, op = m.group("body"), m.group("op")
        tags: list[str] = []
        if "@" in body and not body.startswith("/"):
            body, _, tag_spec = body.rpartition("@")
            tags = tag_spec.split("|")
        if body == "_":
            tok: dict[str, Any] = {}
        elif len(body) > 2 and body.startswith("/") and body.endswith("/"):
            tok = {"TEXT": {"REGEX": f"^(?:{body[1:-1]})$"}}
        elif body == "#":
            tok = {"LIKE_NUM": True}
        elif body.startswith("~"):
            options = [o.lstrip("~") for o in body[1:].lower().split("|")]  # "~hit|~punch" means "~hit|punch"
            tok = {"LEMMA": options[0]} if len(options) == 1 else {"LEMMA": {"IN": options}}
        else:
            options = body.lower().split("|")
            tok = {"LOWER": options[0]} if len(options) == 1 else {"LOWER": {"IN": options}}
        if tags:
            tok["TAG"] = tags[0] if len(tags) == 1 else {"IN": tags}
        if op:
            tok["OP"] = op
        pattern.append(tok)
    if not pattern or all(t.get("OP") in ("?",) or (t.get("OP") or "").startswith("{0") for t in pattern):
        raise ValueError(f"phrase {phrase!r} can match nothing")
    return pattern


def _opens_group(token: str) -> bool:
    """`(word...`; a bare `(` is the literal bracket a note writes ("( 2019 )")."""
    return len(token) > 1 and token.startswith("(")


def _closes_group(token: str) -> bool:
    """`...word)` or `...word)?`; a regex token's own brackets close nothing."""
    return not token.startswith("/") and token.removesuffix("?").endswith(")")


class PatternSet:
    """Phrases in the syntax above, matched fast: plain-word phrases (alternatives expanded) go to a
    PhraseMatcher on LOWER, the rest (lemmas, wildcards, numbers, regexes) to token Matchers.

    spaCy's Matcher tries every pattern at every token, so hundreds of cue patterns cost more than the
    rest of the risk stage. Each token pattern is therefore filed under one word it cannot match without
    (its "gate"), and a doc runs only the matchers whose gate word it contains. Same matches, less work."""

    MAX_EXPANSION = 64

    def __init__(self, vocab, words: dict[str, list[str]] | None = None) -> None:  # type: ignore[no-untyped-def]
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        self.words = {name: "|".join(str(w).lower() for w in items) for name, items in (words or {}).items()}
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self._gated: dict[tuple[str, frozenset[str]], Any] = {}
        self._ungated: Any = None
        self._index: dict[str, dict[str, list[tuple[str, frozenset[str]]]]] = {"LOWER": {}, "LEMMA": {}}

    def add(self, key: str, phrase: str, make_doc) -> None:  # type: ignore[no-untyped-def]
        """File a phrase under `key`: its groups expanded first, then its word lists (which hold only
        one-word alternatives, so a list inside a group stays one token)."""
        for variant in expand_groups(phrase, self.MAX_EXPANSION):
            for spelled in _split_literals(self._spell_words(variant, phrase), make_doc, self.MAX_EXPANSION):
                self._add(key, spelled, make_doc)

    def _spell_words(self, variant: str, phrase: str) -> str:
        def sub(m: re.Match[str]) -> str:
            if m.group(1) not in self.words:
                raise ValueError(f"phrase {phrase!r} names an unknown word list {m.group(1)!r}")
            return self.words[m.group(1)]

        return _WORD_LIST.sub(sub, variant)

    def _add(self, key: str, phrase: str, make_doc) -> None:  # type: ignore[no-untyped-def]
        from spacy.matcher import Matcher

        expanded = _expand_plain(phrase, self.MAX_EXPANSION)
        if expanded is not None:
            self.phrases.add(key, [make_doc(p) for p in expanded])
            return
        pattern = compile_phrase(phrase)
        gate = _gate(pattern)
        if gate is None:
            if self._ungated is None:
                self._ungated = Matcher(self.vocab)
            self._ungated.add(key, [pattern])
            return
        matcher = self._gated.get(gate)
        if matcher is None:
            matcher = self._gated[gate] = Matcher(self.vocab)
            for value in gate[1]:
                self._index[gate[0]].setdefault(value, []).append(gate)
        matcher.add(key, [pattern])

    def __call__(self, doc) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
        """Matches as (key, start, end) token offsets into `doc`. Quotation marks are transparent: notes quote
        the client's words ("said he would 'shoot up' the school"), and a rule phrase reads through them."""
        kept = [t.i for t in doc if not (t.is_quote and t.tag_ != "POS")]  # "the kids' toys" keeps its mark
        if len(kept) == len(doc):
            return self._match(doc)
        if not kept:
            return []
        from spacy.tokens import Doc

        view = Doc(doc.vocab, words=[doc[i].text for i in kept], spaces=[True] * len(kept),
                   lemmas=[doc[i].lemma_ for i in kept], tags=[doc[i].tag_ for i in kept])
        return [(key, kept[s], kept[e - 1] + 1) for key, s, e in self._match(view)]

    def _match(self, doc) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
        found = list(self.phrases(doc))
        if self._ungated is not None:
            found += self._ungated(doc)
        lower, lemma = self._index["LOWER"], self._index["LEMMA"]
        gates: set[tuple[str, frozenset[str]]] = set()
        for t in doc:
            gates.update(lower.get(t.lower_, ()))
            gates.update(lemma.get(t.lemma_, ()))
        for gate in gates:
            found += self._gated[gate](doc)
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _split_literals(phrase: str, make_doc, limit: int) -> list[str]:  # type: ignore[no-untyped-def]
    """A literal the tokenizer splits ("gonna" is "gon na", "co-worker" is "co - worker", "can't" is "ca n't")
    would never match as one token pattern: the phrase gets a variant per such alternative, spelled as its
    pieces, beside the variant of the one-token alternatives."""
    variants = [""]
    for raw in phrase.split():
        m = _QUANT.match(raw)
        assert m is not None  # the pattern matches any token
        body, op = m.group("body"), m.group("op") or ""
        plain = body and body[0] not in "~#_/({" and "@" not in body and ")" not in body and not op.startswith("{")
        single, multi = [], []  # one-token alternatives; the others, spelled as their pieces
        for o in body.split("|") if plain else ():
            # "'s", "n't" alone tokenize apart, but in a text they are one token after their word
            pieces = [t.text for t in make_doc(o)] if o and o[0] != "'" and o != "n't" else [o]
            if len(pieces) > 1:
                multi.append(" ".join(pieces))
            else:
                single.append(o)
        if not multi:
            forms = [raw]
        elif op:  # optional: the pieces are optional together, so the variant without them stands too
            forms = [f"{'|'.join(single)}{op}" if single else "", *multi]
        else:
            forms = (["|".join(single)] if single else []) + multi
        variants = [f"{v} {f}" for v in variants for f in forms]
        if len(variants) > limit:
            raise ValueError(f"phrase {phrase!r} expands to more than {limit} variants")
    return [" ".join(v.split()) for v in variants if v.strip()]


def _gate(pattern: list[dict[str, Any]]) -> tuple[str, frozenset[str]] | None:
    """A required token of the pattern with literal words (the one with fewest), as (attribute, words)."""
    best = None
    for tok in pattern:
        op = tok.get("OP")
        if op in ("?", "*") or (op or "").startswith("{0"):
            continue  # optional: the pattern can match without it
        for attr in ("LOWER", "LEMMA"):
            value = tok.get(attr)
            if value is None:
                continue
            words = frozenset([value] if isinstance(value, str) else value.get("IN", []))
            if words and (best is None or len(words) < len(best[1])):
                best = (attr, words)
    return best


def _expand_plain(phrase: str, limit: int) -> list[str] | None:
    """All plain-word variants of a phrase, or None when it needs the token Matcher."""
    variants = [""]
    for raw in phrase.split():
        if raw[0] in "~#_/" or raw.endswith("?") or raw.endswith("}") or "@" in raw:
            return None
        options = raw.lower().split("|")
        variants = [f"{v} {o}".strip() for v in variants for o in options]
        if len(variants) > limit:
            return None
    return variants
