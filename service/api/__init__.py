"""FastAPI application: thin routes over the service functions."""
