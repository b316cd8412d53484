"""Hostile HTML, in the style of OWASP's XSS filter evasion cheat sheet, and hostile uploads,
in one place.

Each vector, if it ever ran, would open a dialog or log a console message containing its
marker ``XSS-NN``; the browser tests watch for both. Every vector fits the shortest text
field an editor fills (a piece's form: 50 characters), so each one goes into every field.
"""

import gzip

from django.core.files.uploadedfile import SimpleUploadedFile

from newsroom.uploads import MAX_UPLOAD_BYTES

from .helpers import image_file

VECTORS = [
    "<script>alert('XSS-01')</script>",
    "<ScRiPt>alert('XSS-02')</sCrIpT>",
    "<img src=x onerror=alert('XSS-03')>",
    "<img src=x onerror=\"console.log('XSS-04')\">",
    "<svg onload=alert('XSS-05')>",
    "<svg><script>alert('XSS-06')</script></svg>",
    "<body onload=alert('XSS-07')>",
    "<a href=\"javascript:alert('XSS-08')\">链接08</a>",
    "<a href=\"JaVaScRiPt:alert('XSS-09')\">链接09</a>",
    "<a href=\"&#106;avascript:alert('XSS-10')\">x</a>",
    "<a href=\"jav&#x09;ascript:alert('XSS-11')\">x</a>",
    "<iframe src=\"javascript:alert('XSS-12')\">",
    "<iframe srcdoc=\"<script>alert('XSS-13')</script>\">",
    "<details open ontoggle=alert('XSS-14')>",
    "<input autofocus onfocus=alert('XSS-15')>",
    "<p style=\"width:expression(alert('XSS-16'))\">",
    "<p style=background:url(javascript:alert('XSS-17')",
    "<style>@import'javascript:alert(\"XSS-18\")'</style>",
    "\"><script>alert('XSS-19')</script>",
    "'><img src=x onerror=alert('XSS-20')>",
    "</title><script>alert('XSS-21')</script>",
    "</script><script>alert('XSS-22')</script>",
    "<!--><img src=x onerror=alert('XSS-23')>",
    "<<script>alert('XSS-24');//<</script>",
    '<img """><script>alert(\'XSS-25\')</script>">',
    "<scr<script>ipt>alert('XSS-26')</script>",
    "<object data=\"javascript:alert('XSS-27')\">",
    "<embed src=\"javascript:alert('XSS-28')\">",
    "<math><a href=javascript:alert('XSS-29')>m</a>",
    "<form action=javascript:alert('XSS-30')><button>",
    "{{7*7}}<img src=x onerror=alert('XSS-31')>",
    "&lt;script&gt;alert('XSS-32')&lt;/script&gt;",
    "<img src=x onerror=\"&#97;lert('XSS-33')\">",
    "<video><source onerror=alert('XSS-34')>",
    "<marquee onstart=alert('XSS-35')>XSS</marquee>",
    "<base href=\"javascript:alert('XSS-36')//\">",
    "<a href=\"data:text/html,<script>alert('XSS-37')\">",
    '<img src="https://evil.example/p.png" alt=XSS-38>',
    "<link rel=stylesheet href=//evil.example/XSS-39>",
    "<svg><set onbegin=alert('XSS-40') attributeName=x>",
]

MARKER = "XSS-"


# An honest SVG: a drawing that can carry a script, whatever it is called. Each a function,
# since an uploaded file is read once.
SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HONEST_SVGS = {
    "x.svg": lambda: SimpleUploadedFile("x.svg", SCRIPTED_SVG),
    "X.SVG": lambda: SimpleUploadedFile("X.SVG", SCRIPTED_SVG),
    "x.svgz, gzipped": lambda: SimpleUploadedFile("x.svgz", gzip.compress(SCRIPTED_SVG)),
    "x.svg sent as image/svg+xml": lambda: SimpleUploadedFile(
        "x.svg", SCRIPTED_SVG, content_type="image/svg+xml"
    ),
}

# Files that are not the pictures they claim to be, as bytes.
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert('XSS')</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert('XSS')</script></body></html>"


def truncated_jpeg() -> SimpleUploadedFile:
    """The first half of a JPEG: a picture no decoder can finish."""
    whole = image_file("photo.jpg", "JPEG", size=(400, 300)).read()
    return SimpleUploadedFile("photo.jpg", whole[: len(whole) // 2])


def bomb(pixels_per_side: int) -> SimpleUploadedFile:
    """A blank PNG that is a few kilobytes on disk and ``pixels_per_side``² once decoded."""
    return image_file("bomb.png", "PNG", size=(pixels_per_side, pixels_per_side), mode="1")


# Uploads every photo field refuses, by content: (a function making the file, the message).
REFUSED_UPLOADS = {
    "SVG named .jpg": (lambda: SimpleUploadedFile("x.jpg", SVG), "not a whole JPEG"),
    "HTML named .png": (lambda: SimpleUploadedFile("x.png", HTML), "not a whole JPEG"),
    "truncated JPEG": (truncated_jpeg, "not a whole JPEG"),
    "BMP": (lambda: image_file("photo.bmp", "BMP"), "BMP images are not accepted"),
    "TIFF named .jpg": (lambda: image_file("photo.jpg", "TIFF"), "TIFF images are not accepted"),
    "PNG bomb, 49 megapixels": (lambda: bomb(7000), "too large once decoded"),
    "PNG bomb, 100 megapixels": (lambda: bomb(10000), "too large once decoded"),
    "11 MB file": (
        lambda: SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"\0" * MAX_UPLOAD_BYTES),
        "images may be at most 10.0",
    ),
}
