"""``cluster`` (per session): two instances of deploy/systemd/hoken@.service behind deploy/nginx/hoken.conf with TLS,
started once for every production test and stopped after the last (see cluster.py); a
test that stops or restarts an instance leaves it serving again. ``client``: residents'
clients of it, each from an address of its own.

With pytest-xdist, every test here runs on one worker (the group ``production``), so the
cluster starts once for the whole run."""
from __future__ import annotations

import pytest

from .cluster import Client, start_cluster, stop_cluster

HERE = __file__.rsplit("/", 1)[0]


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.path).startswith(HERE + "/"):
            item.add_marker(pytest.mark.xdist_group("production"))


@pytest.fixture(scope="session")
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
