from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from service.api.deps import DB

router = APIRouter(tags=["health"])


@router.get("/health")
def health(db: DB) -> dict[str, str]:
    """Liveness plus a database round trip (models load lazily on first note)."""
    db.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok"}
