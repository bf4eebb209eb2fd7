"""Framework registry for the service: resolves a framework id to its current version."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nlp.frameworks import Framework, load_frameworks
from service.errors import NotFound


@lru_cache(maxsize=4)
def _registry(path: str) -> dict[str, Framework]:
    return load_frameworks(Path(path))


def get_framework(frameworks_dir: Path, framework_id: str) -> Framework:
    fw = _registry(str(frameworks_dir)).get(framework_id)
    if fw is None:
        raise NotFound(f"framework {framework_id!r} not found")
    return fw
