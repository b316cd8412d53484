"""Editors' changes to the theatre programme that span several rows, each in one transaction.

Plain functions, so the admin actions stay thin and the rules can be tested on their own.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from articles.parts import rows_changed

from .models import Act, ActPerformer, FormerPerformerSlug, Performance, Performer


def duplicate_performance(
    performance: Performance, *, date: datetime.date, time: datetime.time | None
) -> Performance:
    """The same bill (pieces, performers in billed order) on another date, e.g. a rerun.

    The copy is announced by no article. A clash with a performance of the programme at
    that date and time raises the model's ValidationError and creates nothing.
    """
    copy = Performance(programme=performance.programme, date=date, time=time, article=None)
    acts = performance.acts.order_by("order", "pk").prefetch_related("credits")
    with transaction.atomic():
        copy.validate_constraints()
        copy.save()
        copied_acts = Act.objects.bulk_create(
            Act(performance=copy, order=act.order, piece_id=act.piece_id) for act in acts
        )
        ActPerformer.objects.bulk_create(
            ActPerformer(act=copied, performer_id=credit.performer_id, order=credit.order)
            for act, copied in zip(acts, copied_acts, strict=True)
            for credit in act.credits.all()
        )
    return copy


def merge_performers(kept: Performer, merged: Iterable[Performer]) -> int:
    """Make ``merged`` records of one person ``kept``: their acts bill ``kept``, they go.

    An act that billed both keeps one credit, at the earlier of the two places. Returns how
    many acts the merged records were billed in (all of them now bill ``kept``).
    """
    merged = [performer for performer in merged if performer.pk != kept.pk]
    with transaction.atomic():
        their_acts = ActPerformer.objects.filter(performer__in=merged).values("act")
        credits = ActPerformer.objects.filter(act__in=their_acts, performer__in=[kept, *merged])
        first_in_act, dropped = {}, []
        for credit in credits.order_by("act", "order", "pk"):
            if credit.act_id in first_in_act:
                dropped.append(credit.pk)
            else:
                first_in_act[credit.act_id] = credit
        ActPerformer.objects.filter(pk__in=dropped).delete()
        ActPerformer.objects.filter(pk__in=[c.pk for c in first_in_act.values()]).update(
            performer=kept
        )
        rows_changed(Performer, [kept.pk])  # the programmes that bill them now bill ``kept``
        # Their addresses, and those they had taken over before, now lead to ``kept``.
        FormerPerformerSlug.objects.filter(performer__in=merged).update(performer=kept)
        FormerPerformerSlug.objects.filter(slug__in=[p.slug for p in merged]).delete()
        FormerPerformerSlug.objects.bulk_create(
            FormerPerformerSlug(slug=performer.slug, performer=kept) for performer in merged
        )
        Performer.objects.filter(pk__in=[performer.pk for performer in merged]).delete()
    return len(first_in_act)
