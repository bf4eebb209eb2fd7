"""The environment written beside every evaluation output, and the pins that make it reproducible."""

import re
from pathlib import Path

import sklearn

from evaluation.provenance import PACKAGES, environment

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if m:
            pins[re.sub(r"[-_.]+", "-", m[1]).lower()] = m[2]
    return pins


def test_environment_reports_the_installed_versions() -> None:
    env = environment()
    assert env["packages"]["scikit-learn"] == sklearn.__version__
    assert set(env["packages"]) == set(PACKAGES)
    assert re.fullmatch(r"3\.\d+\.\d+", str(env["python"]))


def test_constraints_pin_every_model_relevant_package() -> None:
    pins = _pins()
    missing = [p for p in PACKAGES if p not in pins]
    assert not missing, f"constraints.txt does not pin {missing}: a fresh setup could fit other numbers"


def test_installed_versions_match_the_pins() -> None:
    """A venv built before the pins changed is stale: its figures would not be the committed ones."""
    pins, env = _pins(), environment()["packages"]
    stale = {p: (env[p], pins[p]) for p in PACKAGES if env[p] and env[p].split("+")[0] != pins[p].split("+")[0]}
    assert not stale, f"installed versions differ from constraints.txt (run make setup): {stale}"
