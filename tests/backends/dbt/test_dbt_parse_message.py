"""What `mb validate` says when `dbt parse` fails: the rule that failed, not dbt's summary."""

from compiler.validators.dbt_parse import failure

# dbt 1.11's output for a semantic manifest that breaks a rule: coloured whatever NO_COLOR says.
OUTPUT = (
    "\x1b[0m06:44:10  Running with dbt=1.11.16\n"
    "\x1b[0m06:44:10  Registered adapter: duckdb=1.11.1\n"
    "\x1b[0m06:44:13  In semantic model `allergies`, type conflict for dimension `stop` - already in model as type "
    "`DimensionType.TIME` but got `DimensionType.CATEGORICAL`\n"
    "\x1b[0m06:44:13  Encountered an error:\n"
    "Parsing Error\n"
    "  Semantic Manifest validation failed.\n"
)


def test_the_failed_rule_is_said():
    message = failure(OUTPUT)
    assert message.startswith("In semantic model `allergies`, type conflict for dimension `stop`")
    assert "\x1b" not in message and "Running with" not in message and "Encountered" not in message
    assert message.endswith("Parsing Error | Semantic Manifest validation failed.")
