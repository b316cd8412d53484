"""Write one printed-issue text file of many articles, for the import fault benchmark.

``make_big_issue.py --articles 2000 OUT.txt`` writes 2,000 news articles, each a headline
(``# …``), a dateline with a reporter (``本报讯(记者…)8月1日,…``) and two to four
paragraphs, the text a word chain over the seed pages (``newsroom.importing.synthetic``),
so the importer parses and writes it like a real page, only longer. The same ``--seed``
gives the same file. Import it with ``--date`` (its text names no year).
"""

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsroom.importing.synthetic import GIVEN, SURNAMES, WordChain  # noqa: E402


def issue_text(articles: int, seed: int) -> str:
    chain = WordChain.from_seeds(ROOT / "seeds")
    rng = random.Random(seed)
    reporters = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(40)]
    parts = []
    for number in range(1, articles + 1):
        headline = f"{chain.headline(rng)}（{number}）"  # numbered: no two alike
        paragraphs = [chain.paragraph(rng) for _ in range(rng.randint(2, 4))]
        parts.append(
            f"# {headline}\n\n本报讯(记者{rng.choice(reporters)})8月1日,{paragraphs[0]}\n\n"
            + "\n\n".join(paragraphs[1:])
        )
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    args.output.write_text(issue_text(args.articles, args.seed), encoding="utf-8")
