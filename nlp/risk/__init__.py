"""Risk signals: cue lexicons with assertion context, plus an embedding model for keyword-free statements."""

from nlp.risk.detector import RiskDetector

__all__ = ["RiskDetector"]
