"""Fixtures shared by several test modules."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PgCluster, find_pg_bin
from tests.support.tools import require


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL cluster for the whole run, stopped and removed at the end.

    Without PostgreSQL's server installed the tests that need it are skipped, except in
    CI (CI set), where that is a broken setup and fails."""
    bin_dir = find_pg_bin()
    require(bin_dir is not None, "PostgreSQL's server (initdb, pg_ctl)")
    assert bin_dir is not None
    cluster = PgCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
