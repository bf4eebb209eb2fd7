"""Model-facing text: each redaction placeholder read as a fixed, ordinary stand-in ("<PERSON_2>" as "Sam").

The encoder and the risk and scoring word features learnt from natural sentences, and a bracketed
"<PERSON_3>" moves them (see surrogates.yaml). Stand-ins depend only on the placeholder, never on the note,
so no identifier reaches a model; the redacted text that is stored and returned keeps its placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from nlp.resources import load_yaml

DEFAULT_SURROGATES = Path(__file__).with_name("surrogates.yaml")
# The redactor's placeholder: <TYPE_n>, TYPE in capitals and underscores (redaction/redactor.py, profile.yaml).
PLACEHOLDER = re.compile(r"<([A-Z][A-Z_]*?)_(\d+)>")


class SurrogateSpec(BaseModel, extra="forbid"):
    version: str
    person: list[str] = Field(min_length=1)
    entities: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Surrogates:
    version: str
    person: tuple[str, ...]
    entities: dict[str, str]

    def render(self, text: str) -> str:
        """The text with every placeholder replaced by its stand-in; text without one comes back as is."""
        if "<" not in text:
            return text
        return PLACEHOLDER.sub(self._stand_in, text)

    def _stand_in(self, m: re.Match[str]) -> str:
        entity, n = m.group(1), int(m.group(2))
        if entity == "PERSON":
            return self.person[(n - 1) % len(self.person)]
        return self.entities.get(entity) or entity.lower().replace("_", " ")


@lru_cache(maxsize=4)
def load_surrogates(path: Path = DEFAULT_SURROGATES) -> Surrogates:
    spec = SurrogateSpec.model_validate(load_yaml(path))
    return Surrogates(spec.version, tuple(spec.person), dict(spec.entities))


def model_text(text: str) -> str:
    """A redacted sentence as the models read it (the default stand-ins)."""
    return load_surrogates().render(text)
