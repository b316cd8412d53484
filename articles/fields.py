"""The rich-text field: a plain text column, cleaned on save, edited with CKEditor.

The editor is chosen in ``formfield`` only, so replacing CKEditor touches this file alone.
"""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.db import models

from .sanitize import clean_html


class RichTextField(models.TextField):
    """HTML that is sanitised with nh3 every time the model is saved."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The editor wins over the admin's plain-textarea default for text fields.
        return super().formfield(**{**kwargs, "widget": CKEditorUploadingWidget})
