from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import select

from service import audit
from service.access import require_role
from service.api.deps import DB, RT, CurrentUser
from service.models import Program, Role
from service.programs import create_program
from service.schemas import ProgramIn, ProgramOut

router = APIRouter(prefix="/programs", tags=["programs"])


@router.post("", response_model=ProgramOut, status_code=201)
def post_program(data: ProgramIn, db: DB, rt: RT, user: CurrentUser) -> ProgramOut:
    require_role(user, Role.admin)
    program = create_program(db, rt, data)
    audit.record(db, user, "create", "program", program.id)
    db.commit()
    return ProgramOut(**program.model_dump())


@router.get("", response_model=list[ProgramOut])
def list_programs(db: DB, user: CurrentUser) -> list[ProgramOut]:
    return [ProgramOut(**p.model_dump()) for p in db.exec(select(Program).order_by(Program.name)).all()]
