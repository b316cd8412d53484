"""newsroom/printed_pages.py: a page's PDF checked, drawn, and its stories found on it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from newsroom.printed_pages import (
    MAX_PDF_BYTES,
    Rect,
    Story,
    find_regions,
    render_page,
    validate_page_pdf,
)

from .helpers import page_pdf

STORIES = [
    (
        "解放区以企招商云推介暨项目签约仪式举行",
        "本报讯(记者 詹长松)8月23日，解放区举行以企招商云推介活动。" * 4,
    ),
    (
        "民主路街道开展消防安全检查",
        "近日，民主路街道联合消防救援站对辖区沿街商铺开展消防安全检查。" * 3,
    ),
    ("转变作风 优化环境", "优化营商环境，服务效能是关键，要把服务做到企业心坎上。" * 5),
    ("七百间街道举办端午节活动", "七百间街道组织辖区居民开展包粽子活动，邻里之间其乐融融。" * 2),
]


def upload(data: bytes, name="page.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture(scope="module")
def printed():
    return page_pdf(STORIES)


@pytest.fixture(autouse=True)
def in_english():
    """Refusals read in English (the msgids), whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        validate_page_pdf(upload(data))
    return refused.value


# Checked ------------------------------------------------------------------------------------


def test_a_page_pdf_is_accepted(printed):
    validate_page_pdf(upload(printed[0]))


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n",
        b"",
        Image.new("RGB", (10, 10)).tobytes(),
    ],
    ids=["html", "header-only", "empty", "pixels"],
)
def test_what_is_not_a_pdf_is_refused(data):
    error = refusal(data)
    assert error.code == "not_a_pdf"
    assert error.messages == ["The file is not a whole PDF, or it is protected by a password."]


def test_a_truncated_pdf_is_refused(printed):
    assert refusal(printed[0][: len(printed[0]) // 2]).code == "not_a_pdf"


def test_a_pdf_with_a_password_is_refused():
    data, _boxes = page_pdf(STORIES, encrypt="secret")
    assert refusal(data).code == "not_a_pdf"


def test_a_pdf_of_two_pages_is_refused():
    data, _boxes = page_pdf(STORIES, pages=2)
    error = refusal(data)
    assert error.code == "pages"
    assert error.messages == ["The PDF has 2 pages; attach each printed page on its own."]


@pytest.mark.parametrize("size", [(100, 100), (842, 199), (3001, 842)])
def test_a_page_of_no_printed_size_is_refused(size):
    data, _boxes = page_pdf(STORIES[:1], size=size)
    error = refusal(data)
    assert error.code == "page_size"
    assert error.messages == [
        f"The PDF's page is {size[0]} × {size[1]} points: not a printed page."
    ]


@pytest.mark.parametrize("size", [(200, 200), (3000, 3000)])
def test_the_page_size_limits_are_inclusive(size):
    data, _boxes = page_pdf([], size=size)
    validate_page_pdf(upload(data))


def test_a_pdf_over_the_size_limit_is_refused_before_it_is_read(printed):
    file = upload(printed[0])
    file.size = MAX_PDF_BYTES + 1
    with pytest.raises(ValidationError) as refused:
        validate_page_pdf(file)
    assert refused.value.code == "too_large"
    assert refused.value.messages == [
        "The file is 32.0\xa0MB; a page's PDF may be at most 32.0\xa0MB."
    ]
    file.size = MAX_PDF_BYTES
    validate_page_pdf(file)


# Drawn --------------------------------------------------------------------------------------


def test_the_page_is_drawn_as_a_jpeg_of_the_pages_proportions(printed):
    data = render_page(upload(printed[0]), width=600)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.width == 600
        assert image.height == pytest.approx(600 * 1191 / 842, abs=1)
        assert image.convert("L").getpixel((599, 1)) > 250  # white, not transparent black
        assert image.convert("L").getextrema()[0] < 80  # the text is drawn


# Found --------------------------------------------------------------------------------------


def test_each_storys_region_contains_its_headline(printed):
    data, boxes = printed
    stories = [Story(n, headline, (body,)) for n, (headline, body) in enumerate(STORIES)]
    found = find_regions(upload(data), stories)
    for n, (headline, _body) in enumerate(STORIES):
        region = found[n]
        drawn = Rect(*boxes[headline])
        inner = Rect(drawn.left + 0.002, drawn.top + 0.002, drawn.width - 0.004, 0.01)
        assert region.contains(inner), (headline, region, drawn)
        assert region.left >= 0 and region.left + region.width <= 1
        assert region.top >= 0 and region.top + region.height <= 1


def test_a_region_reaches_down_to_the_storys_last_words(printed):
    data, boxes = printed
    headline, body = STORIES[0]
    region = find_regions(upload(data), [Story(1, headline, (body,))])[1]
    assert region.height > 5 * boxes[headline][3]  # the body's lines, not the headline alone
    assert region.top + region.height < 0.55  # and not the story under it


def test_a_story_not_on_the_page_has_no_region(printed):
    found = find_regions(upload(printed[0]), [Story(7, "不在这一版上的标题", ("正文",))])
    assert found == {7: None}


def test_a_headline_stored_with_spaces_and_line_breaks_is_found():
    data, _boxes = page_pdf([("解放区部署防汛", "正文。")])
    found = find_regions(upload(data), [Story(1, "解放区 部署\n防汛", ())])
    assert found[1] is not None


def test_a_story_found_by_its_headline_alone_when_its_text_is_not(printed):
    headline = STORIES[1][0]
    found = find_regions(upload(printed[0]), [Story(1, headline, ("这些字不在版面上",))])
    assert found[1].contains(Rect(*printed[1][headline][:2], 0.01, 0.01))
