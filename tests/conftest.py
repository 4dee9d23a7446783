"""Session fixtures for the PostgreSQL and MariaDB integration tests (helpers: tests/services.py)."""

from __future__ import annotations

import pytest

from tests.services import MYSQL_URL, POSTGRES_URL, service_engine


@pytest.fixture(scope="session")
def postgres_engine():
    engine = service_engine(POSTGRES_URL, "PostgreSQL")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def mysql_engine():
    engine = service_engine(MYSQL_URL, "MariaDB/MySQL")
    yield engine
    engine.dispose()
