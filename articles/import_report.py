"""The import report in the editor's language.

``manage.py import_issue`` prints ``ImportReport.summary()``, English operator output; the
admin tells editors the same things through gettext, in the language of their interface.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.importing.loader import ImportReport
from newsroom.importing.parser import ParseWarning

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
    "unchanged": _("%(count)d unchanged"),
}
WARNINGS = {
    "duplicate-text": _("a passage printed twice (check the column breaks)"),
    "text-outside-article": _("text outside any article"),
    "headline-without-body": _("a headline without text"),
    "act-without-date": _("an act under no programme date"),
    "bad-date": _("a date that does not exist"),
}


def describe_warning(warning: ParseWarning) -> str:
    """One line an editor can act on: which article, what is wrong, the text concerned."""
    kind = WARNINGS.get(warning.kind, warning.kind)
    if warning.article:
        return gettext("Article %(position)d: %(kind)s: %(text)s") % {
            "position": warning.article,
            "kind": kind,
            "text": warning.text,
        }
    return gettext("In the issue: %(kind)s: %(text)s") % {"kind": kind, "text": warning.text}


def describe_outcome(report: ImportReport, file_name: str) -> str:
    """What the import did, in one sentence."""
    context = {"file": file_name, "date": date_format(report.issue_date)}
    if report.already_imported:
        return (
            gettext(
                "%(file)s: the issue of %(date)s was already imported from this file; "
                "nothing changed."
            )
            % context
        )
    if not report.changed:
        return (
            gettext(
                "%(file)s: the issue of %(date)s is unchanged: the file holds what was already "
                "imported."
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
    return gettext("%(file)s: the issue of %(date)s imported: %(counts)s.") % {
        **context,
        "counts": gettext("; ").join(parts),
    }
