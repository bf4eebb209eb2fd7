"""Outcome frameworks as YAML: a pydantic schema, a loader, and a validator that reports every
problem with its location (`caselens frameworks validate FILE`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from nlp.context.component import BLOCKING
from nlp.resources import load_yaml

MIN_EXAMPLES = 8


class Level(BaseModel):
    level: int
    name: str
    description: str = ""


class DomainLevel(BaseModel):
    meaning: str = Field(min_length=3)
    examples: list[str] = Field(default_factory=list)


class Domain(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = Field(min_length=3)
    cues: list[str] = Field(default_factory=list)
    levels: dict[int, DomainLevel]
    # A current risk flag is evidence for a level of this domain: {"housing_loss/high": 1, "housing_loss": 2}
    # ("category/severity" is more specific than "category"). Keeps scores and flags telling one story.
    risk_flags: dict[str, int] = Field(default_factory=dict)
    # Assertion contexts that do not remove evidence for this domain: other people ARE the evidence of a
    # support network ("her aunt does the pickups"), and an abusive partner's acts are the client's safety.
    ignore_context: list[str] = Field(default_factory=list)
    # Cue words naming a PROBLEM: only their negation or history takes the crisis levels away ("denies SI",
    # "no warrants"). Unset: every cue. Empty: none, for domains where "no" names the crisis ("no income").
    crisis_cues: list[str] | None = None

    def flag_level(self, category: str, severity: str) -> int | None:
        return self.risk_flags.get(f"{category}/{severity}", self.risk_flags.get(category))


class Framework(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: str = Field(min_length=1)
    name: str
    description: str = ""
    scale: list[Level] = Field(min_length=2)
    domains: list[Domain] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        levels = [lv.level for lv in self.scale]
        if levels != sorted(levels) or len(set(levels)) != len(levels):
            raise ValueError("scale levels must be unique and in ascending order")
        ids = [d.id for d in self.domains]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate domain ids: {sorted(dupes)}")
        for d in self.domains:
            missing = set(levels) - set(d.levels)
            extra = set(d.levels) - set(levels)
            if missing or extra:
                raise ValueError(f"domain {d.id}: levels {sorted(missing)} missing, {sorted(extra)} not on the scale")
            unknown = set(d.ignore_context) - BLOCKING
            if unknown:
                raise ValueError(f"domain {d.id}: ignore_context names unknown contexts {sorted(unknown)}")
            bad = {k: v for k, v in d.risk_flags.items() if v not in levels or k.count("/") > 1
                   or (k.count("/") == 1 and k.split("/")[1] not in ("high", "elevated"))}
            if bad:
                raise ValueError(f"domain {d.id}: risk_flags {bad} must map 'category[/high|elevated]' to a level")
        return self

    @property
    def levels(self) -> list[int]:
        return [lv.level for lv in self.scale]

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def domain(self, domain_id: str) -> Domain:
        for d in self.domains:
            if d.id == domain_id:
                return d
        raise KeyError(domain_id)

    def fingerprint(self) -> str:
        """Changes whenever anything a fitted model depends on changes (for the model cache)."""
        return hashlib.sha1(self.model_dump_json().encode()).hexdigest()[:12]


def validate_file(path: Path) -> list[str]:
    """Every problem in a framework file, each with its location; empty when it is valid."""
    try:
        data = load_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        return [f"{path}: cannot read YAML: {exc}"]
    if not isinstance(data, dict):
        return [f"{path}: top level must be a mapping"]
    problems: list[str] = []
    try:
        fw = Framework.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "(top)"
            problems.append(f"{path}: {loc}: {err['msg']}")
        return problems
    for d in fw.domains:
        for lv, spec in d.levels.items():
            if len(spec.examples) < MIN_EXAMPLES:
                problems.append(f"{path}: domains.{d.id}.levels.{lv}.examples: {len(spec.examples)} examples, "
                                f"need at least {MIN_EXAMPLES}")
            seen = set()
            for i, ex in enumerate(spec.examples):
                if ex.strip().lower() in seen:
                    problems.append(f"{path}: domains.{d.id}.levels.{lv}.examples.{i}: duplicate example")
                seen.add(ex.strip().lower())
    return problems


def load_framework(path: Path) -> Framework:
    problems = validate_file(path)
    if problems:
        raise ValueError("invalid framework:\n" + "\n".join(problems))
    return Framework.model_validate(load_yaml(path))


def load_frameworks(directory: Path) -> dict[str, Framework]:
    out: dict[str, Framework] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        fw = load_framework(path)
        out[fw.id] = fw
    return out
