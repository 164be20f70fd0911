"""Generate the large inputs of the speed benchmarks (deterministic, seeded).

python benchmarks/generate.py glossary OUT.yaml [--entries 100000]
python benchmarks/generate.py scores OUT.csv [--rows 10000000]
python benchmarks/generate.py log OUT.csv [--rows 10000000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "client appel attente service conseiller ticket demande réponse délai qualité "
    "satisfaction contact canal agent file taux niveau équipe support dossier suivi "
    "traitement escalade rappel message courriel chat vente offre contrat facture "
    "livraison retour remboursement abonnement compte accès mot passe urgence priorité"
).split()


def glossary(path: Path, entries: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("schema: 1\nentries:\n")
        for i in range(entries):
            words = rng.sample(WORDS, 4)
            term_fr = " ".join(words[:3]).capitalize() + f" {i}"
            term_en = f"Company term {i} " + words[3]
            acronym = "".join(w[0] for w in words[:3]).upper() + str(i)
            sentence = " ".join(rng.choice(WORDS) for _ in range(24))
            out.write(
                f"  - id: company-{i}\n"
                f"    acronyms: [{acronym}]\n"
                f"    term: {{fr: {term_fr}, en: {term_en}}}\n"
                f"    aliases: [{words[3]} {words[0]} {i}]\n"
                f"    category: process\n"
                f"    definition:\n"
                f"      fr: >-\n        {sentence.capitalize()}.\n"
                f"      en: >-\n        Internal definition number {i}: {sentence}.\n"
                f"    sources: [company-wiki]\n"
            )


def scores(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    # Integer weights skewed like real NPS answers (many 8-10, some 0-6).
    population = list(range(11))
    weights = [3, 1, 1, 2, 2, 4, 5, 8, 14, 20, 40]
    chunk = 100_000
    with path.open("w", encoding="ascii", newline="") as out:
        out.write("score\n")
        left = rows
        while left:
            n = min(chunk, left)
            out.write("\n".join(map(str, rng.choices(population, weights, k=n))) + "\n")
            left -= n


def log(path: Path, rows: int, seed: int = 7) -> None:
    """A contact log in arrival order: time, queue, wait, outcome, talk, hold, wrap
    (about 50 bytes a row). Contacts arrive 08:00-20:00 over as many days as it takes at
    about 40,000 a day; 1 in 10 is abandoned (no talk, hold or wrap)."""
    rng = random.Random(seed)
    queues = ("ventes", "sav", "facturation", "resiliation", "support")
    per_day = 40_000
    seconds = 12 * 3600
    chunk = 50_000
    with path.open("w", encoding="ascii", newline="") as out:
        out.write("time,queue,wait,outcome,talk,hold,wrap\n")
        done = 0
        day = 0
        while done < rows:
            n_day = min(per_day, rows - done)
            stamps = sorted(rng.randrange(seconds) for _ in range(n_day))
            date = f"2026-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
            lines = []
            for stamp in stamps:
                hour, rest = divmod(stamp, 3600)
                clock = f"{date}T{8 + hour:02d}:{rest // 60:02d}:{rest % 60:02d}"
                queue = queues[rng.randrange(5)]
                wait = int(rng.expovariate(1 / 25))
                if rng.random() < 0.1:
                    lines.append(f"{clock},{queue},{wait},abandoned,,,")
                else:
                    talk = 30 + int(rng.expovariate(1 / 200))
                    hold = int(rng.expovariate(1 / 15)) if rng.random() < 0.3 else 0
                    wrap = 10 + rng.randrange(60)
                    lines.append(f"{clock},{queue},{wait},answered,{talk},{hold},{wrap}")
                if len(lines) >= chunk:
                    out.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                out.write("\n".join(lines) + "\n")
            done += n_day
            day += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["glossary", "scores", "log"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    if args.kind == "glossary":
        glossary(args.out, args.entries)
    elif args.kind == "log":
        log(args.out, args.rows)
    else:
        scores(args.out, args.rows)


if __name__ == "__main__":
    main()
