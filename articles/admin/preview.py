"""Share a draft from the admin: a signed preview link, valid for the days the editor chooses.

Reached from the article's form ("Share preview link…"), by whoever may edit that article.
The link itself is made and read in ``articles.preview``.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import absolute_url
from newsroom.times import to_the_minute

from ..preview import LINK_DAYS, PreviewLink


class PreviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        initial=3,
        widget=forms.RadioSelect,
        help_text=_(
            "Anyone with the link can read the article, as it is at the moment they open it, "
            "until the link expires."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in LINK_DAYS
        ]


def preview_link_view(model_admin):
    """The admin view behind an article's "Share preview link…" (wrapped by ``admin_view``)."""

    def view(request, object_id):
        article = model_admin.get_object(request, unquote(object_id))
        if article is None:
            return model_admin._get_obj_does_not_exist_redirect(
                request, model_admin.opts, object_id
            )
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        form = PreviewLinkForm(request.POST or None)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": article,
            "title": gettext("Share a preview link"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            link = PreviewLink.make(article, form.cleaned_data["days"])
            model_admin.log_change(
                request,
                article,
                gettext("Made a preview link that works until %(time)s.")
                % {"time": to_the_minute(link.expires)},
            )
            context["link"] = link
            context["link_url"] = absolute_url(link.get_absolute_url())
        return TemplateResponse(request, "admin/articles/article/preview_link.html", context)

    return view
