"""Query speed at scale: 10,000 clients and 100,000 notes (generated rows with real redacted sentences
and their real embeddings), timeline / outcomes / trend query latency through the service functions.

    python -m evaluation.bench_queries [--clients 10000 --notes-per-client 10] [--database-url URL]
    # writes evaluation/out/bench_queries.json
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert
from sqlmodel import Session

from evaluation.metrics import percentile
from evaluation.provenance import environment

OUT = Path(__file__).parent / "out"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DOMAINS = ["housing", "employment", "income", "food", "health", "mental_health", "substance_use", "safety"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=10_000)
    ap.add_argument("--notes-per-client", type=int, default=10)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    from service.migrate import upgrade
    from service.models import Client, Enrollment, Note, Program, RiskFlag, Score, User
    from service.queries import narrative_trends, program_outcomes, timeline
    from service.runtime import Runtime, build_pipeline
    from service.settings import get_settings
    from service.vectors import EdgeVectorStore, SentencePoint

    tmp = Path(tempfile.mkdtemp(prefix="caselens-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    upgrade(url)
    from service.db import make_engine

    engine = make_engine(url)
    settings = get_settings().model_copy(update={"database_url": url, "data_dir": tmp})
    pipeline = build_pipeline(settings)
    rt = Runtime(settings, vectors=EdgeVectorStore(tmp / "edge", pipeline.embedder.dim))
    rt.__dict__["pipeline"] = pipeline
    rng = random.Random(7)
    texts = [json.loads(x)["text"] for x in (SHARED / "dev-notes.jsonl").read_text().splitlines() if x.strip()]
    pool = [pipeline.redactor.redact(t).redacted for t in texts]
    sents = [[s for s in pipeline.segmenter(t)] for t in pool]
    flat = [(i, s) for i, ss in enumerate(sents) for s in ss]
    vecs = pipeline.embed_sentences([s.text for _, s in flat])
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    n_clients, per = args.clients, args.notes_per_client
    with engine.begin() as conn:
        conn.execute(insert(User), [{"id": 1, "username": "admin", "display_name": "a", "role": "admin", "team": None,
                                     "active": True, "created_at": now}] +
                     [{"id": 10 + k, "username": f"cm{k}", "display_name": f"cm{k}", "role": "case_manager",
                       "team": "t", "active": True, "created_at": now} for k in range(10)] +
                     [{"id": 2, "username": "sup", "display_name": "s", "role": "supervisor", "team": "t",
                       "active": True, "created_at": now}])
        conn.execute(insert(Program), [{"id": p, "name": f"P{p}", "framework_id": "self-sufficiency",
                                        "framework_version": "1", "case_management_model": "intensive",
                                        "created_at": now} for p in range(1, 6)])
        clients, enrolls = [], []
        for c in range(n_clients):
            cid = f"C{c:08d}"
            clients.append({"id": cid, "first_name": "x", "last_name": "y", "name_key": f"x y {c}", "aliases": [],
                            "household": [], "created_at": now})
            enrolls.append({"id": c + 1, "client_id": cid, "program_id": 1 + c % 5, "case_manager_id": 10 + c % 10,
                            "intake_date": date(2025, 1, 1) + timedelta(days=c % 300), "created_at": now})
        conn.execute(insert(Client), clients)
        conn.execute(insert(Enrollment), enrolls)
    note_id = score_id = flag_id = 0
    points_batch: list[tuple[SentencePoint, np.ndarray]] = []
    for start in range(0, n_clients, 1000):
        notes, scores, flags = [], [], []
        for c in range(start, min(n_clients, start + 1000)):
            cid = f"C{c:08d}"
            intake = date(2025, 1, 1) + timedelta(days=c % 300)
            for k in range(per):
                note_id += 1
                src = rng.randrange(len(pool))
                d = intake + timedelta(days=k * 30 + rng.randrange(10))
                wave = "intake" if k == 0 else ("exit" if k == per - 1 else "monitoring")
                spans = [[s.start, s.end] for s in sents[src]]
                notes.append({"id": note_id, "client_id": cid, "enrollment_id": c + 1, "program_id": 1 + c % 5,
                              "author_id": 10 + c % 10, "contact_date": d, "contact_type": "visit", "wave": wave,
                              "original_encrypted": b"-", "redacted_text": pool[src], "pii_spans": [],
                              "sentences": spans, "status": "processed", "pipeline_version": "bench",
                              "framework_id": "self-sufficiency", "framework_version": "1", "created_at": now})
                for dom in rng.sample(DOMAINS, 3):
                    score_id += 1
                    scores.append({"id": score_id, "note_id": note_id, "client_id": cid, "domain": dom,
                                   "level": min(5, max(1, 1 + k // 3 + rng.randrange(2))), "confidence": 0.6,
                                   "framework_id": "self-sufficiency", "framework_version": "1",
                                   "pipeline_version": "bench", "citations": [], "needs_review": False,
                                   "current": True, "created_at": now})
                if rng.random() < 0.2:
                    flag_id += 1
                    flags.append({"id": flag_id, "note_id": note_id, "client_id": cid, "category": "housing_loss",
                                  "severity": "elevated", "evidence": [], "status": "open", "pipeline_version": "b",
                                  "withdrawn_by_pipeline": False, "created_at": now})
                idx = [j for j, (i, _) in enumerate(flat) if i == src][:3]
                for j, vi in enumerate(idx):
                    s = flat[vi][1]
                    points_batch.append((SentencePoint(note_id, cid, 1 + c % 5, d, wave, j, s.start, s.end), vecs[vi]))
        with engine.begin() as conn:
            conn.execute(insert(Note), notes)
            conn.execute(insert(Score), scores)
            if flags:
                conn.execute(insert(RiskFlag), flags)
        shard = rt.vectors._shard  # bulk load without per-note deletes
        qe = rt.vectors._qe
        shard.update(qe.UpdateOperation.upsert_points([
            qe.Point(str(uuid.uuid5(uuid.NAMESPACE_OID, f"{p.note_id}:{p.index}")), v.astype(float).tolist(),
                     p.payload()) for p, v in points_batch]))
        points_batch.clear()
    rt.vectors._shard.flush()
    load_s = time.perf_counter() - t0
    report: dict = {"clients": n_clients, "notes": note_id, "scores": score_id, "vectors": rt.vectors.count(),
                    "load_s": round(load_s, 1), "database": url.split(":")[0]}
    with Session(engine) as db:
        admin, sup = db.get(User, 1), db.get(User, 2)
        ids = [f"C{rng.randrange(n_clients):08d}" for _ in range(100)]
        lat = []
        for cid in ids:
            t = time.perf_counter()
            timeline(db, rt, db.get(Client, cid), None)
            lat.append((time.perf_counter() - t) * 1000)
        report["timeline_ms"] = {"p50": round(percentile(lat, 50), 1), "p95": round(percentile(lat, 95), 1)}
        lat = []
        for k in range(10):
            t = time.perf_counter()
            program_outcomes(db, rt, admin, 1 + k % 5, date(2025, 1, 1), date(2026, 12, 31))
            lat.append((time.perf_counter() - t) * 1000)
        report["outcomes_ms"] = {"p50": round(percentile(lat, 50), 1), "p95": round(percentile(lat, 95), 1),
                                 "clients_per_program": n_clients // 5}
        queries = ["eviction notice", "sleeping in the car", "relapse", "lost job", "food pantry", "missed appointment",
                   "order of protection", "ran out of insulin", "court date", "shelter bed"]
        for who, user in (("admin", admin), ("supervisor_team_caseload", sup)):
            lat, hits = [], []
            for k in range(30):
                t = time.perf_counter()
                res = narrative_trends(db, rt, user, queries[k % len(queries)], None, date(2025, 1, 1),
                                       date(2026, 12, 31), "month")
                lat.append((time.perf_counter() - t) * 1000)
                hits.append(res["matching_sentences"])
            report[f"trends_ms_{who}"] = {"p50": round(percentile(lat, 50), 1), "p95": round(percentile(lat, 95), 1),
                                          "mean_matching_sentences": round(sum(hits) / len(hits), 1)}
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_queries.json").write_text(json.dumps({**report, "environment": environment()}, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
