"""What TMDL files preserve, in the facet names of backends.base.CAPABILITIES.

Power BI has no explores: joins are the model's relationships, so `explores` is not claimed.
"""

CAPABILITIES = frozenset(
    {"entities", "dimensions", "time_dimensions", "measures", "labels", "descriptions", "relationships", "metrics", "row_filters"}
)
