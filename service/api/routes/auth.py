from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form

from service import audit
from service.api.deps import DB, CurrentUser
from service.schemas import TokenOut, UserOut
from service.users import authenticate, issue_token

router = APIRouter(prefix="/auth", tags=["auth"])
SESSION_TTL = timedelta(hours=12)


@router.post("/token", response_model=TokenOut)
def login(db: DB, username: Annotated[str, Form()], password: Annotated[str, Form()]) -> TokenOut:
    """Exchange username and password for a 12-hour bearer token."""
    user = authenticate(db, username, password)
    token = issue_token(db, user, kind="session", ttl=SESSION_TTL)
    audit.record(db, user, "login", "user", user.id)
    db.commit()
    return TokenOut(access_token=token, user=UserOut(**user.model_dump()))


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut(**user.model_dump())
