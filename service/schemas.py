"""API request and response models: validation lives here, so routes stay thin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from service.models import CaseManagementModel, Role, Wave


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProgramIn(_In):
    name: str = Field(min_length=1, max_length=200)
    framework_id: str = Field("self-sufficiency", min_length=1, max_length=80)
    case_management_model: CaseManagementModel = CaseManagementModel.generalist


class ProgramOut(BaseModel):
    id: int
    name: str
    framework_id: str
    framework_version: str
    case_management_model: str


class ClientIn(_In):
    first_name: str = Field(min_length=1, max_length=120)
    last_name: str = Field("", max_length=120)
    dob: dt.date | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    household: list[str] = Field(default_factory=list, max_length=30)
    confirm_new: bool = Field(False, description="Create even though likely duplicates exist.")
    program_id: int | None = Field(None, description="Enrol with the caller as case manager at once.")
    intake_date: dt.date | None = None

    @field_validator("dob")
    @classmethod
    def _dob_past(cls, v: dt.date | None) -> dt.date | None:
        if v is not None and (v > dt.date.today() or v.year < 1900):
            raise ValueError("date of birth must be between 1900 and today")
        return v


class DuplicateCandidate(BaseModel):
    id: str
    name: str
    dob: dt.date | None
    reason: str
    similarity: float


class EnrollmentIn(_In):
    program_id: int
    intake_date: dt.date
    case_manager_id: int | None = None


class EnrollmentOut(BaseModel):
    id: int
    client_id: str
    program_id: int
    case_manager_id: int
    intake_date: dt.date
    exit_date: dt.date | None


class ClientOut(BaseModel):
    id: str
    first_name: str
    last_name: str
    dob: dt.date | None
    phone: str | None
    email: str | None
    address: str | None
    aliases: list[str]
    household: list[str]
    created_at: dt.datetime
    merged_ids: list[str] = []
    enrollments: list[EnrollmentOut] = []


class ClientSummary(BaseModel):
    id: str
    name: str
    dob: dt.date | None


class NoteIn(_In):
    text: str = Field(description="The note as written; identifiers are redacted before anything else sees it.")
    contact_date: dt.date
    contact_type: str = Field("other", max_length=40)
    wave: Wave = Wave.monitoring
    enrollment_id: int | None = None

    @field_validator("text")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("note text is empty")
        if "\x00" in v:
            raise ValueError("note text contains a NUL character")
        return v


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str
    weight: float | None = None


class ScoreOut(BaseModel):
    id: int
    domain: str
    level: int
    confidence: float
    citations: list[EvidenceOut]
    framework_id: str
    framework_version: str
    needs_review: bool
    review_reason: str | None


class FlagOut(BaseModel):
    id: int
    note_id: int
    client_id: str
    category: str
    severity: str
    severity_rule: str | None
    evidence: list[EvidenceOut]
    status: str
    withdrawn_by_pipeline: bool
    created_at: dt.datetime
    acknowledged_by: int | None
    acknowledged_at: dt.datetime | None
    acknowledge_comment: str | None
    resolved_by: int | None
    resolved_at: dt.datetime | None
    resolve_comment: str | None


class PiiOut(BaseModel):
    start: int
    end: int
    entity: str
    placeholder: str
    out_start: int
    out_end: int


class NoteOut(BaseModel):
    id: int
    client_id: str
    enrollment_id: int | None
    program_id: int | None
    author_id: int
    contact_date: dt.date
    contact_type: str
    wave: str
    status: str
    error: str | None
    redacted_text: str | None
    original_text: str | None = None
    pii: list[PiiOut] | None = None
    flags: list[FlagOut] = []
    scores: list[ScoreOut] = []
    pipeline_version: str | None
    framework_id: str | None
    framework_version: str | None
    created_at: dt.datetime
    processed_at: dt.datetime | None


class AssessmentIn(_In):
    assessed_on: dt.date
    wave: Wave = Wave.intake
    levels: dict[str, int] = Field(min_length=1)
    note_id: int | None = None
    framework_id: str | None = None
    enrollment_id: int | None = None


class AssessmentOut(BaseModel):
    id: int
    client_id: str
    assessed_on: dt.date
    wave: str
    framework_id: str
    framework_version: str
    levels: dict[str, int]
    note_id: int | None
    is_baseline: bool
    disagreements: list[dict[str, Any]] = []


class MergeIn(_In):
    duplicate_id: str = Field(min_length=1, max_length=16)


class FlagAction(_In):
    comment: str = Field("", max_length=4000)


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    team: str | None


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user: UserOut


class ReviewIn(_In):
    verdict: str = Field(description="supports | partly | does_not_support")
    comment: str = Field("", max_length=4000)
