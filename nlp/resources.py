"""Process-wide model loading (spaCy, sentence-transformers), from local packages or paths only."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from spacy.language import Language

_lock = threading.Lock()


def load_yaml(path: str | Path) -> Any:
    """A rule or framework file as safe YAML, with libyaml's C loader when PyYAML has it (~10x faster
    at start-up)."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@lru_cache(maxsize=8)
def load_spacy(model: str, exclude: tuple[str, ...] = (), senter: bool = False) -> Language:
    """Load a spaCy pipeline by installed package name or local path (never spacy download).
    `senter`: switch on the statistical sentence splitter (for a pipeline loaded without the parser)."""
    import spacy

    with _lock:
        nlp = spacy.load(model, exclude=list(exclude))
        if senter and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        return nlp


@lru_cache(maxsize=4)
def load_sentence_model(path: str) -> SentenceTransformer:
    """Load a sentence-transformers model from a local folder; refuse anything else."""
    if not path or not os.path.isdir(path):
        raise FileNotFoundError(
            f"embedding model folder {path!r} not found; set CASELENS_EMBEDDING_MODEL to a local model folder"
        )
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    with _lock:
        return SentenceTransformer(path, device="cpu", local_files_only=True)
