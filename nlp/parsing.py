"""One light spaCy parse of the redacted sentences (tagger + lemmatizer, no parser/NER), shared by
the risk and scoring stages so each sentence is parsed once."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from nlp.resources import load_spacy
from nlp.types import Sentence

LIGHT_EXCLUDE = ("parser", "ner")


class SentenceParser:
    def __init__(self, spacy_model: str) -> None:
        self.nlp = load_spacy(spacy_model, LIGHT_EXCLUDE)

    def __call__(self, sentences: Sequence[Sentence]) -> list[Doc]:
        return list(self.nlp.pipe([s.text for s in sentences], batch_size=128))
