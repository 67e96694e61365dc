"""The address a sign-in is throttled and audited under (``core/auth/lockout.py``, ``core/auth/audit.py``).

It is the connection's address. ``X-Forwarded-For`` is believed only when the connection comes from a proxy
named in ``DJCX_TRUSTED_PROXIES`` (addresses or networks, comma-separated; empty by default): then the
address is the right-most one in the header that is not itself a trusted proxy. Anyone else can write the
header, so it is ignored for them: a forged header makes no new lockout key and no false audit entry.

Streamlit serves through uvicorn, which by itself replaces the connection's address with the header's when
the connection comes from one of ``FORWARDED_ALLOW_IPS`` (default: this machine). ``connection`` undoes that:
when the address the server reports is the one uvicorn would have taken from the header, the connection came
from a host uvicorn trusts, whose exact address is not known (``localhost`` when that is this machine only).
``make run`` sets ``FORWARDED_ALLOW_IPS`` empty, so there is nothing to undo.
"""

from __future__ import annotations

import ipaddress

LOCAL = "localhost"
PROXY = "proxy"        # a host the server itself trusts, when not only this machine
UVICORN_DEFAULT = "127.0.0.1,::1"
_MAX_HOPS = 32         # a longer header is not walked further (its far end is the client's own claim anyway)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(spec: str) -> list[Network] | None:
    """``a.b.c.d, net/len, …`` as networks; None for ``*`` (every host)."""
    out: list[Network] = []
    for item in (spec or "").split(","):
        item = item.strip()
        if item == "*":
            return None
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue                  # not an address (a name, a typo): trusts nothing
    return out


def _ip(host: str):
    try:
        return ipaddress.ip_address(_host((host or "").strip()))
    except ValueError:
        return None


def _inside(host: str, nets: list[Network] | None) -> bool:
    if nets is None:
        return True
    ip = _ip(host)
    return ip is not None and any(ip.version == n.version and ip in n for n in nets)


def _hops(forwarded: list[str], limit: int | None = _MAX_HOPS) -> list[str]:
    hops = [h.strip() for v in forwarded for h in (v or "").split(",")]
    return hops[-limit:] if limit else hops


def _host(hop: str) -> str:
    """A hop without its port, as uvicorn parses it."""
    if hop.startswith("[") and "]" in hop:
        return hop[1:hop.index("]")]
    return hop.rsplit(":", 1)[0] if hop.count(":") == 1 else hop


def _uvicorn_choice(hops: list[str], nets: list[Network] | None) -> str:
    """The host uvicorn's ProxyHeadersMiddleware takes from the header (right-most not trusted, else left-most)."""
    if nets is not None:
        for h in reversed(hops):
            if not _inside(h, nets):
                return _host(h)
    return _host(hops[0]) if hops else ""


def connection(reported: str | None, forwarded: list[str], server_trusted: str) -> str | None:
    """The connection's own address; None when it is one of the hosts the server trusts (``server_trusted``,
    uvicorn's ``FORWARDED_ALLOW_IPS``) and the server has put the header's address in its place."""
    nets = networks(server_trusted)
    hops = [h for h in _hops(forwarded, None) if h]
    if not hops or nets == [] or reported is None:
        return reported
    return None if _uvicorn_choice(hops, nets) == reported else reported


def _name(ip_text: str | None, server_trusted: str) -> str:
    if ip_text is None:
        nets = networks(server_trusted)
        return LOCAL if nets and all(n.network_address.is_loopback for n in nets) else PROXY
    ip = _ip(ip_text)
    if ip is None:
        return ip_text[:64]
    return LOCAL if ip.is_loopback else str(ip)


def client_address(reported: str | None, forwarded: list[str], trusted: str,
                   server_trusted: str = UVICORN_DEFAULT) -> str:
    """The client's address for throttling and the audit log.

    ``reported``: the address the server gives for the connection; ``forwarded``: the request's
    ``X-Forwarded-For`` values; ``trusted``: ``DJCX_TRUSTED_PROXIES``; ``server_trusted``: uvicorn's
    ``FORWARDED_ALLOW_IPS`` (its default when unset)."""
    if reported is None and not forwarded:
        return LOCAL
    peer = connection(reported, forwarded, server_trusted)
    ours = networks(trusted) or []       # "*" is not accepted here: trusting everyone is the defect itself
    if peer is None:
        server = networks(server_trusted)
        via_proxy = bool(ours) and server is not None and all(
            any(s.version == o.version and s.subnet_of(o) for o in ours) for s in server)
    else:
        via_proxy = _inside(peer, ours) if ours else False
    if not via_proxy:
        return _name(peer, server_trusted)
    for hop in reversed(_hops(forwarded)):
        if not hop:
            continue
        if _ip(hop) is None:
            break                         # garbage in the header: believe no further
        if not _inside(hop, ours):
            return _name(hop, server_trusted)
    return _name(peer, server_trusted)
