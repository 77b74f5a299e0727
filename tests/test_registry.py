"""Every registered check (built-in or not) follows the plugin contract."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from ftlint.model import Severity
from ftlint.plugins import DOC_SECTIONS, load_registry, select_codes

REGISTRY = load_registry()


def test_builtin_checks_register_through_the_entry_point_group():
    assert {"FT001", "FT100", "FT107", "FT201"} <= set(REGISTRY)
    assert all(cls.__module__.startswith("ftlint.checks.") for code, cls in REGISTRY.items() if code.startswith("FT"))


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_check_contract(code):
    cls = REGISTRY[code]
    doc = cls.documentation()
    for section in DOC_SECTIONS:
        assert section in doc, f"{code} documentation lacks '{section}'"
    assert isinstance(cls.severity, Severity)
    with pytest.raises(ValidationError):
        cls.Options(no_such_option_xyz=1)
    cls.Options()  # every option has a default


def test_codes_and_names_are_unique():
    names = [cls.name for cls in REGISTRY.values()]
    assert len(names) == len(set(names))


def test_selection_longest_prefix_wins():
    codes = ["FT101", "FT102", "FT201"]
    on = {c: True for c in codes}
    assert select_codes(codes, ["ALL"], [], ["FT1"], on) == ["FT201"]
    assert select_codes(codes, ["FT"], [], ["FT10"], on) == ["FT201"]
    assert select_codes(codes, ["FT102"], [], ["FT1"], on) == ["FT102"]
    assert select_codes(codes, ["FT1"], ["FT201"], [], on) == codes
