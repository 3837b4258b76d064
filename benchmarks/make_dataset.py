"""Write a realistic synthetic dataset in Briefing Viewer's format, for benchmarks and tests.

    python benchmarks/make_dataset.py --events 50000 /tmp/big50k [--seed 7]

Storylines hold events which hold sub-events (up to four levels); there are actors, places and
sources in proportion; each event has 0-3 quotes and 0-2 figures, text of realistic length, and
EDTF dates of every precision (days, months, years, approximate, uncertain, intervals, open
ends). The same seed always gives the same files. Every actor, place and source is used, so the
dataset validates with no errors and no warnings.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

EVENTS_PER_FILE = 2_000
DOMAIN_WORDS = [
    "border",
    "brigade",
    "ministry",
    "convoy",
    "exercise",
    "deployment",
    "withdrawal",
    "statement",
    "officials",
    "report",
    "forces",
    "troops",
    "region",
    "artillery",
    "units",
    "command",
    "defence",
    "security",
    "readiness",
    "training",
    "positions",
    "satellite",
    "imagery",
    "analysts",
    "sources",
    "observed",
    "movement",
    "railway",
    "equipment",
    "logistics",
    "staging",
    "airfield",
    "battalion",
    "rotation",
    "agreement",
    "talks",
    "ceasefire",
    "claims",
    "denial",
    "assessment",
    "pressure",
    "sanctions",
    "delegation",
    "visit",
    "inspection",
    "fortifications",
    "trenches",
    "drones",
    "air",
    "patrol",
    "incident",
    "civilians",
    "reconstruction",
    "shelling",
    "evacuation",
    "negotiations",
    "deadline",
    "mobilisation",
]
TAGS = DOMAIN_WORDS[:20]
FIRST = [
    "Anna",
    "Boris",
    "Dmitri",
    "Elena",
    "Fedir",
    "Galina",
    "Ihor",
    "Kateryna",
    "Leonid",
    "Maria",
    "Oleh",
    "Sofia",
    "Taras",
]
LAST = [
    "Kovalenko",
    "Shevchenko",
    "Ivanova",
    "Petrov",
    "Sidorenko",
    "Melnyk",
    "Bondar",
    "Tkachenko",
    "Orlov",
    "Zhukov",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "so",
    "tu",
    "vi",
    "ze",
    "da",
    "pe",
    "ri",
    "go",
    "ha",
    "ju",
    "ly",
    "ma",
    "no",
    "sa",
    "te",
]
VOCABULARY_SIZE = 4_000


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words with Zipf-like frequencies, as in real text: a few very common, most rare."""
    words = list(DOMAIN_WORDS)
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    return words, cumulative


ACTOR_KINDS = ("person", "organisation", "state", "military_unit", "group")
STATUSES = ("reported", "reported", "reported", "confirmed", "contested", "assessed", "refuted")
QUALIFIERS = ("exact", "approx", "up_to", "at_least", "estimate")


class Prose:
    """Sentences drawn from one seeded vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.cumulative = vocabulary(rng)

    def sentence(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        return " ".join(
            self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        ).capitalize()


def text(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def random_date(rng: random.Random) -> str:
    year = rng.randint(2014, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.45:
        return f"{year}-{month:02d}-{day:02d}"
    if kind < 0.70:
        return f"{year}-{month:02d}"
    if kind < 0.78:
        return f"{year}"
    if kind < 0.84:
        return f"{year}-{month:02d}~"
    if kind < 0.88:
        return f"{year}?"
    if kind < 0.95:
        end = min(12, month + rng.randint(1, 4))
        return f"{year}-{month:02d}/{year}-{end:02d}"
    if kind < 0.98:
        return f"../{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}/.."


def generate(events: int, out: Path, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    prose = Prose(rng)
    actors = max(20, events // 25)
    places = max(10, events // 100)
    sources = max(5, events // 50)
    out.mkdir(parents=True, exist_ok=True)
    (out / "events").mkdir(exist_ok=True)

    lines = [
        "dataset:",
        f"  title: {text(f'Synthetic briefing, {events:,} events (seed {seed})')}",
        f"  description: {text(prose.sentence(20, 40))}",
        "  language: en",
        '  updated: "2024-07-13"',
        "sources:",
    ]
    for number in range(sources):
        lines += [
            f"  - id: source-{number}",
            f"    kind: {rng.choice(('article', 'report', 'official_statement', 'social_post'))}",
            f"    title: {text(prose.sentence(5, 12))}",
            f"    publisher: {text(prose.sentence(1, 3))}",
            f'    published: "{random_date(rng).split("/")[0].strip(".") or "2024"}"',
            f"    url: https://example.org/reports/{number}",
            f"    reliability: {rng.choice('ABCDEF')}",
        ]
    lines.append("actors:")
    for number in range(actors):
        lines += [
            f"  - id: actor-{number}",
            f"    name: {text(f'{rng.choice(FIRST)} {rng.choice(LAST)} {number}')}",
            f"    kind: {rng.choice(ACTOR_KINDS)}",
            f"    title: {text(prose.sentence(2, 5))}",
            f"    aliases: [{text(f'{rng.choice(LAST)}-{number}')}]",
        ]
    lines.append("places:")
    for number in range(places):
        lines += [
            f"  - id: place-{number}",
            f"    name: {text(f'{rng.choice(LAST)}sk {number}')}",
            f"    kind: {rng.choice(('city', 'town', 'region', 'border', 'facility'))}",
            f"    country: {rng.choice(('UA', 'BY', 'RU', 'PL'))}",
        ]
    (out / "dataset.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # Events: storylines of about 50 events, nested up to four levels deep.
    parents: list[tuple[str, int]] = []  # (id, depth) of events that may take children
    chunk: list[str] = []
    file_number = 0
    for number in range(events):
        event_id = f"event-{number}"
        if number % 50 == 0 or not parents:
            parent, depth = None, 0
            parents = []
        else:
            parent, depth = rng.choice(parents)
            depth += 1
        if depth < 3:
            parents.append((event_id, depth))
        chunk += _event_lines(prose, number, event_id, parent, actors, places, sources, events)
        if len(chunk) and (number + 1) % EVENTS_PER_FILE == 0:
            _write_events(out, file_number, chunk)
            file_number, chunk = file_number + 1, []
    if chunk:
        _write_events(out, file_number, chunk)
    return {"events": events, "actors": actors, "places": places, "sources": sources}


def _event_lines(
    prose: Prose,
    number: int,
    event_id: str,
    parent: str | None,
    actors: int,
    places: int,
    sources: int,
    events: int,
) -> list[str]:
    rng = prose.rng
    # The first events use every actor, place and source once, so nothing is left unused.
    actor = number % actors if number < actors else rng.randrange(actors)
    place = number % places if number < places else rng.randrange(places)
    source = number % sources if number < sources else rng.randrange(sources)
    summary = ". ".join(prose.sentence(10, 22) for _ in range(rng.randint(2, 4))) + "."
    lines = [
        f"  - id: {event_id}",
        f"    title: {text(prose.sentence(5, 11))}",
        f'    date: "{random_date(rng)}"',
    ]
    if parent:
        lines.append(f"    parent: {parent}")
    lines += [
        f"    summary: {text(summary)}",
        f"    actors: [{{actor: actor-{actor}, role: {text(prose.sentence(1, 3).lower())}}}]",
        f"    places: [place-{place}]",
        f"    tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]",
        f"    status: {rng.choice(STATUSES)}",
        f"    credibility: {rng.randint(1, 6)}",
        f"    sources: [source-{source}]",
    ]
    figure_count = rng.randint(0, 2)
    if figure_count:
        lines.append("    figures:")
    for _ in range(figure_count):
        low = rng.randint(1, 50) * 100
        lines += [
            f"      - label: {text(prose.sentence(2, 5))}",
            f"        low: {low}",
            f"        high: {low + rng.randint(1, 40) * 100}",
            "        unit: troops",
            f"        qualifier: {rng.choice(QUALIFIERS)}",
            f"        source: source-{rng.randrange(sources)}",
            f"        locator: paragraph {rng.randint(1, 30)}",
        ]
    quote_count = rng.randint(0, 3)
    if quote_count:
        lines.append("    quotes:")
    for _ in range(quote_count):
        lines += [
            f"      - text: {text(prose.sentence(8, 20).lower())}",
            f"        mode: {rng.choice(('direct', 'reported'))}",
            f"        speaker: actor-{rng.randrange(actors)}",
            f"        speaker_role: {text(prose.sentence(2, 4))}",
            f"        source: source-{rng.randrange(sources)}",
            f"        locator: paragraph {rng.randint(1, 30)}",
        ]
    if number > 10 and rng.random() < 0.2:
        lines.append(f"    related: [event-{rng.randrange(min(number, events))}]")
    return lines


def _write_events(out: Path, file_number: int, lines: list[str]) -> None:
    path = out / "events" / f"part-{file_number:04d}.yaml"
    path.write_text("events:\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("out", type=Path)
    options = parser.parse_args()
    counts = generate(options.events, options.out, options.seed)
    print(", ".join(f"{value:,} {name}" for name, value in counts.items()), "->", options.out)


if __name__ == "__main__":
    main()
