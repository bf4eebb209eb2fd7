"""Longitudinal and trend queries: a client's timeline per domain, program outcomes (baseline vs
follow-up), narrative trends from the vector store, and risk flags over time. All respect the
caller's caseload."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from service.access import caseload_ids
from service.errors import BadRequest, NotFound
from service.frameworks import get_framework
from service.models import Assessment, Client, Enrollment, Note, Program, RiskFlag, Score, User, Wave
from service.runtime import Runtime
from service.vectors import VectorFilter

FOLLOW_UP_WAVES = {Wave.monitoring, Wave.exit, Wave.follow_up}


@dataclass(slots=True)
class Point:
    date: date
    wave: str
    level: int
    source: str  # narrative | assessment
    note_id: int | None
    score_id: int | None = None
    assessment_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "wave": self.wave, "level": self.level, "source": self.source,
                "note_id": self.note_id, "score_id": self.score_id, "assessment_id": self.assessment_id}


def framework_for_client(session: Session, rt: Runtime, client: Client) -> str:
    e = session.exec(select(Enrollment).where(Enrollment.client_id == client.id)
                     .order_by(Enrollment.intake_date.desc())).first()
    if e is not None:
        program = session.get(Program, e.program_id)
        if program is not None:
            return program.framework_id
    return rt.settings.default_framework


def client_points(session: Session, client_ids: list[str] | Any, framework_id: str, date_from: date | None = None,
                  date_to: date | None = None) -> dict[str, dict[str, list[Point]]]:
    """client -> domain -> points in date order (narrative scores and staff assessments).
    `client_ids` is a list or a subquery selecting client ids (cheaper than thousands of literals)."""
    out: dict[str, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    if isinstance(client_ids, list) and not client_ids:
        return out
    # Only the columns a point needs: loading whole notes (text, span maps) would dominate the query.
    q = (select(Score.client_id, Score.domain, Score.level, Score.id, Note.contact_date, Note.wave, Note.id)
         .join(Note, Note.id == Score.note_id)
         .where(Score.client_id.in_(client_ids), Score.current, Score.framework_id == framework_id))
    if date_from:
        q = q.where(Note.contact_date >= date_from)
    if date_to:
        q = q.where(Note.contact_date <= date_to)
    for cid, domain, level, sid, on, wave, nid in session.exec(q).all():
        out[cid][domain].append(Point(on, wave, level, "narrative", nid, score_id=sid))
    qa = select(Assessment).where(Assessment.client_id.in_(client_ids), Assessment.framework_id == framework_id)
    if date_from:
        qa = qa.where(Assessment.assessed_on >= date_from)
    if date_to:
        qa = qa.where(Assessment.assessed_on <= date_to)
    for a in session.exec(qa).all():
        for domain, level in a.levels.items():
            out[a.client_id][domain].append(Point(a.assessed_on, a.wave, level, "assessment", a.note_id,
                                                  assessment_id=a.id))
    for domains in out.values():
        for pts in domains.values():
            # Same day: the staff assessment is the reference over the narrative it explains.
            pts.sort(key=lambda p: (p.date, p.source != "assessment"))
    return out


def baseline_and_latest(points: list[Point]) -> tuple[Point | None, Point | None]:
    intake = [p for p in points if p.wave == Wave.intake]
    baseline = intake[0] if intake else None
    later = [p for p in points if baseline is not None and p.date > baseline.date and p.wave in FOLLOW_UP_WAVES]
    latest = later[-1] if later else (points[-1] if points else None)
    return baseline, latest


def timeline(session: Session, rt: Runtime, client: Client, framework_id: str | None) -> dict[str, Any]:
    fw = get_framework(rt.settings.frameworks_dir, framework_id or framework_for_client(session, rt, client))
    pts = client_points(session, [client.id], fw.id).get(client.id, {})
    domains = []
    for d in fw.domains:
        series = pts.get(d.id, [])
        base, latest = baseline_and_latest(series)
        change = latest.level - base.level if base and latest and latest.date > base.date else None
        domains.append({"domain": d.id, "name": d.name, "series": [p.as_dict() for p in series],
                        "baseline": base.as_dict() if base else None, "latest": latest.as_dict() if latest else None,
                        "change": change})
    return {"client_id": client.id, "framework": fw.ref, "domains": domains}


def program_outcomes(session: Session, rt: Runtime, user: User, program_id: int, date_from: date | None,
                     date_to: date | None) -> dict[str, Any]:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound(f"program {program_id} not found")
    fw = get_framework(rt.settings.frameworks_dir, program.framework_id)
    enrolled_q = select(Enrollment.client_id).where(Enrollment.program_id == program_id)
    enrolled = set(session.exec(enrolled_q).all())
    allowed = caseload_ids(session, user)
    clients = sorted(enrolled if allowed is None else enrolled & allowed)
    pts = client_points(session, enrolled_q.scalar_subquery() if allowed is None else clients, fw.id,
                        date_from, date_to)
    domains = []
    for d in fw.domains:
        rows: dict[str, list[str]] = {"improved": [], "same": [], "worse": []}
        changes = []
        for cid in clients:
            base, latest = baseline_and_latest(pts.get(cid, {}).get(d.id, []))
            if base is None or latest is None or latest.date <= base.date:
                continue
            delta = latest.level - base.level
            changes.append(delta)
            rows["improved" if delta > 0 else "worse" if delta < 0 else "same"].append(cid)
        n = len(changes)
        domains.append({
            "domain": d.id, "clients_with_baseline_and_follow_up": n,
            "mean_change": round(sum(changes) / n, 3) if n else None,
            "share_improved": round(len(rows["improved"]) / n, 3) if n else None,
            "share_same": round(len(rows["same"]) / n, 3) if n else None,
            "share_worse": round(len(rows["worse"]) / n, 3) if n else None,
            "clients": rows,
        })
    return {"program_id": program_id, "framework": fw.ref, "from": _iso(date_from), "to": _iso(date_to),
            "clients_in_scope": len(clients), "domains": domains}


def outcomes_csv(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["domain", "clients_with_baseline_and_follow_up", "mean_change", "share_improved", "share_same",
                "share_worse", "improved_clients", "same_clients", "worse_clients"])
    for d in report["domains"]:
        w.writerow([d["domain"], d["clients_with_baseline_and_follow_up"], d["mean_change"], d["share_improved"],
                    d["share_same"], d["share_worse"], " ".join(d["clients"]["improved"]),
                    " ".join(d["clients"]["same"]), " ".join(d["clients"]["worse"])])
    return buf.getvalue()


def interval_start(d: date, interval: str) -> date:
    if interval == "week":
        return d - timedelta(days=d.weekday())
    if interval == "month":
        return d.replace(day=1)
    raise BadRequest("interval must be week or month")


@dataclass
class TrendBucket:
    notes: set[int] = field(default_factory=set)
    clients: set[str] = field(default_factory=set)


def narrative_trends(session: Session, rt: Runtime, user: User, q: str, program_id: int | None,
                     date_from: date | None, date_to: date | None, interval: str, limit: int = 2000,
                     min_similarity: float = 0.5, examples: int = 5) -> dict[str, Any]:
    """Semantic search of redacted sentences, counted per interval (notes and clients)."""
    if not q.strip():
        raise BadRequest("q must not be empty")
    interval_start(date.today(), interval)  # validates the interval
    allowed = caseload_ids(session, user)
    flt = VectorFilter(client_ids=sorted(allowed) if allowed is not None else None, program_id=program_id,
                       date_from=date_from, date_to=date_to)
    vec = rt.pipeline.embedder([q])[0]
    hits = rt.vectors.search(vec, limit, flt, score_threshold=min_similarity)
    buckets: dict[date, TrendBucket] = defaultdict(TrendBucket)
    for h in hits:
        d = date.fromisoformat(h.payload["date"][:10])
        b = buckets[interval_start(d, interval)]
        b.notes.add(int(h.payload["note_id"]))
        b.clients.add(str(h.payload["client_id"]))
    top = []
    seen_notes: set[int] = set()
    for h in hits:
        nid = int(h.payload["note_id"])
        if nid in seen_notes:
            continue
        note = session.get(Note, nid)
        if note is None or note.redacted_text is None:
            continue
        seen_notes.add(nid)
        top.append({"note_id": nid, "client_id": note.client_id, "date": note.contact_date.isoformat(),
                    "similarity": round(h.score, 3), "text": note.redacted_text[h.payload["start"]:h.payload["end"]]})
        if len(top) >= examples:
            break
    series = [{"interval_start": k.isoformat(), "notes": len(v.notes), "clients": len(v.clients)}
              for k, v in sorted(buckets.items())]
    return {"q": q, "interval": interval, "from": _iso(date_from), "to": _iso(date_to), "program_id": program_id,
            "matching_sentences": len(hits), "series": series, "examples": top}


def flag_trends(session: Session, user: User, program_id: int | None, date_from: date | None,
                date_to: date | None, interval: str) -> dict[str, Any]:
    interval_start(date.today(), interval)
    q = select(RiskFlag.category, RiskFlag.severity, Note.contact_date).join(Note, Note.id == RiskFlag.note_id)
    allowed = caseload_ids(session, user)
    if allowed is not None:
        if not allowed:
            return {"interval": interval, "series": []}
        q = q.where(RiskFlag.client_id.in_(sorted(allowed)))
    if program_id is not None:
        q = q.where(Note.program_id == program_id)
    if date_from:
        q = q.where(Note.contact_date >= date_from)
    if date_to:
        q = q.where(Note.contact_date <= date_to)
    counts: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: {"flags": 0, "high": 0})
    for category, severity, on in session.exec(q).all():
        c = counts[(interval_start(on, interval), category)]
        c["flags"] += 1
        c["high"] += int(severity == "high")
    series = [{"interval_start": k.isoformat(), "category": cat, **v} for (k, cat), v in sorted(counts.items())]
    return {"interval": interval, "from": _iso(date_from), "to": _iso(date_to), "program_id": program_id,
            "series": series}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
