"""Deterministic synthetic news dumps for benchmarks (in the raw text-dump style, ~800 words each)."""

from __future__ import annotations

import random
from pathlib import Path

FIRST = [
    "Maria",
    "James",
    "Aisha",
    "Kenji",
    "Olga",
    "Samuel",
    "Priya",
    "Lucas",
    "Fatima",
    "Tomasz",
    "Grace",
    "Diego",
    "Hannah",
    "Omar",
    "Ingrid",
    "Kwame",
    "Elena",
    "Rahul",
    "Chloe",
    "Viktor",
]
LAST = [
    "Alvarez",
    "Brennan",
    "Chowdhury",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindgren",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
]
ORGS = [
    "the Ministry of Transport",
    "Northwind Energy",
    "the European Commission",
    "the city council",
    "the World Bank",
    "Harbor Logistics",
    "the Labour Party",
    "the United Nations",
    "Reuters",
    "the FBI",
]
PLACES = [
    "London",
    "Paris",
    "Nairobi",
    "Toronto",
    "Sydney",
    "Berlin",
    "Mumbai",
    "Chicago",
    "Lagos",
    "Madrid",
    "Seoul",
    "Lima",
    "Cairo",
    "Oslo",
    "Denver",
]
TOPICS = [
    "bridge repairs",
    "a rail strike",
    "water prices",
    "a new hospital",
    "school funding",
    "wind farms",
    "housing rules",
    "a port expansion",
    "flood defences",
    "bus fares",
]
VERBS = ["said", "told reporters", "added", "said in a statement", "wrote on social media"]
CLAIMS = [
    "the plan would cost more than expected",
    "the work was finally on schedule",
    "residents deserved clearer answers",
    "the budget left no room for delays",
    "the talks had been constructive",
    "nothing had been decided yet",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def article(index: int, words: int = 800) -> str:
    rng = random.Random(index)
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    lead, other = _person(rng), _person(rng)
    org = rng.choice(ORGS)
    lines = [
        "Advertisement",
        f"{place} officials clash over {topic} (report {index})",
        f"A dispute over {topic} in {place} deepened this week as {org} weighed in.",
        f"By {_person(rng).upper()}",
        "Associated Press",
        f"March {1 + index % 28}, 2025 9:{index % 60:02d} AM EST",
        f"Image: {lead} speaks in {place}",
        f"{lead} speaks to reporters in {place} on Tuesday.{_person(rng)} / AP",
        f"{place.upper()} (AP) — Officials in {place} argued on Tuesday over {topic}, "
        f"with {lead} of {org} saying {rng.choice(CLAIMS)}.",
    ]
    count = len(" ".join(lines).split())
    while count < words:
        speaker = rng.choice([lead, other, lead.split()[-1], other.split()[-1]])
        kind = rng.random()
        if kind < 0.4:
            claim = rng.choice(CLAIMS).capitalize()
            para = f"\u201c{claim}, and we will not back down,\u201d {speaker} {rng.choice(VERBS)}."
        elif kind < 0.6:
            para = (
                f"{speaker} said {rng.choice(ORGS)} had warned that \u201c{rng.choice(CLAIMS)}\u201d "
                f"during a meeting in {rng.choice(PLACES)}."
            )
        else:
            para = (
                f"The debate over {topic} has drawn in {rng.choice(ORGS)} and groups from "
                f"{rng.choice(PLACES)}, where critics say {rng.choice(CLAIMS)}. "
                f"Supporters of the proposal, including {_person(rng)}, said {rng.choice(CLAIMS)}."
            )
        lines.append(para)
        count += len(para.split())
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, start: int = 0, words: int = 800) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        path = folder / f"synthetic-{index:06d}.txt"
        path.write_text(article(index, words), encoding="utf-8")
        paths.append(path)
    return paths


def print_result(result: dict[str, object]) -> None:
    """One aligned ``key  value`` line per figure, then the whole result as one JSON line."""
    import json

    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(result))
