"""Third-party checks cannot take ftlint down.

Each test installs a fake distribution (a package plus a `*.dist-info` folder with an
`entry_points.txt` in the `ftlint.checks` group) into a scratch folder, puts it on PYTHONPATH and
runs `python -m ftlint` in a child process, exactly as a pip-installed plugin would be found.

- a check that raises (or calls sys.exit) becomes an internal-error finding naming the plugin,
  the other checks still report, and the run exits 2 unless the plugin is `--ignore`d;
- a plugin that fails to import or to start, a code claimed twice, or a shared name: exit 2
  with one line naming the culprit.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import chat, write_jsonl
from ftlint_subprocess import run_ftlint

PLUGIN_SOURCE = '''
"""Third-party checks for tests.

What it does: misbehaves on purpose.
Why it matters: ftlint must survive plugins it does not control.
Example: any file.
Fix: none.
Options: none.
"""
import sys

from ftlint.model import Problem
from ftlint.plugins import Check
from ftlint.model import Severity


class Raises(Check):
    code = "ZZ001"
    name = "plugin-that-raises"
    severity = Severity.WARNING

    def run(self, view):
        yield Problem("first problem before the crash", line=1)
        raise ValueError("boom from the plugin")


class Exits(Check):
    code = "ZZ002"
    name = "plugin-that-exits"

    def run(self, view):
        sys.exit(0)


class YieldsGarbage(Check):
    code = "ZZ003"
    name = "plugin-that-yields-garbage"

    def run(self, view):
        yield "not a Problem"


class Works(Check):
    code = "ZZ004"
    name = "plugin-that-works"

    def run(self, view):
        yield Problem(f"{len(view.examples)} examples seen by a plugin", line=2)


class FailsToStart(Check):
    code = "ZZ005"
    name = "plugin-that-fails-to-start"

    def __init__(self, options=None):
        raise RuntimeError("no licence key")

    def run(self, view):
        return ()


class ClaimsBuiltinCode(Check):
    code = "FT001"
    name = "plugin-stealing-a-code"

    def run(self, view):
        return []


class SharesAName(Check):
    code = "ZZ006"
    name = "plugin-that-works"

    def run(self, view):
        return []


NOT_A_CHECK = object()
'''


def install_plugin(root: Path, entry_points: dict[str, str], dist: str = "zzplugin",
                   source: str = PLUGIN_SOURCE) -> Path:
    """A fake installed distribution `dist` whose package is `<dist>_pkg`; returns the site folder."""
    site = root / f"site-{dist}"
    package = site / f"{dist}_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(textwrap.dedent(source), "utf-8")
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "[ftlint.checks]\n" + "".join(f"{code} = {target}\n" for code, target in entry_points.items()), "utf-8")
    return site


@pytest.fixture
def dataset(tmp_path) -> Path:
    """A small file with one known error: invalid JSON on line 3 (FT001) among valid chats."""
    records = [chat(f"question {i}", f"answer {i}") for i in range(30)]
    return write_jsonl(tmp_path / "data.jsonl", [records[0], records[1], "{not json", *records[2:]])


def lint(tmp_path, dataset, *sites: Path, args: tuple[str, ...] = ()):
    proc = run_ftlint(str(dataset), "--output-format", "json", *args, cwd=tmp_path, extra_path=sites)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def findings(proc) -> list[dict]:
    return json.loads(proc.stdout)["findings"]


def test_raising_check_becomes_internal_error_finding(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ001": "zzplugin_pkg:Raises", "ZZ004": "zzplugin_pkg:Works"})
    proc = lint(tmp_path, dataset, site)
    assert proc.returncode == 2
    found = findings(proc)
    crash = [f for f in found if f["code"] == "ZZ001"]
    assert len(crash) == 1 and crash[0]["severity"] == "error"
    assert "internal error in check ZZ001 (zzplugin_pkg.Raises)" in crash[0]["message"]
    assert "ValueError: boom from the plugin" in crash[0]["message"]
    codes = {(f["code"], f["line"]) for f in found}
    assert ("FT001", 3) in codes, "the built-in checks must still run"
    assert ("ZZ004", 2) in codes, "the other plugin checks must still run"


def test_ignoring_the_broken_check_restores_the_normal_exit_code(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ001": "zzplugin_pkg:Raises", "ZZ004": "zzplugin_pkg:Works"})
    proc = lint(tmp_path, dataset, site, args=("--ignore", "ZZ001"))
    assert proc.returncode == 1  # FT001 invalid JSON is an error finding
    found = findings(proc)
    assert not [f for f in found if f["code"] == "ZZ001"]
    assert not [f for f in found if "internal error" in f["message"]]
    assert {"FT001", "ZZ004"} <= {f["code"] for f in found}


def test_check_calling_sys_exit_cannot_end_the_run(tmp_path, dataset):
    """A plugin that calls sys.exit(0) must not turn a failing dataset into a passing CI build."""
    site = install_plugin(tmp_path, {"ZZ002": "zzplugin_pkg:Exits"})
    proc = lint(tmp_path, dataset, site)
    assert proc.returncode == 2
    found = findings(proc)
    crash = [f for f in found if f["code"] == "ZZ002"]
    assert crash and "internal error in check ZZ002 (zzplugin_pkg.Exits): SystemExit" in crash[0]["message"]
    assert "FT001" in {f["code"] for f in found}


def test_check_yielding_garbage_is_an_internal_error(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ003": "zzplugin_pkg:YieldsGarbage"})
    proc = lint(tmp_path, dataset, site)
    assert proc.returncode == 2
    crash = [f for f in findings(proc) if f["code"] == "ZZ003"]
    assert crash and "internal error in check ZZ003 (zzplugin_pkg.YieldsGarbage)" in crash[0]["message"]


def test_internal_error_shows_in_every_text_format(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ001": "zzplugin_pkg:Raises"})
    proc = run_ftlint(str(dataset), "--output-format", "concise", cwd=tmp_path, extra_path=[site])
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "internal error in check ZZ001 (zzplugin_pkg.Raises)" in proc.stdout


def _assert_named_error(proc, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ftlint: error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, proc.stderr)


@pytest.mark.parametrize("source", [
    "raise ImportError('missing optional dependency quux')",
    "def broken(:\n    pass",
    "import zz_module_that_does_not_exist",
], ids=["import-error", "syntax-error", "missing-module"])
def test_plugin_that_fails_to_import(tmp_path, dataset, source):
    site = install_plugin(tmp_path, {"ZZ009": "zzbroken_pkg:Check"}, dist="zzbroken", source=source)
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "ZZ009 = zzbroken_pkg:Check", "failed to import")


def test_entry_point_naming_a_missing_attribute(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ009": "zzplugin_pkg:NoSuchClass"})
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "ZZ009 = zzplugin_pkg:NoSuchClass")


def test_entry_point_that_is_not_a_check(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ009": "zzplugin_pkg:NOT_A_CHECK"})
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "ZZ009 = zzplugin_pkg:NOT_A_CHECK", "not a subclass")


def test_check_that_fails_to_start(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ005": "zzplugin_pkg:FailsToStart"})
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "ZZ005", "zzplugin_pkg.FailsToStart", "no licence key")


def test_two_plugins_claiming_one_code(tmp_path, dataset):
    first = install_plugin(tmp_path, {"ZZ004": "zzplugin_pkg:Works"})
    second = install_plugin(tmp_path, {"ZZ004": "zzother_pkg:Works"}, dist="zzother")
    proc = lint(tmp_path, dataset, first, second)
    _assert_named_error(proc, "two checks claim code ZZ004", "zzplugin_pkg:Works", "zzother_pkg:Works")


def test_plugin_claiming_a_builtin_code(tmp_path, dataset):
    site = install_plugin(tmp_path, {"FT001X": "zzplugin_pkg:ClaimsBuiltinCode"})
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "FT001", "zzplugin_pkg:ClaimsBuiltinCode")


def test_two_checks_sharing_a_name(tmp_path, dataset):
    site = install_plugin(tmp_path, {"ZZ004": "zzplugin_pkg:Works", "ZZ006": "zzplugin_pkg:SharesAName"})
    proc = lint(tmp_path, dataset, site)
    _assert_named_error(proc, "plugin-that-works", "ZZ004", "ZZ006")


def test_checks_listing_names_the_broken_plugin_too(tmp_path):
    site = install_plugin(tmp_path, {"ZZ009": "zzbroken_pkg:Check"}, dist="zzbroken", source="raise ImportError('x')")
    proc = run_ftlint("checks", cwd=tmp_path, extra_path=[site])
    _assert_named_error(proc, "ZZ009 = zzbroken_pkg:Check")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="az09-A_é\n", max_size=12))
def test_check_names_are_kebab_case_as_the_pattern_says(name):
    import re

    from ftlint.plugins import is_kebab_case

    assert is_kebab_case(name) == bool(re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", name))


def test_every_built_in_check_name_is_kebab_case():
    from ftlint.plugins import is_kebab_case, load_registry

    names = [cls.name for cls in load_registry().values()]
    assert len(names) > 80 and all(map(is_kebab_case, names))
