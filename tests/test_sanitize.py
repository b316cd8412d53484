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
