"""Ask MetricFlow questions through its own engine, as `mf query` does. Runs INSIDE a Python
that has dbt-metricflow and the project's dbt adapter, as a script, never imported by mb:

    python mf_query.py PROJECT_DIR < questions.json

questions.json is a list of {"metric": NAME, "group_by": NAME or null}. Prints one line: MARKER
followed by a JSON list, per question {"rows": [[group, value], ...]} or {"error": text}.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from pathlib import Path

MARKER = "MB-MF-RESULT "
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def _plain(v):
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def main(project: Path) -> int:
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    questions = json.load(sys.stdin)
    cfg = CLIConfiguration()
    cfg.setup(dbt_profiles_path=project, dbt_project_path=project, configure_file_logging=False)
    out = []
    for q in questions:
        try:
            request = MetricFlowQueryRequest.create(metric_names=[q["metric"]], group_by_names=[q["group_by"]] if q["group_by"] else None)
            table = cfg.mf.query(mf_request=request).result_df
            names = list(table.column_names)
            value_at = names.index(q["metric"])
            group_at = next((i for i in range(len(names)) if i != value_at), None)
            out.append({"rows": [[_plain(r[group_at]) if group_at is not None else None, _plain(r[value_at])] for r in table.rows]})
        except Exception as e:  # one question failing is a finding, not the end of the run
            out.append({"error": f"{type(e).__name__}: {str(e).strip()[:600]}"})
    print(MARKER + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
