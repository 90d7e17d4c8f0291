"""``cluster`` (per test module): two `make serve` instances behind deploy/nginx.conf with
TLS, started once for the module's tests and stopped after them (see cluster.py);
``client``: residents' clients of it, each from an address of its own."""
from __future__ import annotations

import pytest

from .cluster import Client, start_cluster, stop_cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    found = start_cluster(tmp_path_factory.mktemp("production"))
    try:
        yield found
    finally:
        stop_cluster(found)


@pytest.fixture
def client(cluster):
    """client(address="127.0.0.1") -> a resident's Client of the cluster, closed after the test."""
    made: list[Client] = []

    def make(address: str = "127.0.0.1") -> Client:
        made.append(cluster.client(address))
        return made[-1]

    yield make
    for found in made:
        found.close()
