"""Case-note PII redaction on presidio-analyzer with a YAML profile."""

from nlp.redaction.profile import RedactionProfile, load_profile
from nlp.redaction.redactor import Redactor

__all__ = ["RedactionProfile", "Redactor", "load_profile"]
