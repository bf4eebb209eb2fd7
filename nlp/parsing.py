"""One light spaCy parse of the redacted sentences (tagger + lemmatizer, no parser/NER), shared by
the risk and scoring stages so each sentence is parsed once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp.resources import load_spacy, load_yaml
from nlp.types import Sentence

LIGHT_EXCLUDE = ("parser", "ner")
LOWER_LEMMAS = "caselens_lower_lemmas"


LEMMA_FIXES: dict[str, str] = {
    str(k): str(v) for k, v in load_yaml(Path(__file__).with_suffix(".yaml"))["fixes"].items()}


@Language.component(LOWER_LEMMAS)
def lower_lemmas(doc: Doc) -> Doc:
    """Rule files write lemmas in lower case, but the lemmatizer keeps a capital on a word it tags as a proper
    noun ("Daughter (8) told the nurse" -> "Daughter"), so `~daughter` missed it; and a few forms it gets
    wrong ("riding" -> "rid") take their lemma from parsing.yaml."""
    for t in doc:
        lemma = LEMMA_FIXES.get(t.lower_) or t.lemma_.lower()
        if lemma != t.lemma_:
            t.lemma_ = lemma
    return doc


def load_light(spacy_model: str) -> Language:
    """The tagger-and-lemmatizer pipeline the rule stages read, its lemmas in lower case."""
    nlp = load_spacy(spacy_model, LIGHT_EXCLUDE)
    if LOWER_LEMMAS not in nlp.pipe_names:
        nlp.add_pipe(LOWER_LEMMAS, after="lemmatizer" if "lemmatizer" in nlp.pipe_names else None)
    return nlp


class SentenceParser:
    def __init__(self, spacy_model: str) -> None:
        self.nlp = load_light(spacy_model)

    def __call__(self, sentences: Sequence[Sentence]) -> list[Doc]:
        return list(self.nlp.pipe([s.text for s in sentences], batch_size=128))
