"""Database tables (SQLModel). The SQL store is the source of truth; vectors are derived from it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(StrEnum):
    case_manager = "case_manager"
    supervisor = "supervisor"
    evaluator = "evaluator"
    admin = "admin"


class CaseManagementModel(StrEnum):
    brokerage = "brokerage"
    clinical = "clinical"
    strengths_based = "strengths-based"
    intensive = "intensive"
    generalist = "generalist"


class Wave(StrEnum):
    intake = "intake"
    monitoring = "monitoring"
    exit = "exit"
    follow_up = "follow_up"


class NoteStatus(StrEnum):
    pending = "pending"
    processed = "processed"
    failed = "failed"


class FlagStatus(StrEnum):
    open = "open"
    acknowledged = "acknowledged"
    resolved = "resolved"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=80)
    display_name: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)
    team: str | None = Field(default=None, index=True, max_length=80)
    password_hash: str | None = Field(default=None, max_length=300)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(default="api", max_length=80)
    kind: str = Field(default="api", max_length=20)  # api | session
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    revoked: bool = False


class Program(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=200)
    framework_id: str = Field(max_length=80)
    framework_version: str = Field(max_length=20)
    case_management_model: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utcnow)


class Client(SQLModel, table=True):
    """One persistent record per person; merged duplicates point at the survivor and are never reused."""

    id: str = Field(primary_key=True, max_length=16)
    first_name: str = Field(max_length=120)
    last_name: str = Field(default="", max_length=120)
    name_key: str = Field(index=True, max_length=260)  # normalised "first last" for duplicate search
    dob: date | None = Field(default=None, index=True)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=300)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    household: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    merged_into: str | None = Field(default=None, foreign_key="client.id", index=True, max_length=16)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Enrollment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(foreign_key="client.id", index=True, max_length=16)
    program_id: int = Field(foreign_key="program.id", index=True)
    case_manager_id: int = Field(foreign_key="user.id", index=True)
    intake_date: date
    exit_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(foreign_key="client.id", index=True, max_length=16)
    enrollment_id: int | None = Field(default=None, foreign_key="enrollment.id", index=True)
    program_id: int | None = Field(default=None, foreign_key="program.id", index=True)
    author_id: int = Field(foreign_key="user.id", index=True)
    contact_date: date = Field(index=True)
    contact_type: str = Field(default="other", max_length=40)
    wave: str = Field(default=Wave.monitoring, max_length=20, index=True)
    original_encrypted: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    redacted_text: str | None = Field(default=None, sa_column=Column(Text))
    pii_spans: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sentences: list[list[int]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=NoteStatus.pending, max_length=20, index=True)
    error: str | None = Field(default=None, sa_column=Column(Text))
    pipeline_version: str | None = Field(default=None, max_length=80)
    framework_id: str | None = Field(default=None, max_length=80)
    framework_version: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    processed_at: datetime | None = None


class Assessment(SQLModel, table=True):
    """Staff-entered levels per framework domain; the intake assessment is the client's baseline."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(foreign_key="client.id", index=True, max_length=16)
    enrollment_id: int | None = Field(default=None, foreign_key="enrollment.id")
    author_id: int = Field(foreign_key="user.id")
    note_id: int | None = Field(default=None, foreign_key="note.id")
    assessed_on: date = Field(index=True)
    wave: str = Field(default=Wave.intake, max_length=20)
    framework_id: str = Field(max_length=80)
    framework_version: str = Field(max_length=20)
    levels: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    is_baseline: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Score(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    client_id: str = Field(foreign_key="client.id", index=True, max_length=16)
    domain: str = Field(max_length=80, index=True)
    level: int
    confidence: float
    framework_id: str = Field(max_length=80)
    framework_version: str = Field(max_length=20)
    pipeline_version: str = Field(max_length=80)
    citations: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    needs_review: bool = False
    review_reason: str | None = Field(default=None, max_length=300)
    current: bool = Field(default=True, index=True)  # False once a reprocess replaced it
    created_at: datetime = Field(default_factory=utcnow)


class RiskFlag(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    client_id: str = Field(foreign_key="client.id", index=True, max_length=16)
    category: str = Field(max_length=40, index=True)
    severity: str = Field(max_length=20)
    severity_rule: str | None = Field(default=None, max_length=200)
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=FlagStatus.open, max_length=20, index=True)
    pipeline_version: str = Field(max_length=80)
    withdrawn_by_pipeline: bool = False  # a reprocess no longer raises it; kept until a person resolves it
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    acknowledged_at: datetime | None = None
    acknowledge_comment: str | None = Field(default=None, sa_column=Column(Text))
    resolved_by: int | None = Field(default=None, foreign_key="user.id")
    resolved_at: datetime | None = None
    resolve_comment: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ReviewVerdict(StrEnum):
    supports = "supports"
    partly = "partly"
    does_not_support = "does_not_support"


class ScoreReview(SQLModel, table=True):
    """An evaluator's verdict on whether a score's citations support its level."""

    id: int | None = Field(default=None, primary_key=True)
    score_id: int = Field(foreign_key="score.id", index=True)
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    verdict: str = Field(max_length=20)
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, index=True)
    username: str | None = Field(default=None, max_length=80)
    role: str | None = Field(default=None, max_length=20)
    action: str = Field(max_length=40, index=True)
    entity_type: str = Field(max_length=40)
    entity_id: str | None = Field(default=None, max_length=80)
    client_id: str | None = Field(default=None, index=True, max_length=16)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


__all__ = [
    "ApiToken",
    "Assessment",
    "AuditEvent",
    "CaseManagementModel",
    "Client",
    "Enrollment",
    "FlagStatus",
    "Note",
    "NoteStatus",
    "Program",
    "ReviewVerdict",
    "RiskFlag",
    "Role",
    "ScoreReview",
    "Score",
    "User",
    "Wave",
    "utcnow",
]
