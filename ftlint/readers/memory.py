"""Records a Python caller holds: an iterable of dicts, a pandas DataFrame, a `datasets.Dataset`.

The last two are recognised by their shape (duck typing): ftlint depends on neither package.
A record's position is its 1-based index (unit `row`: `records[row - 1]`, `df.iloc[row - 1]`,
`ds[row - 1]`); an item that is not a dict is a `not-an-object` problem at its row.
"""
from __future__ import annotations

import math
from typing import Any, Iterable, Iterator, Optional
from ftlint.readers.source import ReadProblem, Record

BATCH = 1000


class MemorySource:
    """An in-memory dataset as a record stream (see `ftlint.reading.RecordStream`)."""

    unit = "row"

    def __init__(self, rows: Iterable, name: str, table: bool = False, columns: Optional[dict[str, str]] = None):
        self.rows, self.name, self.table, self.columns = rows, name, table, columns or {}

    def __iter__(self) -> Iterator:
        count = 0
        for count, row in enumerate(self.rows, 1):
            if isinstance(row, dict):
                if self.columns:
                    row = {self.columns.get(k, k): v for k, v in row.items()}
                yield Record(count, row)
            else:
                yield ReadProblem("not-an-object", count, f"item is a {type(row).__name__}, not a dict (a record)")
        if count == 0:
            yield ReadProblem("empty-file", None, "no records")


def is_source(value: Any) -> bool:
    return isinstance(value, MemorySource)


def is_dataframe(value: Any) -> bool:
    """A pandas (or pandas-like) DataFrame: columns, iloc and to_dict(orient="records")."""
    return hasattr(value, "iloc") and hasattr(value, "columns") and hasattr(value, "to_dict")


def is_hf_dataset(value: Any) -> bool:
    """A `datasets.Dataset`: column_names, features, num_rows and iteration over dict rows."""
    return hasattr(value, "column_names") and hasattr(value, "features") and hasattr(value, "num_rows")


def is_hf_dataset_dict(value: Any) -> bool:
    """A `datasets.DatasetDict`: a mapping of split names to datasets."""
    return isinstance(value, dict) and bool(value) and all(is_hf_dataset(v) for v in value.values())


def source_of(value: Any, argument: str, columns: Optional[dict[str, str]] = None) -> MemorySource:
    """The in-memory dataset `value` given as the API argument `argument`, as a source."""
    if is_dataframe(value):
        return MemorySource(_dataframe_rows(value), f"<DataFrame {argument}>", table=True, columns=columns)
    if is_hf_dataset(value):
        return MemorySource(_dataset_rows(value), f"<Dataset {argument}>", table=True, columns=columns)
    return MemorySource(value, f"<records {argument}>", columns=columns)


def _dataframe_rows(df) -> Iterator[dict]:
    for start in range(0, len(df), BATCH):
        for row in df.iloc[start:start + BATCH].to_dict(orient="records"):
            yield {str(k): _plain(v) for k, v in row.items()}


def _dataset_rows(ds) -> Iterator[dict]:
    if hasattr(ds, "iter"):
        for batch in ds.iter(batch_size=BATCH):
            keys = list(batch)
            for values in zip(*(batch[k] for k in keys)):
                yield {k: _plain(v) for k, v in zip(keys, values)}
        return
    for row in ds:
        yield {k: _plain(v) for k, v in row.items()}


def _plain(value: Any) -> Any:
    """A cell as JSON would hold it: numpy scalars and arrays as Python values, a missing value as None."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalar or array
        return _plain(value.tolist())
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(value):,} bytes>"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
