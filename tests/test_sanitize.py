"""Rich text is cleaned on every save, whatever path it came by."""

import pytest

from articles.models import Article
from articles.sanitize import clean_html, plain_text

from .factories import make_article

HOSTILE = (
    '<p onclick="steal()">正文<script>alert(1)</script></p>'
    '<a href="javascript:alert(1)">链接</a>'
    '<img src="x.jpg" onerror="alert(1)" alt="图">'
    "<svg><script>alert(1)</script></svg>"
    '<p style="background:url(javascript:alert(1))">样式</p>'
    '<iframe src="https://evil.example"></iframe>'
)


def test_clean_html_removes_scripts_handlers_and_javascript_links():
    cleaned = clean_html(HOSTILE)
    for bad in ("<script", "onclick", "onerror", "javascript:", "<svg", "<iframe", "style="):
        assert bad not in cleaned
    for kept in ("正文", "链接", "样式", 'alt="图"'):
        assert kept in cleaned


def test_clean_html_keeps_the_newsroom_formatting():
    html = (
        "<h2>小标题</h2><p><strong>粗</strong><em>斜</em></p><blockquote><p>引文</p></blockquote>"
        '<ul><li>一</li></ul><ol><li>二</li></ol><p><a href="https://example.org/">链接</a></p>'
    )
    cleaned = clean_html(html)
    for kept in ("<h2>", "<strong>", "<em>", "<blockquote>", "<ul>", "<ol>", "<li>"):
        assert kept in cleaned
    assert 'href="https://example.org/"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


@pytest.mark.django_db
def test_article_body_is_sanitised_when_saved():
    article = make_article(body=HOSTILE)
    stored = Article.objects.get(pk=article.pk).body
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert "正文" in stored


@pytest.mark.django_db
def test_body_saved_with_update_fields_is_sanitised():
    article = make_article()
    article.body = "<p>改</p><script>x()</script>"
    article.save(update_fields=["body"])
    assert Article.objects.get(pk=article.pk).body == "<p>改</p>"


def test_plain_text_decodes_entities_and_keeps_blocks_apart():
    assert plain_text("<p>招商&amp;引资</p><p>营商<br>环境</p><ul><li>一</li><li>二</li></ul>") == (
        "招商&引资 营商 环境 一 二"
    )


# nh3 has defaults of its own for every allowlist clean_html passes: the tests below send
# what only those defaults would let through.


def test_tags_outside_the_allowlist_are_stripped_and_their_text_kept():
    """nh3 alone keeps <h1>, tables and <span>: the paper's headings start at <h2> (the
    page's <h1> is the title), and its articles have neither tables nor styled spans."""
    html = "<h1>标题</h1><table><tr><td>格</td></tr></table><p><span>字</span></p>"
    assert clean_html(html) == "标题格<p>字</p>"


def test_only_the_allowlisted_attributes_of_an_image_are_kept():
    """nh3 alone keeps ``align`` on an image; the page's styles place pictures, not it."""
    html = (
        '<p><img src="/media/uploads/p.png" alt="图" title="说明" width="40" height="30"'
        ' align="left"></p>'
    )
    assert clean_html(html) == (
        '<p><img src="/media/uploads/p.png" alt="图" title="说明" width="40" height="30"></p>'
    )


def test_links_keep_only_web_and_mail_addresses():
    """nh3 alone allows ftp:, tel: and twenty other schemes; ours are http, https and
    mailto. A link to anything else keeps its text and loses its address."""
    html = (
        '<p><a href="ftp://files.example.org/a.pdf">文件</a>'
        '<a href="tel:+8637112345678">电话</a>'
        '<a href="mailto:news@example.org">来信</a></p>'
        '<p><img src="ftp://files.example.org/a.png" alt="图"></p>'
    )
    rel = 'rel="noopener noreferrer nofollow"'
    assert clean_html(html) == (
        f"<p><a {rel}>文件</a><a {rel}>电话</a>"
        f'<a href="mailto:news@example.org" {rel}>来信</a></p>'
        '<p><img alt="图"></p>'
    )


def test_lang_and_title_are_kept_on_every_tag_and_no_other_attribute_is():
    """nh3's generic attributes: ``lang`` tells screen readers and hyphenation which
    language a passage is in (an English quotation in a Chinese article), ``title`` is
    plain text shown on hover. Both are harmless. Classes, ids, styles, handlers and
    ``dir`` are dropped, and a link's ``hreflang`` too."""
    html = (
        '<p lang="en" title="注" class="x" id="y" style="color:red" dir="rtl"'
        ' onmouseover="steal()">Hello</p>'
        '<p><a href="https://example.org/" hreflang="en" lang="en" target="_blank">x</a></p>'
    )
    assert clean_html(html) == (
        '<p lang="en" title="注">Hello</p>'
        '<p><a href="https://example.org/" lang="en" rel="noopener noreferrer nofollow">x</a></p>'
    )
