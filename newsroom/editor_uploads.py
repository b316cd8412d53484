"""CKEditor's image upload, behind the same checks as the photo fields (``newsroom.uploads``).

django-ckeditor's own view looks at the file name only; this one refuses first, in the
form CKEditor shows to the editor, and hands what passes to it.
"""

import json

from ckeditor_uploader.views import upload as ckeditor_upload
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt

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
