"""The real tools the cross-target tests run, each installed once under .cache/validators/:
a Python with dbt-metricflow 0.15 beside dbt-core<1.12 and the dbt adapters these databases
need (duckdb, postgres, sqlite), Cube's schema compiler (npm) and Superset (its own venv).

`env()` gives the variables `mb validate` and `mb verify` find them by."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from tests.validators import cache_dir, ensure_venv, venv_bin

METRICFLOW = cache_dir("metricflow")
# The venv's duckdb must read the files ours writes, so the versions match.
METRICFLOW_REQUIREMENTS = ["dbt-core>=1.10,<1.12", "dbt-duckdb>=1.9", "dbt-postgres>=1.9", "dbt-sqlite>=1.10",
                           "dbt-metricflow==0.15.*", f"duckdb=={duckdb.__version__}"]


class ToolUnavailable(RuntimeError):
    pass


def ensure_metricflow() -> Path:
    """The Python of the MetricFlow venv (its dbt is beside it), installing it on first use."""
    return ensure_venv(METRICFLOW, METRICFLOW_REQUIREMENTS, "python", ToolUnavailable, timeout=1200)


def env(mf_python: Path, cube_modules: Path, superset_python: Path, superset_metadata: Path) -> dict[str, str]:
    return {
        "MB_DBT": str(venv_bin(mf_python.parent.parent, "dbt")),
        "MB_MF_PYTHON": str(mf_python),
        "MB_CUBE_NODE_MODULES": str(cube_modules),
        "MB_SUPERSET_PYTHON": str(superset_python),
        "MB_SUPERSET_METADATA": str(superset_metadata),
    }


if __name__ == "__main__":
    print(ensure_metricflow())
    sys.exit(0)
