"""CKEditor's image upload, behind the same checks as the photo fields (``newsroom.uploads``).

django-ckeditor's own view looks at the file name only; this one refuses first, in the
form CKEditor shows to the editor, and hands it what passes, re-encoded without its
metadata (``newsroom.images``: no EXIF GPS reaches a reader) and no wider than the
largest rendition of a photo, since a picture in the text is never shown wider.
"""

import json
from pathlib import PurePosixPath

from ckeditor_uploader.views import upload as ckeditor_upload
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt

from .images import LARGE_WIDTH, clean_image
from .uploads import validate_image


@csrf_exempt  # as django-ckeditor's own view: CKEditor 4's upload dialog posts no token
@xframe_options_sameorigin  # the upload dialog reads the answer in a frame of the admin page
def editor_image_upload(request):
    """Refuse what is not a safe image; let django-ckeditor store the rest."""
    uploaded = request.FILES.get("upload")
    try:
        if uploaded is None:
            raise ValidationError(_("No file was uploaded."))
        validate_image(uploaded)
    except ValidationError as error:
        return editor_upload_refusal(request, " ".join(error.messages))
    cleaned = clean_image(uploaded)
    name = PurePosixPath(uploaded.name).with_suffix(cleaned.extension).name
    request.FILES["upload"] = SimpleUploadedFile(name, cleaned.encoded(LARGE_WIDTH))
    return ckeditor_upload(request)


def editor_upload_refusal(request, message: str) -> HttpResponse:
    """The refusal in the form CKEditor shows: a dialog callback or its JSON protocol.

    Both answer 200, as CKEditor's upload protocol expects: on any other status the
    editor shows a generic HTTP error instead of the message.
    """
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', {json.dumps(message)});</script>"
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}})
