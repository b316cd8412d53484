"""Duplicating a performance and merging performers: the services, then the admin actions."""

import datetime
import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from events.models import Act, ActPerformer, Performance, Performer, Piece
from events.services import duplicate_performance, merge_performers

from .factories import make_article, make_performance, make_staff_user
from .helpers import messages_of

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


def test_a_merged_performers_address_leads_to_the_kept_one(doubles, client):
    kept, merged = performer("展奇"), performer("展琦")
    old_url = merged.get_absolute_url()
    merge_performers(kept, [merged])
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url()


def test_addresses_merged_earlier_follow_a_second_merge(doubles, client):
    first, second, last = performer("展琦"), performer("展 奇"), performer("展奇")
    first_url, second_url = first.get_absolute_url(), second.get_absolute_url()
    merge_performers(second, [first])
    merge_performers(last, [second])
    for url in (first_url, second_url):
        assert client.get(url)["Location"] == last.get_absolute_url()
    assert client.get(reverse("events:performer", kwargs={"slug": "nobody"})).status_code == 404


def test_merge_ignores_the_kept_record_among_the_merged(doubles):
    kept = performer("展奇")
    assert merge_performers(kept, [kept, performer("展琦")]) == 2
    assert Performer.objects.filter(pk=kept.pk).exists()


# The admin: duplicate to another date -------------------------------------------------------


def changelist(model):
    return reverse(f"admin:events_{model._meta.model_name}_changelist")


def choose_action(client, model, action, objects, **answers):
    """Post ``action`` on ``objects`` from the list; with ``answers``, its page's form too."""
    data = {"action": action, admin.helpers.ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    if answers:
        data |= {"apply": "1", **answers}
    else:
        data["index"] = 0  # the list's own action form
    return client.post(changelist(model), data)


def test_duplicate_action_asks_for_the_date_on_a_page_of_its_own(english, show):
    response = choose_action(english, Performance, "duplicate", [show])
    assert response.status_code == 200
    assert response.templates[0].name == "admin/events/performance/duplicate.html"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert str(show) in html
    assert "相声《学小曲》 — 杨森、展奇" in html
    assert f'name="_selected_action" value="{show.pk}"' in html
    assert 'name="date"' in html and 'name="time"' in html
    assert Performance.objects.count() == 1


def test_duplicate_action_copies_and_opens_the_copy(english, show):
    response = choose_action(english, Performance, "duplicate", [show], date="2022-12-24")
    copy = Performance.objects.get(date=RERUN)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_performance_change", args=[copy.pk])
    assert copy.time == show.time  # kept, since no time was given
    assert copy.article is None
    assert bill_of(copy) == bill_of(show)
    assert messages_of(response) == [
        f"“{show}” was copied to {copy} with its acts. No article announces the copy yet."
    ]


def test_duplicate_action_takes_another_time(admin_client, show):
    choose_action(admin_client, Performance, "duplicate", [show], date="2022-12-24", time="14:00")
    assert Performance.objects.get(date=RERUN).time == datetime.time(14, 0)


def test_duplicate_action_refuses_a_taken_date_and_time_and_creates_nothing(english, show):
    make_performance(date=RERUN, time=show.time, acts=())
    response = choose_action(english, Performance, "duplicate", [show], date="2022-12-24")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [TAKEN]
    assert TAKEN in response.content.decode()
    assert Performance.objects.count() == 2
    assert Act.objects.count() == 2


def test_duplicate_action_needs_a_date(english, show):
    response = choose_action(english, Performance, "duplicate", [show], date="24.12.")
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["Enter a valid date."]
    assert Performance.objects.count() == 1


def test_duplicate_action_refuses_several_performances(english, show):
    other = make_performance()
    response = choose_action(english, Performance, "duplicate", [show, other], date="2022-12-24")
    assert response.status_code == 302
    assert response["Location"] == changelist(Performance)
    assert messages_of(response) == [
        "Choose one performance to duplicate; it is copied to one date."
    ]
    assert Performance.objects.count() == 2


PERFORMANCE_EDITOR = ("events.view_performance", "events.change_performance")


def action_choices(client, model):
    """The actions the list offers (none at all: no action form)."""
    action_form = client.get(changelist(model)).context["action_form"]
    return [name for name, _label in action_form.fields["action"].choices] if action_form else []


def test_duplicate_action_needs_the_add_permission(client, show):
    client.force_login(make_staff_user(*PERFORMANCE_EDITOR))
    assert "duplicate" not in action_choices(client, Performance)
    choose_action(client, Performance, "duplicate", [show], date="2022-12-24")
    assert Performance.objects.count() == 1
    client.force_login(make_staff_user(*PERFORMANCE_EDITOR, "events.add_performance"))
    assert "duplicate" in action_choices(client, Performance)


# The admin: merge performers ------------------------------------------------------------------


def test_merge_action_asks_which_record_to_keep(english, doubles):
    records = Performer.objects.filter(name__in=["展奇", "展 奇", "展琦"])
    response = choose_action(english, Performer, "merge", records)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/events/performer/merge.html"
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    rows = re.findall(
        r'<tr>\s*<td><input type="radio" name="kept" value="(\d+)".*?</td>\s*'
        r"<td><label.*?>(.*?)</label></td>\s*<td>(.*?)</td>\s*<td>(\d+)</td>",
        html,
    )
    assert sorted(rows) == sorted(
        (str(record.pk), record.name, record.slug, str(record.credits.count()))
        for record in records
    )
    form = response.context["form"]
    assert form["kept"].initial == performer("展奇")  # billed most: 3 acts
    assert "杨森" not in [str(choice) for choice in form.fields["kept"].queryset]


def test_merge_action_merges_and_says_what_it_did(english, doubles):
    kept = performer("展奇")
    records = [kept, performer("展 奇"), performer("展琦")]
    response = choose_action(english, Performer, "merge", records, kept=kept.pk)
    assert response.status_code == 302
    assert response["Location"] == changelist(Performer)
    assert messages_of(response) == ["展 奇、展琦 merged into 展奇: 4 acts moved over."]
    assert list(Performer.objects.filter(name__startswith="展")) == [kept]
    assert kept.credits.count() == 5


def test_merge_action_refuses_a_single_record(english, doubles):
    response = choose_action(english, Performer, "merge", [performer("展奇")], kept=0)
    assert messages_of(response) == ["Choose two or more records of the same performer to merge."]
    assert Performer.objects.count() == 4


def test_merge_action_keeps_only_a_chosen_record(english, doubles):
    records = [performer("展奇"), performer("展琦")]
    response = choose_action(english, Performer, "merge", records, kept=performer("杨森").pk)
    assert response.status_code == 200
    assert response.context["form"].errors["kept"]
    assert Performer.objects.count() == 4


@pytest.mark.parametrize(
    "permissions",
    [
        ("events.view_performer", "events.change_performer"),
        ("events.view_performer", "events.delete_performer"),
    ],
    ids=["no-delete", "no-change"],
)
def test_merge_action_needs_change_and_delete_permissions(client, doubles, permissions):
    client.force_login(make_staff_user(*permissions))
    assert "merge" not in action_choices(client, Performer)
    records = [performer("展奇"), performer("展琦")]
    choose_action(client, Performer, "merge", records, kept=records[0].pk)
    assert Performer.objects.count() == 4


def test_merge_action_is_offered_to_who_may_change_and_delete_performers(client, doubles):
    editor = ("events.view_performer", "events.change_performer", "events.delete_performer")
    client.force_login(make_staff_user(*editor))
    assert "merge" in action_choices(client, Performer)
    records = [performer("展奇"), performer("展琦")]
    choose_action(client, Performer, "merge", records, kept=records[0].pk)
    assert Performer.objects.count() == 3
