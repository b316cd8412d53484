"""Which address a login lockout counts: the proxy's header only when a proxy is trusted."""

import pytest
from django.test import RequestFactory

from newsroom.client_ip import client_ip


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy trusted: a sent header is ignored
        (1, "203.0.113.9", "203.0.113.9"),  # nginx appended the client's address
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client forged the first entry
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # a load balancer, then nginx
        (2, "203.0.113.9", "127.0.0.1"),  # fewer entries than proxies: not to be trusted
        (1, None, "127.0.0.1"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from("127.0.0.1", forwarded)) == expected
