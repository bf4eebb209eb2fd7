"""Outcome scoring against a framework: evidence sentences per domain, a level from models fit on
the framework's own example statements, calibrated confidence and citations."""

from nlp.scoring.scorer import FrameworkScorer

__all__ = ["FrameworkScorer"]
