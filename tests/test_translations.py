"""The Simplified Chinese catalogue: complete, compiled, up to date, and what readers get.

The site speaks Chinese by default (LANGUAGE_CODE "zh-hans") and English on request; the
interface strings are English msgids translated in locale/zh_Hans/LC_MESSAGES/django.po.
The compiled django.mo is committed, so these tests need no gettext tools, except the one
that runs makemessages (skipped where xgettext is missing).
"""

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from .seed_expectations import ROOT

LC_MESSAGES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
APPS = ("articles", "events", "newsroom")

# %(name)s, %s, %d and {name}: what code fills in, so a translation must keep every one.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 only, unless plural forms
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header first; obsolete (#~) entries are left out.

    Entries are separated by blank lines; a string may go on over several quoted lines.
    """
    entries = []
    line_number = 0
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = Entry(), None
        for line in block.splitlines():
            line_number += 1
            line = line.strip()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if not line or line.startswith("#"):  # comments, references, obsolete entries
                continue
            match = re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line
            )
            if match:
                name, index, quoted = match.groups()
                key = ("msgstr", int(index or 0)) if name.startswith("msgstr") else (name, None)
            elif line.startswith('"') and key is not None:
                quoted = line  # a continuation of the string above
            else:
                raise AssertionError(f"{path.name}:{line_number}: cannot read {line!r}")
            value = ast.literal_eval(quoted)
            if key[0] == "msgstr":
                entry.msgstr[key[1]] = entry.msgstr.get(key[1], "") + value
            else:
                setattr(entry, key[0], (getattr(entry, key[0]) or "") + value)
        line_number += 1  # the blank line between entries
        if key is not None:  # not a block of comments or obsolete entries only
            entries.append(entry)
    return entries


def messages(path: Path = PO) -> list[Entry]:
    """The translatable entries: everything but the header."""
    return [entry for entry in read_po(path) if entry.msgid]


def test_the_reader_understands_the_po_file_it_checks():
    entries = messages()
    assert len(entries) > 150
    plural = next(e for e in entries if e.msgid == "%(counter)s article found for “%(q)s”.")
    assert plural.msgid_plural == "%(counter)s articles found for “%(q)s”."
    assert set(plural.msgstr) == {0}
    wrapped = next(e for e in entries if e.msgid.startswith("Readers see the issue when"))
    assert wrapped.msgid.endswith("publishes an issue with all its articles from the list.")
    assert "python-format" in wrapped.flags or "%" not in wrapped.msgid


# (a) complete -------------------------------------------------------------------------


def test_header_declares_chinese_with_one_plural_form():
    header = read_po(PO)[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]
    assert "Language: zh_Hans\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = messages()
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not untranslated, f"untranslated: {untranslated}"


def test_plural_entries_have_the_one_chinese_form():
    for entry in messages():
        if entry.msgid_plural is not None:
            assert set(entry.msgstr) == {0}, entry.msgid


def test_translations_keep_every_placeholder():
    for entry in messages():
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for msgstr in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(msgstr)) == expected, entry.msgid


def test_translations_are_chinese():
    """Nothing was left in English by copying the msgid (a separator becomes full-width)."""
    for entry in messages():
        for msgstr in entry.msgstr.values():
            assert re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", msgstr), (
                entry.msgid,
                msgstr,
            )


# (b) compiled ---------------------------------------------------------------------------


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["plural-forms"] == "nplurals=1; plural=0;"
    for entry in messages():
        if entry.msgctxt is not None:
            got = compiled.pgettext(entry.msgctxt, entry.msgid)
            assert got == entry.msgstr[0], entry.msgid
        elif entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid
        else:
            for n in (1, 2, 5):
                got = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                assert got == entry.msgstr[0], (entry.msgid, n)
    # and nothing more: a string dropped from the .po is not still served from the .mo
    compiled_ids = {key if isinstance(key, str) else key[0] for key in compiled._catalog}
    assert len(compiled_ids) == len(messages()) + 1  # + 1: the header


# (c) up to date -------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_marked_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the apps, so the repository is never written to.

    (makemessages writes a temporary .py next to every template it reads, and its .po
    into LOCALE_PATHS; both happen inside tmp_path here.)
    """
    for app in APPS:
        shutil.copytree(
            ROOT / app,
            tmp_path / app,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "static", "*.pyc"),
        )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], verbosity=0)

    fresh = messages(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    catalogue = {(e.msgctxt, e.msgid, e.msgid_plural) for e in messages()}
    missing = [e.msgid for e in fresh if (e.msgctxt, e.msgid, e.msgid_plural) not in catalogue]
    assert len(fresh) > 150
    assert not missing, (
        f"not in {PO.relative_to(ROOT)}: {missing}; run `manage.py makemessages -l zh_Hans "
        "--ignore=.venv --ignore=tests --ignore=staticfiles --ignore=mutants`, translate, "
        "compilemessages"
    )


# (d) what readers and editors see -------------------------------------------------------


def test_the_site_is_chinese_by_default(client, front_page):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    for chinese in ("记者", "往期回顾", "首页", "阅读本期全部", "演出安排", "切换语言"):
        assert chinese in html, chinese
    for english in ("Reporter", "Past issues", "Read the whole issue", "Change language"):
        assert english not in html, english
    assert front_page["lead"].title in html and "詹长松" in html


def test_browsers_that_ask_for_english_get_english(client, front_page):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    for english in ("Reporter", "Past issues", "Home", "Read the whole issue"):
        assert english in html, english
    assert "往期回顾" not in html and "记者" not in html
    assert front_page["lead"].title in html  # content stays as printed


def test_the_article_page_is_chinese(client, front_page):
    html = client.get(front_page["lead"].get_absolute_url()).content.decode()
    assert "记者" in html
    assert f"{front_page['issue'].date:%Y}年" in html  # Django's own Chinese date format
    assert "期" in html


def test_the_admin_login_page_is_chinese_by_default(client, db):
    html = client.get(reverse("admin:login")).content.decode()
    assert "解放区报 · 编辑部" in html
    assert "登录" in html
    english = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "解放区报 · Newsroom" in english and "Log in" in english


def test_the_admin_names_the_papers_models_in_chinese(admin_client, front_page):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for chinese in ("内容管理", "文章", "期次", "版块", "栏目", "演出安排", "演出场次", "演员"):
        assert chinese in html, chinese
    changelist = admin_client.get(reverse("admin:articles_issue_changelist")).content.decode()
    assert "发布所选期次" in changelist and "读者可见" in changelist


def test_issue_names_itself_in_the_active_language(front_page):
    issue = front_page["issue"]
    with translation.override("zh-hans"):
        assert str(issue) == f"{issue.date.isoformat()} 第1234期"
    with translation.override("en"):
        assert str(issue) == f"Issue of {issue.date.isoformat()} (No. 1234)"


def test_the_language_form_switches_the_next_page_to_english(client, front_page):
    assert "往期回顾" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Past issues" in html and "Reporter" in html
    assert "往期回顾" not in html

    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "往期回顾" in client.get(reverse("home")).content.decode()


# Words of more than one English word: a sentence or a label, not a name or a code (a slug).
ENGLISH_WORDS = re.compile(r"\b[A-Za-z][a-z]+(?:[ '’][A-Za-z]+)+\b")
MARKUP = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S)
# django-axes names its log records in English, with the login they are of.
RECORD_NAMES = re.compile(r"Access Log for \w+")


def test_the_admin_speaks_chinese_on_every_page(client, front_page):
    """Every list, add, change and history page of every model, and the index, as a
    superuser (who sees them all) reading zh-hans: no English but names and codes, including
    what the libraries show (Django's newer strings, django-axes, permissions' names)."""
    client.force_login(User.objects.create_superuser("root", password="x" * 20))
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        urls += [
            reverse(f"{name}_{page}", args=[obj.pk])
            for obj in model.objects.all()[:1]
            for page in ("change", "history")
        ]
    english = {}
    for url in urls:
        response = client.get(url, headers={"accept-language": "zh-hans"})
        assert response.status_code in {200, 403}, url  # axes' records are added by logins only
        if response.status_code == 403:
            continue
        text = RECORD_NAMES.sub("", MARKUP.sub(" ", response.content.decode()))
        if found := ENGLISH_WORDS.findall(text):
            english[url] = sorted(set(found))
    assert english == {}
    assert len(urls) > 50
