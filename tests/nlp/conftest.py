from __future__ import annotations

import pytest

from nlp.redaction import Redactor


@pytest.fixture(scope="session")
def redactor(pipeline) -> Redactor:  # type: ignore[no-untyped-def]
    return pipeline.redactor
