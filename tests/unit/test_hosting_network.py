"""The venue address comes first when the laptop has several adapters."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import psutil
import pytest

from confman.core.errors import DomainError
from confman.core.hosting import network


@pytest.fixture
def adapters(monkeypatch):
    def addr(ip, family=socket.AF_INET):
        return SimpleNamespace(family=family, address=ip)

    table = {
        "vEthernet (WSL)": [addr("172.20.48.1")],
        "VirtualBox Host-Only Network": [addr("192.168.56.1")],
        "Wi-Fi": [addr("192.168.1.23"), addr("fe80::1", socket.AF_INET6)],
        "Loopback Pseudo-Interface 1": [addr("127.0.0.1")],
        "Ethernet 2": [addr("169.254.10.4")],  # no DHCP answer: link-local only
        "Ethernet": [addr("10.0.0.8")],  # cable unplugged
    }
    stats = {name: SimpleNamespace(isup=name != "Ethernet") for name in table}
    monkeypatch.setattr(psutil, "net_if_addrs", lambda: table)
    monkeypatch.setattr(psutil, "net_if_stats", lambda: stats)


def test_the_likely_venue_address_comes_first_and_dead_adapters_are_left_out(adapters):
    found = network.lan_addresses()
    assert [a.address for a in found] == ["192.168.1.23", "192.168.56.1", "172.20.48.1"]
    assert found[0].likely and found[0].label == "192.168.1.23 (Wi-Fi)"
    assert not found[1].likely and not found[2].likely
    assert network.default_address() == "192.168.1.23"


def test_an_address_must_belong_to_this_laptop(adapters):
    assert network.check_address(" 192.168.1.23 ") == "192.168.1.23"
    assert network.check_address("127.0.0.1") == "127.0.0.1"
    with pytest.raises(DomainError) as caught:
        network.check_address("192.168.1.99")
    assert caught.value.code == "hosting.address_not_here"
    with pytest.raises(DomainError) as caught:
        network.check_address("hội trường")
    assert caught.value.code == "hosting.bad_address"
