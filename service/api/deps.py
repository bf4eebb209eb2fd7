"""Request dependencies: the database session, the runtime, and the authenticated user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from service.errors import Unauthorized
from service.models import User
from service.runtime import Runtime
from service.users import user_for_token

SESSION_COOKIE = "caselens_session"
_bearer = HTTPBearer(auto_error=False)


def get_rt(request: Request) -> Runtime:
    return request.app.state.runtime


def get_db(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


def current_user(
    request: Request,
    db: Annotated[Session, Depends(get_db)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    token = creds.credentials if creds else request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("missing bearer token (Authorization: Bearer <token>) or session")
    user = user_for_token(db, token)
    request.state.user = user
    return user


DB = Annotated[Session, Depends(get_db)]
RT = Annotated[Runtime, Depends(get_rt)]
CurrentUser = Annotated[User, Depends(current_user)]
