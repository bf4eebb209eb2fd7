"""Schema of the risk lexicon (lexicon.yaml): a misspelt key or category in an agency's edit must fail loudly at
start-up, not silently switch a rule off."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from nlp.context.component import BLOCKING
from nlp.resources import load_yaml

Category = Literal["suicide_self_harm", "harm_to_others", "domestic_violence", "child_safety", "housing_loss",
                   "substance_use", "medical_crisis", "disengagement"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExplainedBy(_Strict):
    """Another category's evidence sentence explains these hits of this one (the model's and the listed cues')."""

    categories: list[Category] = Field(min_length=1)
    cues: list[str] = []
    # A sentence made only of these cues, this many sentences after another category's evidence, is that event's
    # response too ("Cl swallowed 20 Tylenol ... She is nauseated. Sent to ED for labs."); 0 keeps it to one sentence.
    follows_within: int = Field(0, ge=0, le=3)
    # A following sentence the classifier also reads as this category is still the response (for a category the
    # classifier reads from the response words themselves: "she has not answered since").
    follows_model: bool = False


class CategoryRules(_Strict):
    cues: list[str] = Field(min_length=1)
    # Cues over words that are also another category's event: "the kids watched him hit her" is the children's
    # exposure AND her assault, so no category yields its cue to these (yields_to) and both are raised.
    shared_cues: list[str] = []
    ignore_context: list[str] = []
    yields_to: list[Category] = []
    client_as_object: bool = False
    # with client_as_object, the one acted on may also be named by a body part's possessive ("touches her private
    # parts") or as the household's child ("makes the 10-year-old kneel"); not for self-harm, where "her roommate
    # burned her arm" is no self-injury
    household_object: bool = False
    # a kin word as the cue's own subject, the client as its object, is the kin's act on the client, not someone
    # else's story: "her brother threatened to kill her" (domestic violence by a family member)
    kin_agent: bool = False
    victim_only: bool = False  # the client must be on the receiving end: "client ... hit him" is not this category
    # the client must be the one acting: a sentence whose subject is someone else ("His brother threatened him
    # with a knife") gives the classifier no hit for this category
    agent_only: bool = False
    explained_by: ExplainedBy | None = None
    not_when: list[str] = []

    @field_validator("ignore_context")
    @classmethod
    def _known_contexts(cls, v: list[str]) -> list[str]:
        unknown = sorted(set(v) - BLOCKING)
        if unknown:
            raise ValueError(f"unknown context categories {unknown}; known: {sorted(BLOCKING)}")
        return v


class SeverityRule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    phrases: list[str] = Field(min_length=1)
    # Phrases that, overlapping a match, say it is not this rule: the razor a client cuts with is self-injury,
    # not the means of a suicide plan.
    not_with: list[str] = []
    # a soft rule yields to its category's elevated_when: "he will kill himself if ..." is stated intent, high,
    # unless the worker notes "no plan" (SEVERITY.md)
    soft: bool = False


class Lexicon(_Strict):
    version: str
    taxonomy_version: str
    words: dict[str, list[str]] = {}
    categories: dict[Category, CategoryRules]
    severity: dict[Category, list[SeverityRule]]
    # Phrases near a flag's evidence that hold it at elevated unless a severity rule makes it high: the worker's
    # "he has no plan" settles what the severity model would only guess (SEVERITY.md).
    elevated_when: dict[Category, list[str]] = {}


def load_lexicon(path: Path) -> Lexicon:
    return Lexicon.model_validate(load_yaml(path))
