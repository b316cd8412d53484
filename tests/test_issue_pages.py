"""An issue of many pages, imported page by page (docs/seed-format.md, "Issues of many pages").

The unit of an import is the printed page: importing page 2 adds page 2 and never touches
page 1; importing a page again replaces what that page's import made, and nothing else. A
folder is one issue, a file per page; a page header on a file's first line places it.
"""

import datetime
import json
import shutil
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from PIL import Image

from articles.models import Article, Author, ImportWarning, Issue, Page

from .factories import make_article, make_issue
from .helpers import page_pdf
from .seed_expectations import SAMPLES, SEED

pytestmark = pytest.mark.django_db

DATE = datetime.date(2022, 8, 25)
COMMUNITY = (SAMPLES / "variant_columns.txt").read_text(encoding="utf-8")  # 7 articles
COMMENTARY = (SAMPLES / "variant_series.txt").read_text(encoding="utf-8")  # 7 articles
HEADER = "2022年8月25日 星期四 第3版 评论 责任编辑：张三"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_issue", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> str:
    with pytest.raises(CommandError) as failure:
        run(*args)
    return str(failure.value)


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    """An issue as the typesetting system exports it: a folder of its date, a file a page."""
    issue = tmp_path / DATE.isoformat()
    issue.mkdir()
    shutil.copy(SEED, issue / "01.txt")
    write(issue / "02-社区新闻.txt", COMMUNITY)
    write(issue / "03-评论.txt", COMMENTARY)
    return issue


def page_rows(issue) -> dict[int, tuple[str, list[str]]]:
    """Each page's name and its articles' headlines in position order."""
    return {
        page.number: (page.name, [a.title for a in page.articles.order_by("position")])
        for page in issue.pages.order_by("number")
    }


def snapshot(page: Page) -> list[tuple]:
    """Everything an import could touch of a page's articles, their versions included."""
    return [
        (a.pk, a.position, a.title, a.body, a.updated, a.search_title, a.history.count())
        for a in page.articles.order_by("pk")
    ]


# ---------------------------------------------------------------------------------------------
# A folder is an issue.


def test_a_folder_of_three_pages_is_one_issue_of_three_pages(folder):
    out, _err = run(folder)
    issue = Issue.objects.get()
    assert issue.date == DATE  # the folder's name
    rows = page_rows(issue)
    assert list(rows) == [1, 2, 3]
    assert rows[2][0] == "社区新闻" and rows[3][0] == "评论"
    assert len(rows[1][1]) == 9 and len(rows[2][1]) == 7 and len(rows[3][1]) == 7
    assert "民主路街道开展消防安全检查" in rows[2][1]
    assert rows[3][1][0] == "提升服务效能"
    positions = list(issue.articles.values_list("position", flat=True))
    assert len(set(positions)) == 23
    assert "2022-08-25/02-社区新闻.txt: issue 2022-08-25 page 2 (社区新闻) imported" in out
    assert set(issue.pages.values_list("source_file", flat=True)) == {
        "2022-08-25/01.txt",
        "2022-08-25/02-社区新闻.txt",
        "2022-08-25/03-评论.txt",
    }


def test_a_folder_imported_again_changes_nothing(folder):
    run(folder)
    before = {page.number: snapshot(page) for page in Page.objects.all()}
    out, _err = run(folder)
    assert out.count("already imported from this file; nothing changed") == 3
    assert {page.number: snapshot(page) for page in Page.objects.all()} == before


def test_a_page_missing_in_the_middle_is_said_and_the_others_keep_their_numbers(folder):
    (folder / "02-社区新闻.txt").unlink()
    _out, err = run(folder)
    assert f"{folder}: no file for page 2; the others keep their numbers" in err
    assert list(page_rows(Issue.objects.get())) == [1, 3]


@pytest.mark.parametrize("second", ["02.txt", "2-社区.txt", "02_社区新闻.TXT"])
def test_two_files_of_one_page_in_a_folder_import_nothing(folder, second):
    write(folder / second, COMMENTARY)
    message = run_failing(folder)
    assert "are both page 2; nothing imported" in message
    assert "02-社区新闻.txt" in message
    assert not Issue.objects.exists()


@pytest.mark.parametrize("name", ["page2.txt", "社区新闻.txt", "100-x.txt"])
def test_a_folder_file_not_named_by_its_page_imports_nothing(folder, name):
    write(folder / name, COMMENTARY)
    message = run_failing(folder)
    assert message == (
        f"{folder / name}: a folder's files are named by their page number (01.txt, "
        "02-社区新闻.txt); nothing imported"
    )
    assert not Issue.objects.exists()


def test_page_zero_in_a_folder_imports_nothing(folder):
    write(folder / "00.txt", COMMENTARY)
    assert run_failing(folder) == f"{folder}/00.txt: page numbers start at 1; nothing imported"
    assert not Issue.objects.exists()


def test_a_folder_of_any_name_takes_its_date_from_the_dates_file(tmp_path, folder):
    renamed = folder.rename(tmp_path / "第2345期")
    dates = write(tmp_path / "dates.tsv", "第2345期\t2022-09-01\n")
    run(renamed, "--dates", dates)
    assert Issue.objects.get().date == datetime.date(2022, 9, 1)


def test_notes_beside_the_pages_are_not_pages(folder):
    write(folder / "README.md", "排版说明")
    run(folder)
    assert Page.objects.count() == 3


# ---------------------------------------------------------------------------------------------
# Importing a page never touches another.


def test_page_2_after_page_1_adds_a_page_and_leaves_page_1_as_it_is(folder):
    """The fault reported: the second page's file replaced the first ("6 deleted")."""
    run(folder / "01.txt", "--date", DATE)
    first = Page.objects.get()
    warning = first.import_warnings.first()
    warning.resolved = True
    warning.save()
    before = snapshot(first)
    out, _err = run(folder / "02-社区新闻.txt", "--date", DATE, "--page", 2)
    assert "page 2 imported: articles 7 created" in out
    assert "deleted" not in out
    assert snapshot(first) == before
    assert ImportWarning.objects.get(pk=warning.pk).resolved  # page 1's warnings are its own
    assert Article.objects.count() == 16


def test_page_1_imported_after_page_2_leaves_page_2_as_it_is(folder):
    run(folder / "02-社区新闻.txt", "--date", DATE, "--page", 2)
    second = Page.objects.get()
    before = snapshot(second)
    run(folder / "01.txt", "--date", DATE, "--page", 1)
    assert snapshot(second) == before
    issue = Issue.objects.get()
    assert list(page_rows(issue)) == [1, 2]
    assert len(set(issue.articles.values_list("position", flat=True))) == 16


def test_a_corrected_page_replaces_what_that_page_made_and_nothing_else(folder):
    run(folder)
    pages = {page.number: page for page in Page.objects.all()}
    untouched = {n: snapshot(pages[n]) for n in (1, 3)}
    corrected = COMMUNITY.replace(
        "# 基层动态", "# 基层动态\n\n## 新增一条简讯\n\n本报讯 新的内容。", 1
    )
    corrected = corrected.replace("七百间街道举办端午节包粽子活动", "七百间街道举办端午节活动")
    write(folder / "02-社区新闻.txt", corrected)
    # Deleting a published article is confirmed; even so, only page 2's are the import's.
    out, _err = run(folder / "02-社区新闻.txt", "--date", DATE, "--page", 2, "--replace")
    assert "page 2 (社区新闻) imported" in out
    assert {n: snapshot(pages[n]) for n in (1, 3)} == untouched
    titles = page_rows(Issue.objects.get())[2][1]
    assert "新增一条简讯" in titles and "七百间街道举办端午节活动" in titles
    assert "七百间街道举办端午节包粽子活动" not in titles


def test_another_file_for_a_taken_page_needs_replace_and_says_what_it_would_remove(folder):
    run(folder / "01.txt", "--date", DATE)
    message = run_failing(folder / "02-社区新闻.txt", "--date", DATE, "--page", 1)
    assert message.startswith(f"{folder / '02-社区新闻.txt'}: not imported, as it would ")
    assert "imported from another file" in message and "--replace" in message
    assert Article.objects.count() == 9


def test_the_same_file_as_another_page_of_its_issue_is_refused(folder):
    run(folder / "01.txt", "--date", DATE)
    message = run_failing(folder / "01.txt", "--date", DATE, "--page", 2)
    assert (
        "already imported as page 1 of this issue; importing it as page 2 would print it twice"
        in message
    )
    assert Page.objects.count() == 1 and Article.objects.count() == 9


def test_without_a_page_a_file_is_page_1_as_before(folder):
    run(folder / "01.txt", "--date", DATE)
    assert Page.objects.get().number == 1


# ---------------------------------------------------------------------------------------------
# A page header places its file.


def test_a_page_header_places_its_file_and_is_no_article(tmp_path):
    path = write(tmp_path / "export.txt", f"{HEADER}\n\n{COMMENTARY}")
    out, _err = run(path)  # no --date: the header prints it
    page = Page.objects.get()
    assert (page.issue.date, page.number, page.name, page.editor) == (DATE, 3, "评论", "张三")
    assert "issue 2022-08-25 page 3 (评论) imported" in out
    assert page.articles.count() == 7
    assert not Article.objects.filter(title__contains="第3版").exists()
    assert not Author.objects.filter(name="张三").exists()  # 责任编辑 is no byline
    assert not ImportWarning.objects.filter(kind="text-outside-article").exists()


def test_a_header_that_agrees_with_page_adds_its_editor(tmp_path):
    path = write(tmp_path / "03.txt", f"第3版：评论 责任编辑：李四\n{COMMENTARY}")
    run(path, "--date", DATE, "--page", 3, "--page-name", "评论版")
    page = Page.objects.get()
    assert (page.number, page.name, page.editor) == (3, "评论版", "李四")


def test_a_header_that_contradicts_page_imports_nothing(tmp_path):
    path = write(tmp_path / "x.txt", f"第3版：评论\n{COMMENTARY}")
    message = run_failing(path, "--date", DATE, "--page", 2)
    assert message == f"{path}: its page header names page 3, but it is imported as page 2"
    assert not Issue.objects.exists()


def test_a_header_that_contradicts_its_file_name_in_a_folder_is_not_imported(folder):
    write(folder / "03-评论.txt", f"第4版：评论\n{COMMENTARY}")
    with pytest.raises(CommandError, match="1 of 3 files were not imported"):
        run(folder)
    assert list(page_rows(Issue.objects.get())) == [1, 2]


@pytest.mark.parametrize(
    "header, message",
    [
        ("第0版：评论", "the page header '第0版：评论' names page 0"),
        (
            "2022年2月30日 第3版 评论",
            "the page header '2022年2月30日 第3版 评论' prints no real date",
        ),
    ],
)
def test_an_impossible_page_header_imports_nothing(tmp_path, header, message):
    path = write(tmp_path / "x.txt", f"{header}\n{COMMENTARY}")
    assert run_failing(path, "--date", DATE) == f"{path}: {message}"
    assert not Issue.objects.exists()


def test_a_page_name_editors_gave_is_kept_on_reimport(folder):
    run(folder)
    Page.objects.filter(number=2).update(name="社区")
    write(folder / "02-社区新闻.txt", COMMUNITY.replace("排查整改隐患12处", "排查整改隐患13处"))
    run(folder / "02-社区新闻.txt", "--date", DATE, "--page", 2, "--page-name", "社区新闻")
    assert Page.objects.get(number=2).name == "社区"


def test_a_header_fills_in_a_page_name_and_editor_left_blank_but_not_those_given(tmp_path):
    path = write(tmp_path / "03.txt", COMMENTARY)
    run(path, "--date", DATE, "--page", 3)
    assert (Page.objects.get().name, Page.objects.get().editor) == ("", "")
    write(path, f"{HEADER}\n\n{COMMENTARY}")
    run(path, "--date", DATE, "--page", 3)
    assert (Page.objects.get().name, Page.objects.get().editor) == ("评论", "张三")
    Page.objects.update(editor="王五")
    write(path, f"{HEADER}\n\n{COMMENTARY.replace('。', '！', 1)}")
    run(path, "--date", DATE, "--page", 3)
    assert (Page.objects.get().name, Page.objects.get().editor) == ("评论", "王五")


# ---------------------------------------------------------------------------------------------
# The operator's options.


@pytest.mark.parametrize(
    "args, message",
    [
        (["--page", 0], "--page: pages are numbered 1 to 99"),
        (["--page", 100], "--page: pages are numbered 1 to 99"),
        (["--page-name", "评论"], "--page-name needs --page"),
    ],
)
def test_a_page_option_out_of_range_imports_nothing(args, message):
    assert run_failing(SEED, "--date", DATE, *args) == message
    assert not Issue.objects.exists()


def test_page_names_one_file_only(folder):
    message = "--page names the page of one file; the files of a folder are named by their pages"
    assert run_failing(folder, "--page", 2) == message
    assert run_failing(folder / "01.txt", folder / "03-评论.txt", "--page", 2) == message
    assert not Issue.objects.exists()


def test_page_1_is_the_edge_of_the_range(folder):
    run(folder / "01.txt", "--date", DATE, "--page", 1)
    run(folder / "03-评论.txt", "--date", DATE, "--page", 99)
    assert list(page_rows(Issue.objects.get())) == [1, 99]


def test_the_dry_run_json_names_the_page(tmp_path, folder):
    out, _err = run(folder / "02-社区新闻.txt", "--date", DATE, "--dry-run", "--json")
    assert json.loads(out)["page"] == {"number": 1, "name": None}
    out, _err = run(folder, "--dry-run", "--json")
    assert [r["page"] for r in json.loads(out)] == [
        {"number": 1, "name": None},
        {"number": 2, "name": "社区新闻"},
        {"number": 3, "name": "评论"},
    ]
    header = write(tmp_path / "x.txt", f"{HEADER}\n{COMMENTARY}")
    out, _err = run(header, "--dry-run", "--json")
    assert json.loads(out)["page"] == {"number": 3, "name": "评论"}
    assert not Issue.objects.exists()


def test_the_dry_run_says_which_page_a_file_would_be(folder):
    out, _err = run(folder / "03-评论.txt", "--date", DATE, "--page", 3, "--dry-run")
    assert "would import issue 2022-08-25 page 3 with 7 articles" in out


# ---------------------------------------------------------------------------------------------
# The page as printed, beside its text.

SEED_STORIES = [
    (
        "解放区以企招商“云推介”暨项目签约仪式举行",
        "本报讯(记者 詹长松)8月23日上午，解放区举行以企招商“云推介”暨项目签约仪式。",
    ),
    ("解放区召开十一届区委常委会", "8月22日，区委书记主持召开十一届区委常委会第二十九次会议。"),
]


def test_a_pdf_beside_its_page_draws_the_page_and_places_its_stories(folder, media):
    (folder / "01.pdf").write_bytes(page_pdf(SEED_STORIES)[0])
    out, _err = run(folder)
    page = Page.objects.get(number=1)
    assert page.pdf.name.endswith(".pdf") and page.image.name.endswith(".jpg")
    placed = set(page.regions.values_list("article__title", flat=True))
    assert placed == {title for title, _body in SEED_STORIES}
    assert "page image 1 created" in out
    assert "  not found on the page PDF: 创建全国文明城市典范城市" in out
    assert not Page.objects.get(number=2).pdf


def test_the_same_pdf_again_changes_nothing(folder, media):
    (folder / "01.pdf").write_bytes(page_pdf(SEED_STORIES)[0])
    run(folder)
    page = Page.objects.get(number=1)
    stored = (page.pdf.name, page.image.name, list(page.regions.values_list("pk", "rectangles")))
    out, _err = run(folder)
    page = Page.objects.get(number=1)
    assert (
        page.pdf.name,
        page.image.name,
        list(page.regions.values_list("pk", "rectangles")),
    ) == stored
    assert out.count("already imported from this file; nothing changed") == 3


def test_a_scan_beside_its_page_is_its_image(folder, media):
    Image.new("RGB", (1200, 1700), "white").save(folder / "02.jpg")
    run(folder)
    page = Page.objects.get(number=2)
    assert (page.image_width, page.image_height) == (1200, 1700)
    assert not page.pdf and not page.regions.exists()


def test_page_image_gives_one_files_printed_page(tmp_path, media):
    pdf = tmp_path / "p1.pdf"
    pdf.write_bytes(page_pdf(SEED_STORIES)[0])
    run(SEED, "--date", DATE, "--page-image", pdf)
    assert Page.objects.get().regions.count() == 2


def test_a_page_keeps_its_pdf_through_a_corrected_text_and_takes_a_new_one(tmp_path, media):
    pdf, fewer = tmp_path / "p1.pdf", tmp_path / "p1-fewer.pdf"
    pdf.write_bytes(page_pdf(SEED_STORIES)[0])
    fewer.write_bytes(page_pdf(SEED_STORIES[:1])[0])
    run(SEED, "--date", DATE, "--page-image", pdf)
    attached = Page.objects.get().pdf.name
    corrected = write(
        tmp_path / "corrected" / SEED.name,
        SEED.read_text(encoding="utf-8").replace("其他事项。", "其他重要事项。"),
    )
    out, _err = run(corrected, "--date", DATE, "--page-image", pdf)
    assert "page image 1 unchanged" in out
    assert Page.objects.get().pdf.name == attached
    out, _err = run(corrected, "--date", DATE, "--page-image", fewer)
    assert "already imported from this file; page image 1 updated.\n" in out
    page = Page.objects.get()
    assert page.pdf.name != attached
    assert list(page.regions.values_list("article__title", flat=True)) == [SEED_STORIES[0][0]]


@pytest.mark.parametrize(
    "data, says",
    [
        (
            b"<html>not a pdf</html>",
            "The file is not a whole PDF, or it is protected by a password.",
        ),
        (
            page_pdf(SEED_STORIES, pages=2)[0],
            "The PDF has 2 pages; attach each printed page on its own.",
        ),
    ],
    ids=["html", "two-pages"],
)
def test_a_bad_pdf_imports_nothing_of_its_page(folder, media, data, says):
    (folder / "01.pdf").write_bytes(data)
    with pytest.raises(CommandError, match="1 of 3 files were not imported"):
        run(folder)
    assert list(page_rows(Issue.objects.get())) == [2, 3]
    assert not (media / "pages").exists()


def test_a_bad_page_image_for_one_file_imports_nothing(tmp_path, media):
    bad = write(tmp_path / "p1.jpg", "<svg onload=alert(1)>")
    message = run_failing(SEED, "--date", DATE, "--page-image", bad)
    assert message == f"{SEED}: p1.jpg: The file is not a whole JPEG, PNG, WebP or GIF image."
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    "names, says",
    [
        (["01.pdf", "01.jpg"], "01.jpg and 01.pdf are both the printed page 1; nothing imported"),
        (["封面.jpg"], "a printed page is named by its page number (01.pdf, 02-社区新闻.jpg)"),
        (["04.pdf"], "no text file of page 4; nothing imported"),
    ],
)
def test_printed_pages_that_match_no_page_import_nothing(folder, names, says):
    for name in names:
        (folder / name).write_bytes(b"x")
    assert says in run_failing(folder)
    assert not Issue.objects.exists()


def test_page_image_names_one_file_only(folder, tmp_path):
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"x")
    assert (
        run_failing(folder, "--page-image", pdf) == "--page-image is the printed page of one file"
    )


# ---------------------------------------------------------------------------------------------
# An issue's name, and its pages' articles.


@pytest.mark.parametrize(
    "number, name", [(1234, "Issue of 2022-08-25 (No. 1234)"), (None, "Issue of 2022-08-25")]
)
def test_an_issue_is_named_by_its_date_and_its_number_when_known(number, name):
    with translation.override("en"):
        assert str(Issue(date=DATE, number=number)) == name


def test_an_article_is_put_only_on_a_page_of_its_own_issue():
    issue, other = make_issue(), make_issue()
    article = make_article(issue=issue, page=Page.objects.create(issue=other, number=1))
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    with translation.override("en"):  # read as the msgid
        assert refused.value.message_dict == {"page": ["The page belongs to another issue."]}
    article.page = Page.objects.create(issue=issue, number=1)
    article.full_clean()


def test_a_re_import_adds_no_version_to_the_issues_history(db, tmp_path):
    """Editors' history of the issue lists what people changed: the import recording which
    file the issue now comes from is not a change of theirs."""
    run(SEED, "--date", "2022-08-25")
    issue = Issue.objects.get()
    versions = issue.history.count()
    corrected = tmp_path / SEED.name
    text = SEED.read_text(encoding="utf-8")
    corrected.write_text(text.replace("转变作风 优化环境", "转变作风 优化营商环境"), "utf-8")
    run(corrected, "--date", "2022-08-25")
    issue.refresh_from_db()
    assert issue.source_sha256 != Issue.history.earliest().source_sha256
    assert issue.history.count() == versions
