"""Unnamed speakers by their description ("a judge", "some analysts", "charging document")."""

from __future__ import annotations

from spacy.tokens import Token

from newsetl.extract.lexicon import PEOPLE_NOUNS


def description(root: Token) -> str:
    """An unnamed source by its description ("a judge"); a document by its noun ("charging document")."""
    if root.lower_ in PEOPLE_NOUNS:
        words = [t for t in root.subtree if t.i <= root.i and t.dep_ != "poss"]
    else:
        words = [root]
        while words[0].i > 0:
            left = root.doc[words[0].i - 1]
            nominal = left.dep_ == "compound" or (left.dep_ == "amod" and left.pos_ == "VERB")
            nominal = nominal or (left.dep_ == "amod" and left.ent_type_ == "NORP")  # "Philippine government"
            if left.head.i != root.i or not nominal:
                break
            words.insert(0, left)
        for prep in (c for c in root.rights if c.dep_ == "prep" and c.lower_ == "of"):
            words += list(prep.subtree)
    text = " ".join(t.text if t.pos_ == "PROPN" else t.lower_ for t in words)
    return text.replace(" - ", "-")
