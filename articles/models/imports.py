"""What the import found odd in an issue's text, kept for the editors to settle."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .issues import Issue, Page


class ImportWarning(models.Model):
    """Something the importer found odd in an issue's text, kept until an editor settles it.

    Written by each import of a page: a warning that comes again (same page, article
    position, kind and text) keeps its row and whether it was resolved, and importing one
    page leaves the others' warnings alone.
    """

    # The kinds of warning the import's parser writes, as editors read them; a kind not
    # listed shows as itself.
    KIND_LABELS = {
        "duplicate-text": _("a passage printed twice (check the column breaks)"),
        "text-outside-article": _("text outside any article"),
        "headline-without-body": _("a headline without text"),
        "act-without-date": _("an act under no programme date"),
        "bad-date": _("a date that does not exist"),
    }

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="import_warnings",
        verbose_name=_("issue"),
        db_index=False,  # import_warning_open leads with it
    )
    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_warnings",
        verbose_name=_("page"),
        help_text=_("The page whose file the warning is about."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_warnings",
        verbose_name=_("article"),
    )
    position = models.PositiveSmallIntegerField(
        _("article position"), help_text=_("In the imported file; 0 for text outside articles.")
    )
    kind = models.CharField(_("kind"), max_length=50)
    text = models.TextField(_("text"))
    resolved = models.BooleanField(
        _("resolved"), default=False, help_text=_("Tick once the text has been mended or checked.")
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["issue", "page__number", "position", "pk"]
        verbose_name = _("import warning")
        verbose_name_plural = _("import warnings")
        indexes = [models.Index(fields=["issue", "resolved"], name="import_warning_open")]

    def __str__(self):
        return f"{self.kind}: {self.text}"

    @property
    def kind_label(self) -> str:
        """The warning's kind in the editor's language."""
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def key(self) -> tuple[int, str, str]:
        """What makes a warning the same one when its page is imported again."""
        return (self.position, self.kind, self.text)

    def mark(self, resolved: bool, user) -> None:
        """Record who settled the warning and when, or forget it when it is reopened."""
        self.resolved = resolved
        self.resolved_by = user if resolved else None
        self.resolved_at = timezone.now() if resolved else None
