"""Programs and the framework (id + version) each one scores against."""

from __future__ import annotations

from sqlmodel import Session, select

from service.errors import Conflict
from service.frameworks import get_framework
from service.models import Program
from service.runtime import Runtime
from service.schemas import ProgramIn


def create_program(session: Session, rt: Runtime, data: ProgramIn) -> Program:
    fw = get_framework(rt.settings.frameworks_dir, data.framework_id)
    if session.exec(select(Program).where(Program.name == data.name)).first():
        raise Conflict(f"program {data.name!r} already exists")
    program = Program(name=data.name, framework_id=fw.id, framework_version=fw.version,
                      case_management_model=data.case_management_model.value)
    session.add(program)
    session.flush()
    return program
