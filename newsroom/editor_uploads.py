"""CKEditor's image upload, behind the same checks as the photo fields (``newsroom.uploads``).

The only upload route under /ckeditor/: django-ckeditor's own views are not routed (its
upload stored whatever was named like an image, byte for byte, and wrote the request's
``CKEditorFuncNum`` into a script). A picture that passes is stored re-encoded without
its metadata (``newsroom.images``: no EXIF GPS reaches a reader) and no wider than the
largest rendition of a photo, since a picture in the text is never shown wider.
"""

import posixpath
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escapejs
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.permissions import may_upload_editor_images

from .images import LARGE_WIDTH, clean_image
from .uploads import validate_image

# Of the stored name's stem: the storage's "_abc1234" for a taken name must still fit.
MAX_STEM_LENGTH = 80


@csrf_exempt  # CKEditor 4 posts no token; SameSite=Lax keeps other sites' posts logged out
@xframe_options_sameorigin  # the upload dialog reads the answer in a frame of the admin page
@require_POST
@staff_member_required
def editor_image_upload(request):
    """Store an image that passes ``validate_image``, cleaned; refuse anything else."""
    if not may_upload_editor_images(request.user):
        raise PermissionDenied
    uploaded = request.FILES.get("upload")
    try:
        if uploaded is None:
            raise ValidationError(_("No file was uploaded."))
        validate_image(uploaded)
    except ValidationError as error:
        return ckeditor_answer(request, error=" ".join(error.messages))
    cleaned = clean_image(uploaded)
    stem = slugify(PurePosixPath(uploaded.name).stem)[:MAX_STEM_LENGTH] or "image"
    name = default_storage.save(
        posixpath.join(
            settings.CKEDITOR_UPLOAD_PATH,
            timezone.localdate().strftime("%Y/%m/%d"),
            stem + cleaned.extension,
        ),
        ContentFile(cleaned.encoded(LARGE_WIDTH)),
    )
    return ckeditor_answer(request, name=name)


def ckeditor_answer(request, *, name: str = "", error: str = "") -> HttpResponse:
    """The stored file ``name`` or the ``error``, as CKEditor 4 expects to be told.

    CKEditor uploads by XHR and reads JSON; where it posts the dialog's form instead, it
    names a callback by number (``CKEditorFuncNum``) and runs the answer in a frame. A
    "number" that is not ASCII digits gets JSON, so nothing the request brings reaches a
    script. Both answer 200: on any other status CKEditor shows a generic HTTP error
    instead of the message.
    """
    url = default_storage.url(name) if name else ""
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isascii() and func_num.isdigit():
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '{escapejs(url)}', '{escapejs(error)}');</script>"
        )
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}})
    return JsonResponse({"uploaded": 1, "fileName": PurePosixPath(name).name, "url": url})
