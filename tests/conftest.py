"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.postgres import PgCluster, find_pg_bin


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL cluster for the whole run, stopped and removed at the end.

    Without PostgreSQL's server installed the tests that need it are skipped, except in
    CI (CI set), where that is a broken setup and fails."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but PostgreSQL's server (initdb, pg_ctl) is not installed: see .ci/apt-packages.txt")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed; set CI=true to make this a failure")
    cluster = PgCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
