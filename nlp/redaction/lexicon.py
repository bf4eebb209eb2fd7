"""Name lexicon: census first names and surnames (`names` package) and an English word list
(`english-words`, web2) to tell names that are also ordinary words. All installed data, no network."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_INFLECTIONS = (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
                ("ing", "e"), ("'s", ""), ("n't", ""))


@dataclass(frozen=True)
class NameLexicon:
    first_names: frozenset[str]
    surnames: dict[str, int]  # lower-case surname -> frequency rank (1 = most common)
    english: frozenset[str]  # lower-case dictionary words (proper nouns excluded)
    never: frozenset[str]
    not_person: frozenset[str]
    org_suffixes: frozenset[str]
    surname_max_rank: int
    common: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    zipf_threshold: float = 3.3

    def is_first(self, tok: str) -> bool:
        return tok.lower() in self.first_names

    def is_surname(self, tok: str, any_rank: bool = False) -> bool:
        rank = self.surnames.get(tok.lower())
        return rank is not None and (any_rank or rank <= self.surname_max_rank)

    def is_word(self, tok: str) -> bool:
        """Is `tok` an ordinary English word (inflections included: "has", "denies", "walked")?"""
        low = _fold(tok.lower())
        if low in self.english or low in self.common or low in self.relations:
            return True
        if low not in self.first_names and low not in self.surnames and _zipf(low) >= self.zipf_threshold:
            return True
        for suffix, repl in _INFLECTIONS:
            if low.endswith(suffix) and len(low) - len(suffix) >= 2 and low[: -len(suffix)] + repl in self.english:
                return True
        return False

    def is_very_common(self, tok: str) -> bool:
        """Words like "will", "hope", "may": too frequent to redact in lower case on a hunch."""
        return _zipf(_fold(tok.lower())) >= 5.0

    def is_blocked(self, tok: str) -> bool:
        low = tok.lower()
        if low.endswith("s") and (low[:-1] in self.never or low[:-1] in self.relations):
            return True  # "meets Tuesdays", "the Moms group"
        return low in self.never or low in self.not_person or low in self.relations

    def name_token(self, tok: str, *, in_context: bool) -> bool:
        """Could `tok` be part of a person's name? `in_context`: a title or relation word precedes it."""
        tok = strip_possessive(tok)
        if len(tok) < 2 or not tok.replace("-", "").replace("'", "").isalpha() or self.is_blocked(tok):
            return False
        named = self.is_first(tok) or self.is_surname(tok, any_rank=True)
        if tok[0].isupper() and not tok.isupper():
            # After a title or relation word ("her sister Aria") a capitalised word is a name.
            return True if in_context else named and not self.is_word(tok)
        if tok.islower():
            # Lower case: never a dictionary word; a non-word counts in context ("cl trevon kowalczyk").
            return not self.is_word(tok) and (named or in_context)
        return False


def _fold(word: str) -> str:
    """"café" -> "cafe": dictionary look-ups ignore accents."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def strip_possessive(tok: str) -> str:
    for suf in ("'s", "’s", "s'", "'"):
        if tok.endswith(suf) and len(tok) > len(suf) + 1:
            return tok[: -len(suf)] if suf != "s'" else tok[:-1]
    return tok


def _read_census(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                out.append(parts[0].lower())
    return out


@lru_cache(maxsize=4)
def build_lexicon(
    never: tuple[str, ...],
    not_person: tuple[str, ...],
    org_suffixes: tuple[str, ...],
    surname_max_rank: int,
    common: tuple[str, ...] = (),
    relations: tuple[str, ...] = (),
    zipf_threshold: float = 3.3,
) -> NameLexicon:
    import names  # census 1990 name frequency lists
    from english_words import get_english_words_set

    base = Path(names.__file__).parent
    first = set(_read_census(base / "dist.female.first")) | set(_read_census(base / "dist.male.first"))
    surnames = {name: i + 1 for i, name in enumerate(_read_census(base / "dist.all.last"))}
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    english = frozenset(w for w in words if w.islower())
    return NameLexicon(
        first_names=frozenset(first),
        surnames=surnames,
        english=english,
        never=frozenset(w.lower() for w in never),
        not_person=frozenset(w.lower() for w in not_person),
        org_suffixes=frozenset(w.lower() for w in org_suffixes),
        surname_max_rank=surname_max_rank,
        common=frozenset(w.lower() for w in common),
        relations=frozenset(w.lower() for w in relations),
        zipf_threshold=zipf_threshold,
    )


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
