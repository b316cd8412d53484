"""``generate_archive --years 10``: years of made-up daily issues, written by the loader."""

import datetime
import time

from django.conf import settings
from django.core.management.base import CommandError

from articles.models import Issue
from newsroom.importing.loader import load_issue
from newsroom.importing.synthetic import SOURCE_PREFIX, ArchiveGenerator, WordChain, checksum
from newsroom.management.operational import OperationalCommand
from newsroom.management.options import option_date
from newsroom.progress import progress


class Command(OperationalCommand):
    written_if_stopped = "the days before the failure generated, each whole: run it again to go on"
    help = (
        "Generate a synthetic archive, one issue a day, from the seed pages' words, and write "
        "it through the importer's loader (one transaction per issue). The same --seed always "
        "gives the same issues; days that already hold an imported issue are left alone."
    )

    def add_arguments(self, parser):
        length = parser.add_mutually_exclusive_group(required=True)
        length.add_argument("--years", type=int, help="Number of years of daily issues.")
        length.add_argument("--days", type=int, help="Number of daily issues.")
        parser.add_argument("--seed", type=int, default=1, help="Seed number (default 1).")
        parser.add_argument(
            "--start",
            help="First day YYYY-MM-DD (default: the archive ends the day before the "
            "earliest issue in the database, or yesterday).",
        )

    def handle(self, *args, years, days, seed, start, **options):
        if (days is not None and days < 1) or (years is not None and years < 1):
            raise CommandError("Nothing to generate: give a positive --years or --days.")
        if start:
            start = option_date("--start", start)
            end = _years_after(start, years) if years else start + datetime.timedelta(days=days)
        else:
            earliest = Issue.objects.order_by("date").values_list("date", flat=True).first()
            end = earliest or datetime.date.today()
            start = _years_before(end, years) if years else end - datetime.timedelta(days=days)
        dates = [start + datetime.timedelta(days=n) for n in range((end - start).days)]
        imported = set(
            Issue.objects.filter(date__range=(dates[0], dates[-1]))
            .exclude(source_file__startswith=SOURCE_PREFIX)
            .values_list("date", flat=True)
        )
        generator = ArchiveGenerator(seed, WordChain.from_seeds(settings.BASE_DIR / "seeds"))
        issues = articles = 0
        began = time.perf_counter()
        for date in progress(dates, stream=self.stderr._out, unit="issue"):
            if date in imported:
                continue
            parsed = generator.issue(date)
            # Only days of its own are written: another seed's issue is replaced without asking.
            report = load_issue(parsed, sha256=checksum(parsed), replace=True, render=False)
            issues += not report.already_imported
            articles += report.counts.get("articles", {}).get("created", 0)
        seconds = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {issues} issues from {dates[0]} to {dates[-1]} (seed {seed}): "
                f"{articles} articles created in {seconds:.1f} s "
                f"({articles / seconds:.0f} articles/s)."
            )
        )
        if imported:
            self.stdout.write(f"Left {len(imported)} imported issues as they were.")


def _years_after(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def _years_before(date: datetime.date, years: int) -> datetime.date:
    return _years_after(date, -years)
