"""Server-rendered web pages for case managers, supervisors and evaluators (same FastAPI app)."""
