"""Users, passwords and bearer tokens."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from service.errors import Conflict, Unauthorized, Unprocessable
from service.models import ApiToken, Role, User, utcnow
from service.security import hash_password, new_token, token_digest, verify_password


def create_user(
    session: Session, username: str, role: str, *, display_name: str = "", team: str | None = None,
    password: str | None = None,
) -> User:
    if role not in {r.value for r in Role}:
        raise Unprocessable(f"unknown role {role!r}; one of {', '.join(r.value for r in Role)}")
    if not username.strip():
        raise Unprocessable("username must not be empty")
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"user {username!r} already exists")
    if password is not None and len(password) < 8:
        raise Unprocessable("password must have at least 8 characters")
    user = User(username=username.strip(), role=role, display_name=display_name or username, team=team,
                password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    return user


def issue_token(session: Session, user: User, *, kind: str = "api", ttl: timedelta | None = None) -> str:
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_hash=token_digest(token), kind=kind, name=kind,
                         expires_at=(utcnow() + ttl) if ttl else None))
    return token


def user_for_token(session: Session, token: str) -> User:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(token))).first()
    if row is None or row.revoked:
        raise Unauthorized("invalid or revoked token")
    if row.expires_at is not None and row.expires_at < utcnow():
        raise Unauthorized("token expired")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise Unauthorized("user is not active")
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.active or not verify_password(password, user.password_hash):
        raise Unauthorized("wrong username or password")
    return user


def revoke_token(session: Session, token: str) -> None:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(token))).first()
    if row is not None:
        row.revoked = True
