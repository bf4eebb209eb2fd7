"""CaseLens service: storage, access control, API and CLI around the nlp pipeline."""
