"""Both vector-store adapters behave the same: Qdrant Edge (in-process engine) and the Qdrant server
adapter, tested against qdrant-client's in-process mode (same API as a server)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from service.vectors import EdgeVectorStore, SentencePoint, ServerVectorStore, VectorFilter

DIM = 8


@pytest.fixture(params=["edge", "server"])
def store(request, tmp_path):  # type: ignore[no-untyped-def]
    s = EdgeVectorStore(tmp_path / "edge", DIM) if request.param == "edge" else ServerVectorStore.from_url(
        ":memory:", None, "test_sentences", DIM)
    yield s
    s.close()


def _vec(i: int) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[i % DIM] = 1.0
    v[(i + 1) % DIM] = 0.1
    return v / np.linalg.norm(v)


def _load(store) -> None:  # type: ignore[no-untyped-def]
    for note_id, client, program, day in [(1, "CA", 1, date(2026, 1, 5)), (2, "CB", 1, date(2026, 2, 5)),
                                          (3, "CA", 2, date(2026, 3, 5))]:
        pts = [SentencePoint(note_id, client, program, day, "monitoring", k, k * 10, k * 10 + 5) for k in range(2)]
        store.upsert_note(note_id, pts, np.stack([_vec(note_id), _vec(note_id + 3)]))


def test_filters_search_count_delete(store) -> None:  # type: ignore[no-untyped-def]
    _load(store)
    assert store.count() == 6
    hits = store.search(_vec(1), 10, VectorFilter(client_ids=["CA"]))
    assert hits and hits[0].payload["note_id"] == 1 and {h.payload["client_id"] for h in hits} == {"CA"}
    assert store.count(VectorFilter(program_id=1)) == 4
    assert store.count(VectorFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))) == 2
    assert store.count(VectorFilter(client_ids=[])) == 0  # an empty caseload sees nothing
    store.upsert_note(1, [SentencePoint(1, "CA", 1, date(2026, 1, 5), "exit", 0, 0, 4)], _vec(1)[None])
    assert store.count(VectorFilter(note_id=1)) == 1  # re-indexing a note replaces its points
    store.delete_note(2)
    assert store.count() == 3
    store.reset()
    assert store.count() == 0
