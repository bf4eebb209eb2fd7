"""Placeholders read as fixed stand-ins by the models; the stored redacted text is untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from nlp.surrogates import PLACEHOLDER, load_surrogates, model_text


def test_each_placeholder_reads_as_its_stand_in() -> None:
    s = load_surrogates()
    out = s.render("<PERSON_1> called <PERSON_2> at <PHONE_1> from <ADDRESS_1>.")
    assert out == f"{s.person[0]} called {s.person[1]} at {s.entities['PHONE']} from {s.entities['ADDRESS']}."
    assert not PLACEHOLDER.search(out)


def test_stand_ins_depend_only_on_the_placeholder() -> None:
    a = model_text("<PERSON_2> said <PERSON_2>'s landlord called.")
    b = model_text("Later <PERSON_2> left.")
    name = load_surrogates().person[1]
    assert a == f"{name} said {name}'s landlord called." and b == f"Later {name} left."


def test_people_beyond_the_list_cycle_and_unknown_types_read_as_their_name() -> None:
    s = load_surrogates()
    n = len(s.person)
    assert s.render(f"<PERSON_{n + 1}>") == s.person[0]
    assert model_text("ref <CASE_REF_12> filed") == "ref case ref filed"


@pytest.mark.parametrize("text", ["no identifiers here", "a <b> tag, <person_1>, <PERSON>, <PERSON_x>", ""])
def test_text_without_placeholders_comes_back_as_is(text: str) -> None:
    assert model_text(text) == text


def test_a_bad_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text('version: "1"\nperson: []\n')
    with pytest.raises(ValidationError):
        load_surrogates(bad)
    bad.write_text('version: "1"\nperson: [Alex]\nnames: [x]\n')
    with pytest.raises(ValidationError):
        load_surrogates(bad)


class _Recording:
    """The real embedder, keeping every text it is given."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real, self.seen = real, []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)

    def __call__(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return self.real(texts)


def test_the_encoder_reads_stand_ins_not_placeholders(pipeline) -> None:  # type: ignore[no-untyped-def]
    real = pipeline.embedder
    recording = _Recording(real)
    seen = recording.seen
    pipeline.embedder = recording
    try:
        a = pipeline.analyze("Home visit. Rosalind Achterberg says her son Kwame keeps her pills at his place.")
    finally:
        pipeline.embedder = real
    assert "<PERSON_1>" in a.redaction.redacted  # stored text keeps its placeholders
    assert seen and not any(PLACEHOLDER.search(t) for t in seen)
    assert not any(w in t for t in seen for w in ("Rosalind", "Achterberg", "Kwame"))
    assert np.allclose(a.vectors, real([model_text(s.text) for s in a.sentences]), atol=1e-5)
