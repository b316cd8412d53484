"""The address a request came from, for django-axes' login lockout.

Behind a proxy (deploy/nginx.conf) every REMOTE_ADDR is the proxy's own, so a lockout would
stop everyone who types that user name. ``TRUSTED_PROXY_COUNT`` says how many proxies in front
append to X-Forwarded-For; the address they appended first is the client's. Without it the
header is never read, so a forged one changes nothing.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        addresses = [address.strip() for address in forwarded if address.strip()]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR")
