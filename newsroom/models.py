"""The newsroom's own records of its work, which belong to no article or show."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """One saved post of an admin form, known by the token its page carried.

    A form posted again with the same token (a retry after an error page that came after the
    save) is not saved again: ``newsroom.submit_once`` answers with the object it saved.
    Records are kept for a week (``newsroom.submit_once.KEPT_FOR``), then pruned. They are
    shown nowhere, not in the admin either, so their fields have no translated labels.
    """

    token = models.UUIDField(primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # a deleted account leaves its records until they are pruned
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)  # what was saved, as LogEntry names it

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        indexes = [models.Index(fields=["created_at"], name="form_submission_created")]

    def __str__(self):
        return f"{self.token} ({self.content_type.app_labeled_name} {self.object_id})"
