"""Labelled statements (nlp/risk/labelled/*.yaml) that the risk models are fitted on: each file names, per
category, statements that affirm a current risk (with their severity) and traps that must raise nothing.
Every labelled suite that has been measured once on arrival ends up here, so the models learn from all of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel

from nlp.resources import load_yaml
from nlp.risk.lexicon import Category


class Affirmed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    high: bool = False


class CategorySuite(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    affirmed: list[Affirmed] = []
    traps: list[str] = []


class Suite(RootModel[dict[Category, CategorySuite]]):
    """One file: category -> affirmed statements and traps; an unknown category or key fails with its place."""


@dataclass(frozen=True, slots=True)
class Statement:
    category: str
    text: str
    high: bool


@dataclass(frozen=True, slots=True)
class LabelledStatements:
    affirmed: tuple[Statement, ...]
    traps: tuple[Statement, ...]  # category = the one the trap must not raise

    def positives(self, category: str) -> tuple[str, ...]:
        return tuple(s.text for s in self.affirmed if s.category == category)


def load_suite(path: Path) -> Suite:
    try:
        return Suite.model_validate(load_yaml(path) or {})
    except ValueError as e:
        raise ValueError(f"labelled risk statements {path}: {e}") from e


def load_statements(folder: Path | None) -> LabelledStatements:
    """Every *.yaml in the folder, in name order (so the fitted model does not depend on the file system)."""
    if folder is None:
        return LabelledStatements((), ())
    if not folder.is_dir():
        raise FileNotFoundError(f"labelled risk statements folder {folder} not found")
    affirmed: list[Statement] = []
    traps: list[Statement] = []
    for path in sorted(folder.glob("*.yaml")):
        for cat, spec in load_suite(path).root.items():
            affirmed += [Statement(cat, a.text, a.high) for a in spec.affirmed]
            traps += [Statement(cat, t, False) for t in spec.traps]
    return LabelledStatements(tuple(affirmed), tuple(traps))
