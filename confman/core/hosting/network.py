"""Which address of this laptop the desks should use.

A laptop at a venue often has several adapters: Wi-Fi, an Ethernet port, a VPN, virtual
adapters of VirtualBox/Hyper-V/Docker. The desks need the address on the venue's network, so
adapters are listed with the likely one first (private IPv4 on a physical-looking adapter that
is up), and the organiser can pick another.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

_VIRTUAL_HINTS = ("virtualbox", "vmware", "vethernet", "hyper-v", "docker", "br-", "veth", "virbr", "vbox",
                  "tailscale", "zerotier", "wsl", "tun", "tap", "utun", "npcap", "loopback", "bluetooth")


@dataclass(frozen=True, slots=True)
class LanAddress:
    address: str
    adapter: str
    likely: bool  # private address on an adapter that does not look virtual

    @property
    def label(self) -> str:
        return f"{self.address} ({self.adapter})"


def _score(address: ipaddress.IPv4Address, adapter: str) -> tuple[int, int]:
    name = adapter.lower()
    virtual = any(hint in name for hint in _VIRTUAL_HINTS)
    home = address in ipaddress.IPv4Network("192.168.0.0/16") or address in ipaddress.IPv4Network("10.0.0.0/8")
    return (0 if not virtual else 1, 0 if home else 1 if address.is_private else 2)


def lan_addresses() -> list[LanAddress]:
    """IPv4 addresses of adapters that are up, the most likely venue address first (no loopback)."""
    import psutil

    stats = psutil.net_if_stats()
    found: list[tuple[tuple[int, int], LanAddress]] = []
    for adapter, addresses in psutil.net_if_addrs().items():
        if adapter in stats and not stats[adapter].isup:
            continue
        for entry in addresses:
            if entry.family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(entry.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
                continue
            score = _score(ip, adapter)
            found.append((score, LanAddress(str(ip), adapter, likely=score[0] == 0 and ip.is_private)))
    found.sort(key=lambda item: (item[0], item[1].adapter, item[1].address))
    return [entry for _, entry in found]


def default_address() -> str:
    """The most likely venue address, or 127.0.0.1 when the laptop has no network at all."""
    addresses = lan_addresses()
    return addresses[0].address if addresses else "127.0.0.1"


def check_address(address: str) -> str:
    """``address`` normalised; raises ``hosting.bad_address`` for anything but an IPv4 address of this laptop."""
    from confman.core.errors import DomainError

    try:
        ip = ipaddress.IPv4Address(address.strip())
    except ValueError as exc:
        raise DomainError("hosting.bad_address", address=address) from exc
    if not ip.is_loopback and str(ip) not in {entry.address for entry in lan_addresses()}:
        raise DomainError("hosting.address_not_here", address=str(ip))
    return str(ip)
