"""What the operator reads of an import's plan: the dry run's summary and the refusal's one line."""

import datetime

import pytest

from articles.models import Article, Issue, Page
from events.models import Performance

from .factories import make_performance
from .helpers import (
    corrected_copy,
    edit,
    refused_import,
    run_import,
    save_as,
    with_fourth_retitled,
    without_fifth,
)
from .seed_expectations import SEED, SEED_DATE, SEED_TEXT, SEED_TITLES

pytestmark = pytest.mark.django_db

INFERRED_DATE = "2022-08-23"  # what the seed's text gives without --date
FOURTH, FIFTH = SEED_TITLES[3:5]
PROGRAMME = "“解放小剧场” 场场都精彩"
HEAD = "000_9095635fa0921b51.txt: would import issue {date} page 1 with {n} articles (utf-8); "
WARNINGS = [  # the seed's sixth article repeats two passages of another
    "  warning: article {n} duplicate-text: 就往哪里流、项目就在哪里建、产业就在哪里兴",
    "  warning: article {n} duplicate-text: 权,必须在打造“你无我有、你有我优”的营商环境上下功夫。",
]
INFERRED = (
    "000_9095635fa0921b51.txt: issue date 2022-08-23 inferred from the text (year from the "
    "years it mentions, day from its latest dateline); give --date to set it."
)


def dry_run(*args) -> list[str]:
    """The lines the command's dry run prints."""
    return run_import(*args, "--dry-run").splitlines()


def head(date=SEED_DATE, n=9) -> str:
    return HEAD.format(date=date, n=n) + "nothing written."


def warnings(n=6) -> list[str]:
    return [line.format(n=n) for line in WARNINGS]


def with_fourth_by_another_reporter(text=SEED_TEXT) -> str:
    return edit(text, "(记者翟倩倩)8月19日", "(记者詹长松)8月19日")


def with_an_act_recast(text=SEED_TEXT) -> str:
    """The programme of 2022-09-03 with another partner in its fifth act."""
    return edit(text, "相声《小红帽》 展奇 张鑫", "相声《小红帽》 展奇 杨森")


def article(position: int) -> Article:
    return Article.objects.get(issue__date=SEED_DATE, position=position)


@pytest.fixture
def seed(db):
    """The seed page imported as the issue of 2022-08-25, published."""
    run_import(SEED, "--date", SEED_DATE)
    return Issue.objects.get(date=SEED_DATE)


# The dry run's summary ------------------------------------------------------------------------


def test_a_dry_run_of_a_new_issue_names_what_it_would_import_without_listing_each_article():
    assert dry_run(SEED, "--date", SEED_DATE) == [head(), *warnings()]


def test_a_dry_run_without_a_date_first_says_the_date_was_inferred_and_how_to_give_it():
    assert dry_run(SEED) == [INFERRED, head(date=INFERRED_DATE), *warnings()]


def test_a_dry_run_without_a_date_names_the_issue_a_file_of_its_name_is_a_page_of(seed, tmp_path):
    lines = dry_run(corrected_copy(tmp_path, with_fourth_retitled()))
    assert lines[0] == f"{INFERRED} A file of this name is page 1 of the issue of 2022-08-25."


def test_a_dry_run_of_a_file_already_imported_says_nothing_would_change(seed):
    assert dry_run(SEED, "--date", SEED_DATE) == [
        head(),
        "  already imported from this file: nothing would change",
        *warnings(),
    ]


def test_a_dry_run_of_a_file_imported_as_another_dates_issue_says_it_would_be_refused(seed):
    assert dry_run(SEED, "--date", INFERRED_DATE) == [
        head(date=INFERRED_DATE),
        "  refused: already imported as page 1 of the issue of 2022-08-25; importing it as the "
        "issue of 2022-08-23 would print it twice. Give --date 2022-08-25 to import it there, or "
        "delete that issue first.",
        *warnings(),
    ]


def test_a_dry_run_marks_only_the_changes_that_need_replace(seed, tmp_path):
    corrected = corrected_copy(tmp_path, with_fourth_retitled(without_fifth()))
    assert dry_run(corrected, "--date", SEED_DATE) == [
        head(n=8),
        f"  update article 4 “{FOURTH}”: headline",
        "  update article 5 “转变作风 优化环境”: position, source line",
        "  update article 6 “解放区审计局 强化专题业务培训 促进审计质量提升”: "
        "position, source line",
        "  update article 7 “解放区妇联开展暑期儿童关爱服务系列活动”: position, source line",
        f"  update article 8 “{PROGRAMME}”: position, source line",
        f"  delete article 5 “{FIFTH}” (published): needs --replace",
        *warnings(n=5),
    ]


def test_a_dry_run_lists_an_article_a_corrected_file_adds(seed, tmp_path):
    added = (
        "\n# 解放区开展秋季爱国卫生运动\n\n本报讯(记者孙悦)8月24日,解放区开展秋季爱国卫生运动。\n"
    )
    corrected = corrected_copy(tmp_path, SEED_TEXT + added)
    assert dry_run(corrected, "--date", SEED_DATE) == [
        head(n=10),
        "  add article 10 “解放区开展秋季爱国卫生运动”",
        *warnings(),
    ]


@pytest.mark.parametrize(
    ("correct", "written"),
    [
        (with_fourth_by_another_reporter, "bylines"),
        (lambda: with_fourth_retitled(with_fourth_by_another_reporter()), "headline, bylines"),
    ],
    ids=["bylines", "headline-and-bylines"],
)
def test_a_dry_run_names_what_an_update_writes_to_an_article(seed, tmp_path, correct, written):
    corrected = corrected_copy(tmp_path, correct())
    assert dry_run(corrected, "--date", SEED_DATE) == [
        head(),
        f"  update article 4 “{FOURTH}”: {written}",
        *warnings(),
    ]


@pytest.mark.parametrize(("page", "where"), [(2, "moved to page 2"), (None, "taken off its page")])
def test_a_dry_run_keeps_an_article_editors_moved_saying_where_it_went(seed, tmp_path, page, where):
    moved_to = Page.objects.create(issue=seed, number=page) if page else None
    seed.articles.filter(title=FIFTH).update(page=moved_to)
    lines = dry_run(corrected_copy(tmp_path, without_fifth()), "--date", SEED_DATE)
    assert f"  keep article 5 “{FIFTH}” (published, {where})" in lines


def test_a_dry_run_updates_the_acts_of_a_performance_nobody_changed(seed, tmp_path):
    corrected = corrected_copy(tmp_path, with_an_act_recast())
    assert dry_run(corrected, "--date", SEED_DATE) == [
        head(),
        "  update the acts of the performance of 2022-09-03 "
        f"(readers see it, announced in “{PROGRAMME}” (2022-08-25))",
        *warnings(),
    ]


def test_a_dry_run_takes_a_performance_entered_by_hand_without_acts(db):
    make_performance(date=datetime.date(2022, 9, 3), acts=())
    assert dry_run(SEED, "--date", SEED_DATE) == [
        head(),
        "  take the performance of 2022-09-03 (readers see it, entered by hand)",
        *warnings(),
    ]


# The refusal's one line ------------------------------------------------------------------------


def test_a_file_already_imported_as_another_page_of_its_issue_is_refused_naming_both(seed):
    assert refused_import(SEED, "--date", SEED_DATE, "--page", "2") == (
        f"{SEED}: already imported as page 1 of this issue; importing it as page 2 would print "
        "it twice. Import it as page 1 to update it, or delete that page's articles first."
    )


def test_a_refusal_names_every_change_needing_replace_in_the_files_order(seed, members, tmp_path):
    editor = members["编辑"]
    save_as(editor, article(4), body="<p>编辑改过的正文。</p>")
    corrected = corrected_copy(tmp_path, with_fourth_retitled(without_fifth()))
    assert refused_import(corrected, "--date", SEED_DATE) == (
        f"{corrected}: not imported, as it would overwrite article 4 “{FOURTH}” (published, "
        f"changed by {editor.username}); delete article 5 “{FIFTH}” (published). Run again "
        "with --replace to confirm."
    )


def test_a_refusal_says_an_article_changed_without_a_saved_version_changed_since_the_import(
    seed, tmp_path
):
    Article.objects.filter(pk=article(4).pk).update(body="<p>改过的正文。</p>")  # no version
    corrected = corrected_copy(tmp_path, with_fourth_retitled())
    assert refused_import(corrected, "--date", SEED_DATE) == (
        f"{corrected}: not imported, as it would overwrite article 4 “{FOURTH}” (published, "
        "changed since the import). Run again with --replace to confirm."
    )


def test_a_refusal_says_it_would_overwrite_acts_an_editor_changed(seed, members, tmp_path):
    editor = members["编辑"]
    save_as(editor, Performance.objects.get(date=datetime.date(2022, 9, 3)), time=datetime.time(20))
    programme = edit(
        SEED_TEXT, "主要有脱口秀、相声、魔术等表演", "主要有脱口秀、相声、魔术、杂技等表演"
    )
    corrected = corrected_copy(tmp_path, with_an_act_recast(programme))
    assert refused_import(corrected, "--date", SEED_DATE) == (
        f"{corrected}: not imported, as it would overwrite the acts of the performance of "
        f"2022-09-03 (readers see it, announced in “{PROGRAMME}” (2022-08-25), changed by "
        f"{editor.username}). Run again with --replace to confirm."
    )
