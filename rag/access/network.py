"""Who can reach a server: a loopback address is this machine only; any other address (a LAN address,
0.0.0.0, a host name) serves the network, which needs logins (or `--no-auth`, said out loud).

>>> loopback("127.0.0.1"), loopback("::1"), loopback("localhost"), loopback("192.168.1.5"), loopback("0.0.0.0")
(True, True, True, False, False)
"""
from __future__ import annotations

import ipaddress

from ..errors import AccessError

ALL_INTERFACES = "0.0.0.0"


def loopback(host: str) -> bool:
    """Whether `host` (an address to bind, or a Host header's name) is this machine only: 127.0.0.0/8,
    ::1 (also as [::1] or ::ffff:127.x), or the name localhost. Any other name counts as the network."""
    name = (host or "").strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def bind_address(host: str, listen_all: bool) -> str:
    """The address to bind: every interface with `--listen-all`, else `host`."""
    return ALL_INTERFACES if listen_all else host


def guard(accounts_exist: bool, host: str, no_auth: bool) -> str:
    """The warning to print (or AccessError) before serving on `host` (the address to bind).

    >>> guard(False, "127.0.0.1", False), guard(True, "0.0.0.0", False)
    ('', '')
    """
    if loopback(host):
        return ""
    if not accounts_exist and not no_auth:
        raise AccessError(f"{host or 'every interface'} is not a loopback address: it serves every machine that can "
                          "reach this one, and there are no users: add one (rag users add NAME --role admin) or pass "
                          "--no-auth to serve without logins (or serve on 127.0.0.1)")
    if no_auth:
        return (f"WARNING: serving to the network with no login ({host or 'every interface'}): anyone who can reach "
                "this machine can ask and change the library")
    return ""
