"""Duplicating a performance and merging performers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import Act, ActPerformer, Performance, Performer, Piece
from events.services import duplicate_performance, merge_performers

from .factories import make_article, make_performance

TAKEN = "This programme already has a performance on that date at that time."
RERUN = datetime.date(2022, 12, 24)


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def show(db):
    """An announced evening of two acts; 杨森 is billed before 展奇, against name order."""
    for name in ("展奇", "杨森"):
        Performer.objects.create(name=name)
    return make_performance(
        article=make_article(),
        time=datetime.time(19, 30),
        acts=(("相声", "学小曲", ("杨森", "展奇")), ("小品", "", ("王丽",))),
    )


def bill_of(performance):
    """(order, piece, performers in billed order) per act."""
    return [
        (act.order, act.piece, [credit.performer.name for credit in act.credits.all()])
        for act in Performance.objects.with_acts().get(pk=performance.pk).acts.all()
    ]


def performer(name):
    return Performer.objects.get(name=name)


def credits_of(act):
    return [(credit.performer.name, credit.order) for credit in act.credits.all()]


# Duplicating ---------------------------------------------------------------------------------


def test_duplicate_copies_the_bill_to_another_date_unannounced(show):
    pieces = Piece.objects.count()
    copy = duplicate_performance(show, date=RERUN, time=datetime.time(14, 0))
    assert copy.pk != show.pk
    assert (copy.programme, copy.date, copy.time) == (show.programme, RERUN, datetime.time(14))
    assert copy.article is None
    assert bill_of(copy) == bill_of(show)
    assert bill_of(copy)[0][2] == ["杨森", "展奇"]
    assert Piece.objects.count() == pieces  # the same pieces, not copies of them
    assert show.acts.count() == 2 and show.article is not None


def test_duplicate_to_a_taken_date_and_time_raises_and_creates_nothing(show, in_english):
    taken = make_performance(date=RERUN, time=show.time, acts=())
    acts, credits = Act.objects.count(), ActPerformer.objects.count()
    with pytest.raises(ValidationError) as refused:
        duplicate_performance(show, date=taken.date, time=taken.time)
    assert refused.value.messages == [TAKEN]
    assert Performance.objects.count() == 2
    assert (Act.objects.count(), ActPerformer.objects.count()) == (acts, credits)


def test_duplicate_to_a_date_already_taken_with_no_time_raises(show, in_english):
    make_performance(date=RERUN, time=None, acts=())
    with pytest.raises(ValidationError, match="no time given"):
        duplicate_performance(show, date=RERUN, time=None)


def test_duplicate_to_the_same_date_at_another_time_is_a_second_performance(show):
    copy = duplicate_performance(show, date=show.date, time=datetime.time(14, 0))
    assert Performance.objects.filter(date=show.date).count() == 2
    assert bill_of(copy) == bill_of(show)


# Merging -------------------------------------------------------------------------------------


@pytest.fixture
def doubles(db):
    """展奇 entered three times (展奇, 展 奇, 展琦), in acts alone, beside others and together."""
    performances = [
        make_performance(acts=(("相声", "学小曲", ("展 奇", "杨森")),)),
        make_performance(acts=(("快板", "", ("展琦",)),)),
        make_performance(acts=(("相声", "报菜名", ("杨森", "展奇", "展 奇")),)),
        make_performance(acts=(("相声", "对春联", ("展琦", "杨森", "展奇")),)),
        make_performance(acts=(("魔术", "", ("展奇",)),)),
    ]
    return [performance.acts.get() for performance in performances]


def test_merge_moves_every_act_to_the_kept_record_and_deletes_the_others(doubles):
    moved = merge_performers(performer("展奇"), [performer("展 奇"), performer("展琦")])
    assert moved == 4
    assert set(Performer.objects.values_list("name", flat=True)) == {"展奇", "杨森"}
    for act in doubles:  # nothing lost: every act of the merged records bills the kept one
        assert "展奇" in [name for name, _order in credits_of(act)]


def test_merge_keeps_one_credit_per_act_at_the_earlier_place(doubles):
    first_billed, alone, after_kept, before_kept, kept_only = doubles
    merge_performers(performer("展奇"), [performer("展 奇"), performer("展琦")])
    assert credits_of(first_billed) == [("展奇", 1), ("杨森", 2)]
    assert credits_of(alone) == [("展奇", 1)]
    assert credits_of(after_kept) == [("杨森", 1), ("展奇", 2)]
    assert credits_of(before_kept) == [("展奇", 1), ("杨森", 2)]
    assert credits_of(kept_only) == [("展奇", 1)]


def test_merge_leaves_other_performers_and_acts_alone(doubles):
    untouched = make_performance(acts=(("小品", "扶不扶", ("王丽", "杨森")),)).acts.get()
    merge_performers(performer("展奇"), [performer("展琦")])
    assert credits_of(untouched) == [("王丽", 1), ("杨森", 2)]
    assert performer("展 奇").credits.count() == 2
    assert Act.objects.count() == 6


def test_merge_ignores_the_kept_record_among_the_merged(doubles):
    kept = performer("展奇")
    assert merge_performers(kept, [kept, performer("展琦")]) == 2
    assert Performer.objects.filter(pk=kept.pk).exists()
