"""Where each story is printed, as editors adjust it: the page image with the regions on it,
a rectangle drawn for a story, a region cleared (``admin/articles/issue/<id>/regions/``).

A region saved here is the editor's (``PageRegion.PlacedBy.EDITOR``): placing the stories
again, when a new PDF comes, never moves it.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from ..fields import validate_rectangles
from ..models import Issue, PageRegion
from ..permissions import may_make_up_issues


def page_regions_view(model_admin):
    """The admin view behind an issue's "Stories on the page images" (wrapped by
    ``admin_view``): one page at a time, ``?page=N``, the first with an image by default."""

    def view(request, object_id):
        issue = get_object_or_404(Issue, pk=object_id)
        if not (
            model_admin.has_change_permission(request, issue) and may_make_up_issues(request.user)
        ):
            raise PermissionDenied
        pages = [page for page in issue.pages.order_by("number") if page.image]
        page = next((p for p in pages if str(p.number) == request.GET.get("page")), None)
        page = page or (pages[0] if pages else None)
        articles = list(page.articles.order_by("position")) if page else []
        regions = {r.article_id: r for r in PageRegion.objects.filter(article__in=articles)}
        errors = {}
        if request.method == "POST" and page is not None:
            wanted, errors = _read(request.POST, articles)
            if not errors:
                changed = _save(page, articles, regions, wanted)
                if changed:
                    model_admin.log_change(
                        request,
                        issue,
                        gettext("Regions on page %(number)d changed: %(titles)s.")
                        % {"number": page.number, "titles": "、".join(changed)},
                    )
                model_admin.message_user(
                    request,
                    gettext("The regions of %(page)s are saved.") % {"page": page}
                    if changed
                    else gettext("Nothing changed."),
                    messages.SUCCESS if changed else messages.INFO,
                )
                return redirect(f"{request.path}?page={page.number}")
        rows = [
            {
                "article": article,
                "region": regions.get(article.pk),
                "value": request.POST.get(f"region-{article.pk}")
                if errors
                else json.dumps(regions[article.pk].rectangles)
                if article.pk in regions
                else "",
                "error": errors.get(article.pk),
            }
            for article in articles
        ]
        return TemplateResponse(
            request,
            "admin/articles/issue/regions.html",
            {
                **model_admin.admin_site.each_context(request),
                "opts": Issue._meta,
                "original": issue,
                "title": gettext("Stories on the page images"),
                "issue": issue,
                "page": page,
                "pages": pages,
                "rows": rows,
                "has_errors": bool(errors),
            },
        )

    return view


def _read(data, articles) -> tuple[dict, dict]:
    """Each story's rectangles as posted (None: cleared), and the errors by story."""
    wanted, errors = {}, {}
    for article in articles:
        raw = (data.get(f"region-{article.pk}") or "").strip()
        if not raw:
            wanted[article.pk] = None
            continue
        try:
            rectangles = json.loads(raw)
            validate_rectangles(rectangles)
        except ValueError:
            errors[article.pk] = gettext("Write the rectangles as [[left, top, width, height]].")
        except ValidationError as exc:
            errors[article.pk] = " ".join(exc.messages)
        else:
            wanted[article.pk] = [[round(float(n), 4) for n in rect] for rect in rectangles]
    return wanted, errors


@transaction.atomic
def _save(page, articles, regions, wanted) -> list[str]:
    """Write what differs; returns the headlines of the stories whose regions changed."""
    changed = []
    for article in articles:
        region, rectangles = regions.get(article.pk), wanted[article.pk]
        if rectangles is None and region is not None:
            region.delete()
        elif rectangles is not None and (region is None or region.rectangles != rectangles):
            PageRegion.objects.update_or_create(
                article=article,
                defaults={
                    "page": page,
                    "rectangles": rectangles,
                    "placed_by": PageRegion.PlacedBy.EDITOR,
                },
            )
        else:
            continue
        changed.append(article.title)
    return changed
