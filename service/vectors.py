"""Vector store of redacted-sentence embeddings, behind one small interface with two adapters:
Qdrant Edge in-process (embedded default) and a Qdrant server via qdrant-client (at scale)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

import numpy as np

NAMESPACE = uuid.UUID("6f1c7c1e-3f59-4d0c-9a51-2f4b8a0c7e11")
INDEXED_FIELDS = {"note_id": "int", "client_id": "keyword", "program_id": "int", "date": "datetime", "wave": "keyword"}


@dataclass(slots=True)
class SentencePoint:
    note_id: int
    client_id: str
    program_id: int | None
    date: date
    wave: str
    index: int
    start: int
    end: int

    @property
    def point_id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.note_id}:{self.index}"))

    def payload(self) -> dict[str, Any]:
        return {
            "note_id": self.note_id,
            "client_id": self.client_id,
            "program_id": self.program_id,
            "date": _iso(self.date),
            "wave": self.wave,
            "sentence": self.index,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class VectorFilter:
    client_ids: list[str] | None = None
    program_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    wave: str | None = None
    note_id: int | None = None


@dataclass(slots=True)
class Hit:
    score: float
    payload: dict[str, Any]


class VectorStore(Protocol):
    def upsert_note(self, note_id: int, points: list[SentencePoint], vectors: np.ndarray) -> None: ...
    def delete_note(self, note_id: int) -> None: ...
    def search(self, vector: np.ndarray, limit: int, flt: VectorFilter | None = None,
               score_threshold: float | None = None) -> list[Hit]: ...
    def count(self, flt: VectorFilter | None = None) -> int: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...


def _iso(d: date) -> str:
    dt = d if isinstance(d, datetime) else datetime.combine(d, time.min)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Qdrant Edge (in-process engine, persisted in the data folder) --------------------------------

class EdgeVectorStore:
    def __init__(self, path: Path, dim: int) -> None:
        import qdrant_edge as qe

        self._qe = qe
        self.path = Path(path)
        self.dim = dim
        self._lock = threading.RLock()
        self._shard = self._open()

    def _config(self):  # type: ignore[no-untyped-def]
        qe = self._qe
        return qe.EdgeConfig(vectors=qe.EdgeVectorParams(size=self.dim, distance=qe.Distance.Cosine))

    def _open(self):  # type: ignore[no-untyped-def]
        qe = self._qe
        self.path.mkdir(parents=True, exist_ok=True)
        if (self.path / "edge_config.json").exists():
            shard = qe.EdgeShard.load(str(self.path))
        else:
            shard = qe.EdgeShard.create(str(self.path), self._config())
            kinds = {"int": qe.PayloadSchemaType.Integer, "keyword": qe.PayloadSchemaType.Keyword,
                     "datetime": qe.PayloadSchemaType.Datetime}
            for name, kind in INDEXED_FIELDS.items():
                shard.update(qe.UpdateOperation.create_field_index(name, kinds[kind]))
        return shard

    def _filter(self, flt: VectorFilter | None):  # type: ignore[no-untyped-def]
        qe = self._qe
        if flt is None:
            return None
        must = []
        if flt.client_ids is not None:
            must.append(qe.FieldCondition("client_id", match=qe.MatchAny(list(flt.client_ids) or ["-"])))
        if flt.program_id is not None:
            must.append(qe.FieldCondition("program_id", match=qe.MatchValue(flt.program_id)))
        if flt.note_id is not None:
            must.append(qe.FieldCondition("note_id", match=qe.MatchValue(flt.note_id)))
        if flt.wave is not None:
            must.append(qe.FieldCondition("wave", match=qe.MatchValue(flt.wave)))
        if flt.date_from or flt.date_to:
            must.append(qe.FieldCondition("date", range=qe.RangeDateTime(
                gte=_iso(flt.date_from) if flt.date_from else None,
                lte=_iso(flt.date_to) if flt.date_to else None)))
        return qe.Filter(must=must) if must else None

    def upsert_note(self, note_id: int, points: list[SentencePoint], vectors: np.ndarray) -> None:
        qe = self._qe
        with self._lock:
            self.delete_note(note_id)
            if points:
                self._shard.update(qe.UpdateOperation.upsert_points([
                    qe.Point(p.point_id, v.astype(float).tolist(), p.payload())
                    for p, v in zip(points, vectors, strict=True)
                ]))
            self._shard.flush()

    def delete_note(self, note_id: int) -> None:
        with self._lock:
            self._shard.update(self._qe.UpdateOperation.delete_points_by_filter(
                self._filter(VectorFilter(note_id=note_id))))

    def search(self, vector: np.ndarray, limit: int, flt: VectorFilter | None = None,
               score_threshold: float | None = None) -> list[Hit]:
        qe = self._qe
        with self._lock:
            res = self._shard.query(qe.QueryRequest(
                limit=limit, query=qe.Query.Nearest(vector.astype(float).tolist()), with_payload=True,
                filter=self._filter(flt), score_threshold=score_threshold))
        return [Hit(r.score, dict(r.payload or {})) for r in res]

    def count(self, flt: VectorFilter | None = None) -> int:
        with self._lock:
            return int(self._shard.count(self._qe.CountRequest(exact=True, filter=self._filter(flt))))

    def reset(self) -> None:
        import shutil

        with self._lock:
            self._shard.close()
            shutil.rmtree(self.path, ignore_errors=True)
            self._shard = self._open()

    def close(self) -> None:
        with self._lock:
            self._shard.flush()
            self._shard.close()


# --- Qdrant server through qdrant-client ----------------------------------------------------------

class ServerVectorStore:
    def __init__(self, client: Any, collection: str, dim: int) -> None:
        from qdrant_client import models

        self.m = models
        self.client = client
        self.collection = collection
        self.dim = dim
        self._ensure()

    @classmethod
    def from_url(cls, url: str, api_key: str | None, collection: str, dim: int) -> ServerVectorStore:
        from qdrant_client import QdrantClient

        if url == ":memory:":
            return cls(QdrantClient(location=":memory:"), collection, dim)
        return cls(QdrantClient(url=url, api_key=api_key, timeout=30), collection, dim)

    def _ensure(self) -> None:
        m = self.m
        if not self.client.collection_exists(self.collection):
            self.client.create_collection(
                self.collection, vectors_config=m.VectorParams(size=self.dim, distance=m.Distance.COSINE))
            kinds = {"int": m.PayloadSchemaType.INTEGER, "keyword": m.PayloadSchemaType.KEYWORD,
                     "datetime": m.PayloadSchemaType.DATETIME}
            for name, kind in INDEXED_FIELDS.items():
                self.client.create_payload_index(self.collection, name, field_schema=kinds[kind])

    def _filter(self, flt: VectorFilter | None):  # type: ignore[no-untyped-def]
        m = self.m
        if flt is None:
            return None
        must: list[Any] = []
        if flt.client_ids is not None:
            must.append(m.FieldCondition(key="client_id", match=m.MatchAny(any=list(flt.client_ids) or ["-"])))
        if flt.program_id is not None:
            must.append(m.FieldCondition(key="program_id", match=m.MatchValue(value=flt.program_id)))
        if flt.note_id is not None:
            must.append(m.FieldCondition(key="note_id", match=m.MatchValue(value=flt.note_id)))
        if flt.wave is not None:
            must.append(m.FieldCondition(key="wave", match=m.MatchValue(value=flt.wave)))
        if flt.date_from or flt.date_to:
            must.append(m.FieldCondition(key="date", range=m.DatetimeRange(
                gte=_iso(flt.date_from) if flt.date_from else None,
                lte=_iso(flt.date_to) if flt.date_to else None)))
        return m.Filter(must=must) if must else None

    def upsert_note(self, note_id: int, points: list[SentencePoint], vectors: np.ndarray) -> None:
        self.delete_note(note_id)
        if points:
            self.client.upsert(self.collection, points=[
                self.m.PointStruct(id=p.point_id, vector=v.astype(float).tolist(), payload=p.payload())
                for p, v in zip(points, vectors, strict=True)
            ], wait=True)

    def delete_note(self, note_id: int) -> None:
        self.client.delete(self.collection, points_selector=self.m.FilterSelector(
            filter=self._filter(VectorFilter(note_id=note_id))), wait=True)

    def search(self, vector: np.ndarray, limit: int, flt: VectorFilter | None = None,
               score_threshold: float | None = None) -> list[Hit]:
        res = self.client.query_points(self.collection, query=vector.astype(float).tolist(), limit=limit,
                                       query_filter=self._filter(flt), with_payload=True,
                                       score_threshold=score_threshold)
        return [Hit(p.score, dict(p.payload or {})) for p in res.points]

    def count(self, flt: VectorFilter | None = None) -> int:
        return int(self.client.count(self.collection, count_filter=self._filter(flt), exact=True).count)

    def reset(self) -> None:
        self.client.delete_collection(self.collection)
        self._ensure()

    def close(self) -> None:
        self.client.close()
