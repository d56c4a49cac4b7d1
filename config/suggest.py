"""The valid key nearest a mistyped one, for "unknown key `feed`: did you mean `feeds`?"."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, get_args

from pydantic import BaseModel


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model an annotation holds (Alerts, list[Feed], dict[str, MetricRule])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    found = (model_in(arg) for arg in get_args(annotation))
    return next((model for model in found if model is not None), None)


def model_at(root: type[BaseModel], path: Sequence[Any]) -> type[BaseModel] | None:
    """The model a location's keys lead to; list indexes and dict keys are passed over."""
    current: type[BaseModel] | None = root
    for part in path:
        field = current.model_fields.get(str(part)) if current else None
        if field is not None:
            current = model_in(field.annotation)
    return current


def nearest_key(root: type[BaseModel], loc: Sequence[Any]) -> str | None:
    """The known key nearest the unknown last part of `loc`, if one is close enough."""
    model = model_at(root, loc[:-1])
    if model is None or not loc:
        return None
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None
