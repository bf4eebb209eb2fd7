"""The long-lived parts of a running service: settings, the NLP pipeline and the vector store.
Built lazily once per process (models load on first use), injectable for tests."""

from __future__ import annotations

import threading
from functools import cached_property

from nlp.pipeline import Pipeline
from service.settings import Settings, get_settings
from service.vectors import EdgeVectorStore, ServerVectorStore, VectorStore

_pipelines: dict[tuple, Pipeline] = {}
_plock = threading.Lock()


def build_pipeline(settings: Settings) -> Pipeline:
    """One pipeline per distinct model/profile configuration in this process."""
    from nlp.embedding import Embedder
    from nlp.parsing import SentenceParser
    from nlp.redaction import Redactor
    from nlp.risk import RiskDetector
    from nlp.scoring import FrameworkScorer
    from nlp.segmentation import Segmenter

    key = (settings.spacy_model, settings.embedding_model, str(settings.redaction_profile),
           str(settings.frameworks_dir), settings.embedding_precision)
    with _plock:
        if key not in _pipelines:
            embedder = Embedder(settings.embedding_model, threads=settings.torch_threads,
                                precision=settings.embedding_precision)
            _pipelines[key] = Pipeline(
                redactor=Redactor(settings.spacy_model, settings.redaction_profile),
                segmenter=Segmenter(),
                embedder=embedder,
                scorer=FrameworkScorer(settings.frameworks_dir, embedder, settings.spacy_model,
                                       cache_dir=settings.model_cache_dir),
                risk=RiskDetector(embedder, settings.spacy_model, cache_dir=settings.model_cache_dir),
                parser=SentenceParser(settings.spacy_model),
            )
        return _pipelines[key]


class Runtime:
    def __init__(self, settings: Settings | None = None, vectors: VectorStore | None = None) -> None:
        self.settings = settings or get_settings()
        self._vectors = vectors
        self._lock = threading.Lock()

    @cached_property
    def pipeline(self) -> Pipeline:
        return build_pipeline(self.settings)

    @property
    def vectors(self) -> VectorStore:
        with self._lock:
            if self._vectors is None:
                dim = self.pipeline.embedder.dim
                s = self.settings
                if s.qdrant_url:
                    self._vectors = ServerVectorStore.from_url(s.qdrant_url, s.qdrant_api_key, s.qdrant_collection, dim)
                else:
                    self._vectors = EdgeVectorStore(s.qdrant_edge_path, dim)
            return self._vectors

    def close(self) -> None:
        if self._vectors is not None:
            self._vectors.close()
            self._vectors = None


_runtime: Runtime | None = None


def get_runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime()
    return _runtime


def set_runtime(rt: Runtime | None) -> None:
    global _runtime
    _runtime = rt
