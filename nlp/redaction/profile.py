"""Schema of the redaction profile YAML, validated so an agency's edits fail loudly, not silently."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from nlp.resources import load_yaml

DEFAULT_PROFILE = Path(__file__).with_name("profile.yaml")


class PatternRule(BaseModel):
    name: str
    entity: str
    score: float = Field(ge=0, le=1)
    regex: str
    validator: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        re.compile(v)
        return v


class SpacyNer(BaseModel):
    enabled: bool = True
    labels: list[str] = ["PERSON"]
    score: float = 0.85


class EmailRule(BaseModel):
    enabled: bool = True
    score: float = 1.0


class Toggle(BaseModel):
    enabled: bool = True


class NameRules(BaseModel):
    enabled: bool = True
    score: float = 0.75
    unknown_proper_noun_score: float = 0.0
    surname_max_rank: int = 40000
    min_length: int = 2
    never_names: list[str] = []
    common_words: list[str] = []
    common_word_zipf: float = 3.3
    relation_words: list[str] = []
    org_prefixes: list[str] = []
    place_prepositions: list[str] = []
    org_suffixes: list[str] = []
    person_verbs: list[str] = []


class RedactionProfile(BaseModel):
    version: str
    language: str = "en"
    score_threshold: float = Field(0.5, ge=0, le=1)
    entities: list[str]
    priority: list[str]
    spacy_ner: SpacyNer = SpacyNer()
    email: EmailRule = EmailRule()
    credit_card: Toggle = Toggle()
    names: NameRules = NameRules()
    not_person: list[str] = []
    patterns: list[PatternRule] = []

    def rank(self, entity: str) -> int:
        return self.priority.index(entity) if entity in self.priority else len(self.priority)


def load_profile(path: Path | None = None) -> RedactionProfile:
    return _load(str(path or DEFAULT_PROFILE))


@lru_cache
def _load(path: str) -> RedactionProfile:
    return RedactionProfile.model_validate(load_yaml(path))
