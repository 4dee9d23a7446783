"""The dbt tests' marker: `slow` tests run real dbt; they stay in the default run."""


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "slow: runs a real external validator (dbt); part of the default run")
