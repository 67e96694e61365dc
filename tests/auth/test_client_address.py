"""The address sign-ins are throttled and audited under (#22 item 19): a forged X-Forwarded-For changes nothing
unless the connection comes from a configured proxy."""

from __future__ import annotations

import pytest

from core.auth.client_address import LOCAL, client_address

UVICORN = "127.0.0.1,::1"       # uvicorn's default FORWARDED_ALLOW_IPS


@pytest.mark.parametrize("forged", ["203.0.113.7", "198.51.100.1, 203.0.113.7", "10.0.0.1:4444", "garbage", ""])
def test_a_forged_header_from_this_machine_is_not_believed(forged):
    # uvicorn (FORWARDED_ALLOW_IPS unset) has already replaced 127.0.0.1 by the header's right-most address
    reported = forged.split(",")[-1].strip().split(":")[0] or "127.0.0.1"
    assert client_address(reported, [forged], trusted="", server_trusted=UVICORN) == LOCAL
    # make run: uvicorn trusts nobody, the connection's address is reported as is
    assert client_address("127.0.0.1", [forged], trusted="", server_trusted="") == LOCAL


def test_a_forged_header_from_a_remote_client_is_not_believed():
    assert client_address("192.0.2.9", ["203.0.113.7"], trusted="", server_trusted=UVICORN) == "192.0.2.9"
    assert client_address("192.0.2.9", ["203.0.113.7"], trusted="", server_trusted="") == "192.0.2.9"
    # the header claims a trusted proxy: still the connection's own address
    assert client_address("192.0.2.9", ["127.0.0.1"], trusted="127.0.0.1", server_trusted="") == "192.0.2.9"


def test_a_configured_proxy_names_the_client():
    # nginx on this machine appends the address it saw; the client may have sent its own forged entries first
    header = ["198.51.100.1, 203.0.113.7"]
    assert client_address("127.0.0.1", header, trusted="127.0.0.1, ::1", server_trusted="") == "203.0.113.7"
    assert client_address("203.0.113.7", header, trusted="127.0.0.0/8,::1", server_trusted=UVICORN) == "203.0.113.7"
    # two proxies: the right-most address that is not a proxy
    assert client_address("10.0.0.2", ["203.0.113.7, 10.0.0.3"], trusted="10.0.0.0/24",
                          server_trusted="") == "203.0.113.7"
    # a proxy that sends no header: the proxy's own address
    assert client_address("10.0.0.2", [], trusted="10.0.0.0/24", server_trusted="") == "10.0.0.2"
    # garbage right of the proxy's entry stops the walk at the proxy
    assert client_address("10.0.0.2", ["203.0.113.7, <script>"], trusted="10.0.0.0/24",
                          server_trusted="") == "10.0.0.2"


def test_everyone_is_never_trusted_and_loopback_is_localhost():
    assert client_address("192.0.2.9", ["203.0.113.7"], trusted="*", server_trusted="") == "192.0.2.9"
    assert client_address("::1", [], trusted="", server_trusted="") == LOCAL
    assert client_address(None, [], trusted="", server_trusted=UVICORN) == LOCAL
