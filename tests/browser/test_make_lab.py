"""The `make lab` server a learner starts: loopback only, and nothing without the token.

The session's server (conftest.py) is the real `make lab`, run in the background
with LAB_PORT (a free port), LAB_BROWSER=no and JUPYTER_TOKEN (a random token).
No request here leaves the loopback range: which interfaces the server accepts
connections on is read from the kernel's socket table, which covers the
machine's other addresses without sending them anything.
"""

from __future__ import annotations

import json
import socket
import sys

import pytest

from .helpers import http_get, listening_addresses, machine_addresses

pytestmark = pytest.mark.browser


def test_make_lab_answers_on_loopback_with_the_token(lab_server):
    status, body = http_get(f"{lab_server.base}/api/status?token={lab_server.token}")
    assert status == 200, body[:300]
    assert "started" in json.loads(body)
    status, body = http_get(f"{lab_server.base}/api/contents/notebooks",
                            headers={"Authorization": f"token {lab_server.token}"})
    assert status == 200, body[:300]
    served = sorted(item["name"] for item in json.loads(body)["content"])
    copied = sorted(p.name for p in (lab_server.root / "notebooks").glob("*.ipynb"))
    assert copied and set(copied) <= set(served), "the server must serve the temporary copy of notebooks/"
    status, page = http_get(f"{lab_server.base}/lab?token={lab_server.token}")
    assert status == 200 and "JupyterLab" in page


@pytest.mark.parametrize("path", ["/api/status", "/api/contents", "/api/kernels", "/api/sessions"])
def test_make_lab_refuses_the_api_without_the_token(lab_server, path):
    status, _ = http_get(f"{lab_server.base}{path}")
    assert status == 403, f"{path} without a token answered {status}, not 403"
    status, _ = http_get(f"{lab_server.base}{path}?token=not-the-token")
    assert status == 403, f"{path} with a wrong token answered {status}, not 403"
    status, _ = http_get(f"{lab_server.base}{path}", headers={"Authorization": "token not-the-token"})
    assert status == 403, f"{path} with a wrong token header answered {status}, not 403"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc/net socket tables")
def test_make_lab_listens_on_127_0_0_1_only(lab_server):
    listening = listening_addresses(lab_server.port)
    others = machine_addresses()
    assert listening == ["127.0.0.1"], (
        f"make lab listens on {listening} for port {lab_server.port}; it must listen on 127.0.0.1 only "
        f"(0.0.0.0 or :: would expose it on every interface: {others})")
    assert not set(listening) & set(others)


@pytest.mark.parametrize("family,address", [(socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")],
                         ids=["127.0.0.2", "::1"])
def test_make_lab_refuses_connections_on_other_loopback_addresses(lab_server, family, address):
    """A server bound to every interface would answer here too; one bound to 127.0.0.1 does not."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        try:
            s.connect((address, lab_server.port))
        except ConnectionRefusedError:
            return
        except OSError as e:  # e.g. no IPv6 on this machine: nothing can connect there either
            if family == socket.AF_INET:
                pytest.fail(f"connecting to {address} failed with {e!r}, expected a refusal", pytrace=False)
            return
    pytest.fail(f"make lab accepted a connection on {address}:{lab_server.port}: it is not bound to 127.0.0.1 only",
                pytrace=False)
