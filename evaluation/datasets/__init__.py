"""Labelled evaluation sets written for CaseLens (not the shared dev notes)."""
