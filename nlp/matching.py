r"""A compact phrase syntax for rule files, compiled to spaCy Matcher token patterns.

    plain        -> {"LOWER": "plain"}
    a|b          -> {"LOWER": {"IN": ["a", "b"]}}
    ~lemma       -> {"LEMMA": "lemma"}        (~a|b: lemma in a, b)
    #            -> {"LIKE_NUM": true}
    /regex/      -> {"TEXT": {"REGEX": "^regex$"}}     (e.g. /(19|20)\d\d/ for a year)
    _            -> any one token;  _? optional;  _{0,3} up to three tokens
    word@TAG     -> the form above with a fine-grained tag in TAG (a|b@PRP: "her" as object, not "her car")
    word?        -> optional token (any form above followed by ?)

So agencies write `~threaten to ~kill` instead of JSON token patterns."""

from __future__ import annotations

import re
from typing import Any

_QUANT = re.compile(r"^(?P<body>.*?)(?P<op>\?|\{\d*,\d*\})?$")


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


class PatternSet:
    """Phrases in the syntax above, matched fast: plain-word phrases (alternatives expanded) go to a
    PhraseMatcher on LOWER, the rest (lemmas, wildcards, numbers, regexes) to a token Matcher."""

    MAX_EXPANSION = 64

    def __init__(self, vocab) -> None:  # type: ignore[no-untyped-def]
        from spacy.matcher import Matcher, PhraseMatcher

        self.vocab = vocab
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.tokens = Matcher(vocab)
        self._tokenizer = None

    def add(self, key: str, phrase: str, make_doc) -> None:  # type: ignore[no-untyped-def]
        expanded = _expand_plain(phrase, self.MAX_EXPANSION)
        if expanded is None:
            self.tokens.add(key, [compile_phrase(phrase)])
        else:
            self.phrases.add(key, [make_doc(p) for p in expanded])

    def __call__(self, doc) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
        return sorted([*self.phrases(doc), *self.tokens(doc)], key=lambda m: (m[1], m[2]))


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
