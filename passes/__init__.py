"""Analysis passes, one per module. DEFAULT_PIPELINE lists them in order; each names the passes
it requires so a reordering mistake fails loudly instead of producing a quiet wrong model.

docs/semantics.md describes the semantic facts the passes after apply_overrides decide."""

from __future__ import annotations

from compiler.pipeline import FunctionPass
from passes import (
    adjudicate_joins,
    annotate_with_llm,
    apply_overrides,
    build_entities,
    build_explores,
    choose_time_axes,
    classify_columns,
    classify_semantics,
    classify_tables,
    classify_time_columns,
    collect_relationships,
    decide_additivity,
    decide_enumerations,
    decide_label_language,
    decide_visibility,
    derive_measures,
    infer_primary_keys,
    infer_relationships,
    key_join_targets,
    label_coded_values,
    label_fields,
    measure_time_span,
    name_join_roles,
    normalize_types,
    pair_locations,
    ratio_metrics,
    resolve_metrics,
    soft_deletes,
    validate_model,
)

DEFAULT_PIPELINE: list[FunctionPass] = [
    FunctionPass("normalize_types", normalize_types.run),
    # Before any label is written (build_entities writes a year's): the language of their template words.
    FunctionPass("decide_label_language", decide_label_language.run),
    FunctionPass("build_entities", build_entities.run, ("normalize_types", "decide_label_language")),
    FunctionPass("infer_primary_keys", infer_primary_keys.run, ("build_entities",)),
    FunctionPass("collect_relationships", collect_relationships.run, ("build_entities",)),
    FunctionPass("infer_relationships", infer_relationships.run, ("infer_primary_keys", "collect_relationships")),
    # Off by default; with llm.adjudicate_joins, before anything reads the relationships (column
    # roles, join names, explores), so a promoted suggestion is a join for all of them.
    FunctionPass("adjudicate_joins", adjudicate_joins.run, ("infer_relationships",)),
    FunctionPass("classify_columns", classify_columns.run, ("adjudicate_joins",)),
    FunctionPass("classify_semantics", classify_semantics.run, ("classify_columns",)),
    # People's facts first: every decision after this keeps what a person set.
    FunctionPass("apply_overrides", apply_overrides.run, ("classify_semantics", "infer_relationships")),
    FunctionPass("key_join_targets", key_join_targets.run, ("apply_overrides",)),
    FunctionPass("classify_time_columns", classify_time_columns.run, ("apply_overrides",)),
    FunctionPass("classify_tables", classify_tables.run, ("classify_time_columns",)),
    FunctionPass("decide_additivity", decide_additivity.run, ("classify_tables",)),
    FunctionPass("decide_enumerations", decide_enumerations.run, ("apply_overrides",)),
    FunctionPass("label_coded_values", label_coded_values.run, ("decide_enumerations",)),
    FunctionPass("pair_locations", pair_locations.run, ("apply_overrides",)),
    FunctionPass("decide_visibility", decide_visibility.run, ("decide_additivity",)),
    # After the visibility it overrides for a soft-delete mark, before the time axes and the
    # measures, which then neither choose a deletion time nor count the mark.
    FunctionPass("soft_deletes", soft_deletes.run, ("decide_visibility",)),
    FunctionPass("choose_time_axes", choose_time_axes.run, ("classify_tables", "decide_visibility", "soft_deletes")),
    FunctionPass("measure_time_span", measure_time_span.run, ("choose_time_axes",)),
    # Before the measures: a key naming who last edited a row (an audit reference) is counted by none.
    FunctionPass("name_join_roles", name_join_roles.run, ("apply_overrides",)),
    FunctionPass("derive_measures", derive_measures.run, ("decide_additivity", "label_coded_values", "choose_time_axes", "name_join_roles")),
    # A rate proven on the rows to divide two of its row's numbers: a ratio of their sums, the
    # rate itself neither summed nor averaged (after the measures, whose sums it reads).
    FunctionPass("ratio_metrics", ratio_metrics.run, ("derive_measures",)),
    # After the default measures and table roles (they ground the prompt), before labels and
    # explores (which then build on the model's labels). No-op without cached answers.
    FunctionPass("annotate_with_llm", annotate_with_llm.run, ("ratio_metrics", "classify_tables")),
    FunctionPass("build_explores", build_explores.run, ("classify_tables", "name_join_roles", "choose_time_axes")),
    FunctionPass("resolve_metrics", resolve_metrics.run, ("annotate_with_llm",)),
    FunctionPass("label_fields", label_fields.run, ("derive_measures", "build_explores", "resolve_metrics")),
    FunctionPass("validate_model", validate_model.run, ("label_fields",)),
]


def default_pipeline() -> list[FunctionPass]:
    return list(DEFAULT_PIPELINE)
