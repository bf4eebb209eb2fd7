"""Sentence embeddings (sentence-transformers, local model folder), L2-normalised for cosine search."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nlp.resources import load_sentence_model


class Embedder:
    def __init__(self, model_path: str, batch_size: int = 64, threads: int = 0) -> None:
        self.model_path = model_path
        self.batch_size = batch_size
        self._model = load_sentence_model(model_path)
        if threads:
            import torch

            torch.set_num_threads(threads)
        self.dim = int(self._model.get_embedding_dimension() or 0)

    @property
    def version(self) -> str:
        return f"embed@{Path(self.model_path).name or self.model_path}"

    @property
    def model_id(self) -> str:
        """Identifies the model for caches of models fitted on its embeddings."""
        return Path(self.model_path).resolve().as_posix()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        bad = [t for t in texts if not isinstance(t, str)]
        if bad:
            raise TypeError(f"embedder takes strings; got {type(bad[0]).__name__}: {bad[0]!r:.80}")
        vecs = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)
