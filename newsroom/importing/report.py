"""The import's plan and report in the editor's language, for its admin page (``.admin``).

``manage.py import_issue`` prints ``ImportPlan.summary()`` and ``ImportReport.summary()``,
English operator output; the admin tells editors the same things through gettext, in the
language of their interface. The labels of the warning kinds are the paper's own
(``ImportWarning.KIND_LABELS``): its admin and checklist show the warnings the import kept.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ImportWarning, Section
from articles.states import ArticleStatus

from .loader import ImportReport
from .parser import ParseWarning
from .plan import (
    CREATE,
    DELETE,
    EARLIER_IMPORT,
    INFERRED,
    KEEP,
    LINK,
    REPOINT,
    UNCHANGED,
    UPDATE,
    ArticleChange,
    ImportPlan,
    PerformanceChange,
)

# The loader's names for what it counts, in the order the report tells them, and what it
# counted them as.
RECORDS = {
    "issue": _("issue"),
    "articles": _("articles"),
    "bylines": _("bylines"),
    "authors": _("authors"),
    "column": _("columns"),
    "series": _("series"),
    "programmes": _("programmes"),
    "performances": _("performances"),
    "acts": _("acts"),
    "pieces": _("pieces"),
    "performers": _("performers"),
}
OUTCOMES = {
    "created": _("%(count)d created"),
    "updated": _("%(count)d updated"),
    "deleted": _("%(count)d deleted"),
    "kept": _("%(count)d left as they were"),
    "unchanged": _("%(count)d unchanged"),
}
# What the plan does with an article or a performance, as the preview's table says it.
ACTIONS = {
    CREATE: _("new"),
    UPDATE: _("updated"),
    UNCHANGED: _("unchanged"),
    DELETE: _("deleted"),
    KEEP: _("left as it is"),
    LINK: _("taken from those entered by hand"),
    REPOINT: _("taken from the article that announced it"),
}
REASONS = {
    "corrected": _("corrected"),
    "lead": _("the lead story"),
    "public": _("readers see it"),
    "by-hand": _("entered by hand"),
}


def describe_warning(warning: ParseWarning) -> str:
    """One line an editor can act on: which article, what is wrong, the text concerned."""
    kind = ImportWarning.KIND_LABELS.get(warning.kind, warning.kind)
    if warning.article:
        return gettext("Article %(position)d: %(kind)s: %(text)s") % {
            "position": warning.article,
            "kind": kind,
            "text": warning.text,
        }
    return gettext("In the issue: %(kind)s: %(text)s") % {"kind": kind, "text": warning.text}


def describe_outcome(report: ImportReport, file_name: str) -> str:
    """What the import did, in one sentence."""
    context = {
        "file": file_name,
        "date": date_format(report.issue_date),
        "page": describe_printed_page(report.page),
    }
    if report.already_imported:
        return (
            gettext(
                "%(file)s: %(page)s of the issue of %(date)s was already imported from this "
                "file; nothing changed."
            )
            % context
        )
    if not report.changed:
        return (
            gettext(
                "%(file)s: %(page)s of the issue of %(date)s is unchanged: the file holds what "
                "was already imported."
            )
            % context
        )
    parts, comma = [], gettext(", ")
    # In the order of RECORDS, whichever order the loader counted them in.
    order = list(RECORDS)
    for kind in sorted(report.counts, key=lambda k: order.index(k) if k in order else len(order)):
        counter = report.counts[kind]
        done = [OUTCOMES[o] % {"count": counter[o]} for o in OUTCOMES if counter[o]]
        if done:
            parts.append(f"{RECORDS.get(kind, kind)} {comma.join(done)}")
    return gettext("%(file)s: %(page)s of the issue of %(date)s imported: %(counts)s.") % {
        **context,
        "counts": gettext("; ").join(parts),
    }


def describe_plan(plan: ImportPlan) -> dict:
    """The preview's words for ``plan``: where the file goes and how its date was decided, a
    row per article with what becomes of it, and the work to confirm deleting or overwriting.
    """
    date = date_format(plan.date)
    page = describe_printed_page(plan.target)
    if plan.issue is None:
        destination = gettext("The file makes a new issue of %(date)s: its %(page)s.")
    elif plan.page is None:
        destination = gettext("The file makes a new page of the issue of %(date)s: %(page)s.")
    else:
        destination = gettext(
            "The file goes to the existing issue of %(date)s, %(page)s, in place of what the "
            "import of that page made before."
        )
    destination %= {"date": date, "page": page}
    sections = dict(Section.objects.values_list("slug", "name"))
    return {
        "destination": destination,
        "date_source": _date_source(plan),
        "refusal": _refusal(plan),
        "rows": [
            {
                "change": change,
                "section": sections[change.values["section"]]
                if change.parsed
                else change.article.section.name,
                "title": change.parsed.title if change.parsed else change.article.title,
                "action": describe_action(change),
                "performances": [(p, describe_action(p)) for p in change.performances],
            }
            for change in plan.articles
        ],
        "confirmations": [describe_confirmation(change) for change in plan.confirmations],
    }


def _date_source(plan: ImportPlan) -> str:
    if plan.date_source == EARLIER_IMPORT:
        return gettext(
            "This file was already imported as the issue of %(date)s: it goes there again."
        ) % {"date": date_format(plan.date)}
    if plan.date_source == INFERRED:
        said = gettext("The date was taken from the text; give it above if it is wrong.")
        if plan.same_name is not None:
            said += " " + gettext(
                "A file of this name was imported as page %(page)d of the issue of %(date)s: "
                "give that date if this file is a corrected copy of it."
            ) % {"page": plan.same_name.number, "date": date_format(plan.same_name.issue.date)}
        return said
    return gettext("The date was given.")


def describe_printed_page(page) -> str:
    """第2版 社区新闻, as the paper prints it."""
    number = gettext("page %(number)d") % {"number": page.number}
    return f"{number} {page.name}" if page.name else number


def _refusal(plan: ImportPlan) -> str:
    if plan.imported_as is None:
        return ""
    if plan.imported_as.date == plan.date:
        return gettext(
            "This file is already page %(page)d of this issue: importing it as page %(other)d "
            "would print it twice. Import it as page %(page)d, or delete that page's articles "
            "first."
        ) % {"page": plan.imported_as.file_page, "other": plan.target.number}
    return gettext(
        "This file is already page %(page)d of the issue of %(date)s: importing it as the "
        "issue of %(other)s would print it twice. Give that date, or delete that issue first."
    ) % {
        "page": plan.imported_as.file_page,
        "date": date_format(plan.imported_as.date),
        "other": date_format(plan.date),
    }


def describe_action(change: ArticleChange | PerformanceChange) -> str:
    """What becomes of one article or performance, e.g. "updated: headline, body"."""
    said = str(ACTIONS[change.action])
    if isinstance(change, ArticleChange) and change.action == UPDATE:
        fields = [
            str(
                RECORDS["bylines"]
                if name == "bylines"
                else Article._meta.get_field(name).verbose_name
            )
            for name in change.fields
        ]
        said = gettext("%(action)s: %(fields)s") % {
            "action": said,
            "fields": gettext(", ").join(fields),
        }
    if change.reasons and (change.confirm or change.action not in (CREATE, UPDATE, UNCHANGED)):
        said += gettext(" (%(reasons)s)") % {"reasons": describe_reasons(change.reasons)}
    return said


def describe_confirmation(change: ArticleChange | PerformanceChange) -> str:
    """One line of the work an import would delete or overwrite, and why it is editors'."""
    context = {"reasons": describe_reasons(change.reasons)}
    if isinstance(change, ArticleChange):
        context |= {"position": change.number, "title": change.title}
        if change.action == DELETE:
            return gettext("Article %(position)d “%(title)s” would be deleted (%(reasons)s).") % (
                context
            )
        return gettext("Article %(position)d “%(title)s” would be overwritten (%(reasons)s).") % (
            context
        )
    context["date"] = date_format(change.date)
    said = {
        DELETE: _("The performance of %(date)s would be deleted (%(reasons)s)."),
        UPDATE: _("The acts of the performance of %(date)s would be overwritten (%(reasons)s)."),
        LINK: _(
            "The acts entered by hand for the performance of %(date)s would be replaced "
            "(%(reasons)s)."
        ),
        REPOINT: _(
            "The performance of %(date)s would be taken from the article that announced it "
            "(%(reasons)s)."
        ),
    }[change.action]
    return str(said) % context


def describe_reasons(reasons) -> str:
    """Why something is editors' work, e.g. "Published, changed by 王编辑"."""
    words = []
    for reason in reasons:
        if reason.kind == "status":
            words.append(str(ArticleStatus(reason.detail).label))
        elif reason.kind == "moved":
            words.append(
                gettext("moved to page %(page)s") % {"page": reason.detail}
                if reason.detail
                else gettext("taken off its page")
            )
        elif reason.kind == "changed":
            words.append(
                gettext("changed by %(users)s") % {"users": reason.detail}
                if reason.detail
                else gettext("changed since the import")
            )
        elif reason.kind == "announced":
            words.append(gettext("announced in %(article)s") % {"article": reason.detail})
        elif reason.kind == "other-file":
            words.append(gettext("imported from another file, %(file)s") % {"file": reason.detail})
        else:
            words.append(str(REASONS[reason.kind]))
    return gettext(", ").join(words)
