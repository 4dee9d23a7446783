"""Where a measure filtered on its parent's column (Measure.joined_filter: a line's money per
its order's currency) finds that parent in the explores: the alias it is joined under. A view's
measure cannot rely on a join one explore lacks, nor on a name another explore gives it."""

from __future__ import annotations

from ir.semantic import JoinedFilter, SemanticModel


def joined_alias(model: SemanticModel, entity: str, jf: JoinedFilter) -> str | None:
    """The one alias under which every explore holding `entity` joins the filter's parent along
    its join (the parent's own name where it is not renamed); None where one explore lacks the
    join, names it otherwise, or no explore holds the entity."""
    step = jf.path[0]
    found: set[str] = set()
    held = False
    for x in model.explores:
        here = ([x.root] if x.root == entity else []) + [j.alias for j in x.joins if j.entity == entity]
        for alias in here:
            held = True
            joins = [j.alias for j in x.joins if j.from_alias == alias and j.entity == jf.entity
                     and j.from_columns == step.from_columns and j.to_columns == step.to_columns]
            if len(joins) != 1:
                return None
            found.add(joins[0])
    return next(iter(found)) if held and len(found) == 1 else None
