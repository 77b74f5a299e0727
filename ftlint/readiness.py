"""Readiness: findings, statistics and declarations turned into the prerequisite checklist and a verdict.

Each checklist item has a status and its evidence:

- ``met`` / ``not met``: ftlint measured it;
- ``not declared``: it depends on a declaration in `[tool.ftlint.readiness]` that is missing;
- ``not checked``: the checks or data it needs were not there (no `--eval` file, the checks of
  that family were not selected or are not installed, no cost estimate).

The verdict is NOT READY when any item is *not met* (or any finding is an error, or, under
`--strict`, a warning); READY WITH WARNINGS when an item is not declared or not checked or
any warning was found; READY otherwise. Its reasons come first, most serious first.

A model whose provider has announced cut-off dates (`new_jobs_until`, `shutdown_on` in
`targets.toml`: OpenAI's fine-tuning) gets an item saying whether new jobs are still accepted
today; after the cut-off it is *not met*.

Readiness reads cost figures (`ftlint.cost`, `ftlint.costbenefit`); those modules never import it.

`assess` also records which checks ran (``stats["checks_run"]``, used by the JUnit and SARIF
renderers) and, when a monthly volume is given, the cost-benefit comparison
(``stats["cost_benefit"]``, see `ftlint.costbenefit`).
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from ftlint.config import ConfigError, ReadinessDeclarations, Settings
from ftlint.cost import training_cost  # noqa: F401  (cost figures are read from ftlint.cost; kept importable here)
from ftlint.model import ChecklistItem, Readiness, Report, Severity

READY, WITH_WARNINGS, NOT_READY = "READY", "READY WITH WARNINGS", "NOT READY"
MET, NOT_MET, NOT_DECLARED, NOT_CHECKED = "met", "not met", "not declared", "not checked"

TRAIN_MIN, TRAIN_MAX = 200, 2000
EVAL_MIN, EVAL_MAX = 50, 100


def checks_run(settings: Settings) -> list[str]:
    """Codes of the checks the engine selects for these settings (what actually ran)."""
    from ftlint.plugins import PluginError, load_registry, select_codes

    try:
        registry = load_registry()
    except PluginError:
        return []
    return select_codes(registry, settings.select, settings.extend_select, settings.ignore,
                        {c: cls.enabled_by_default for c, cls in registry.items()})


def _family_ran(ran: list[str], prefix: str) -> bool:
    return any(code.startswith(prefix) for code in ran)


def _serious(report: Report, prefix: str) -> list:
    return [f for f in report.findings if f.code.startswith(prefix) and f.severity.rank >= Severity.WARNING.rank]


def _item_training(report: Report) -> ChecklistItem:
    title = f"{TRAIN_MIN}-{TRAIN_MAX} valid unique training examples"
    files = report.stats.get("train") or []
    if not files:
        return ChecklistItem(key="training_examples", title=title, status=NOT_CHECKED, evidence="no training file")
    parts, ok = [], True
    for f in files:
        n = int(f.get("unique_valid_examples", f.get("valid_examples", 0)))
        note = ""
        if n < TRAIN_MIN:
            ok, note = False, f" (under {TRAIN_MIN}: few-shot prompting is likely enough)"
        elif n > TRAIN_MAX:
            note = " (more than the usual range; fine)"
        parts.append(f"{f.get('path')}: {n:,} of {int(f.get('records', 0)):,} records{note}")
    return ChecklistItem(key="training_examples", title=title, status=MET if ok else NOT_MET, evidence="; ".join(parts))


def _item_eval(report: Report, ran: list[str]) -> ChecklistItem:
    title = f"eval set of {EVAL_MIN}-{EVAL_MAX} examples, not leaked"
    ev = report.stats.get("eval")
    if not ev:
        return ChecklistItem(key="eval_set", title=title, status=NOT_CHECKED, evidence="no --eval file given")
    n = int(ev.get("unique_valid_examples", ev.get("valid_examples", 0)))
    evidence = [f"{ev.get('path')}: {n:,} valid unique examples"]
    status = MET
    if n < EVAL_MIN:
        status = NOT_MET
        evidence[0] += f" (under {EVAL_MIN})"
    if not _family_ran(ran, "FT6"):
        evidence.append("leakage not checked (no FT6xx check ran)")
        return ChecklistItem(key="eval_set", title=title, status=status if status == NOT_MET else NOT_CHECKED,
                             evidence="; ".join(evidence))
    leaks = _serious(report, "FT6")
    if leaks:
        status = NOT_MET
        headline = next((f for f in leaks if f.code == "FT605"), None)
        evidence.append(f"leaked: {headline.message}" if headline else f"{len(leaks)} leakage finding(s)")
    else:
        evidence.append("no leakage found")
    return ChecklistItem(key="eval_set", title=title, status=status, evidence="; ".join(evidence))


def _item_declared(key: str, title: str, value: Any, extra: str = "") -> ChecklistItem:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ChecklistItem(key=key, title=title, status=NOT_DECLARED,
                             evidence=f"declare `{key}` in [tool.ftlint.readiness]")
    return ChecklistItem(key=key, title=title, status=MET, evidence=f"{value}{extra}")


def _item_budget(report: Report, decl: ReadinessDeclarations) -> ChecklistItem:
    title = f"cost of {decl.iterations} iterations within budget"
    cost = training_cost(report.stats)
    estimate = None if cost is None else cost[1] * decl.iterations
    shown = "" if estimate is None else f"estimated ${estimate:,.2f} for {decl.iterations} iterations"
    if decl.budget_usd is None:
        return ChecklistItem(key="budget", title=title, status=NOT_DECLARED,
                             evidence="; ".join(filter(None, [shown, "declare `budget_usd` in [tool.ftlint.readiness]"])))
    if estimate is None:
        cost_stats = report.stats.get("cost")
        missing = cost_stats.get("price_missing") if isinstance(cost_stats, dict) else None
        why = f"no training price: {missing}" if missing else "no training cost estimate (no FT4xx token data)"
        return ChecklistItem(key="budget", title=title, status=NOT_CHECKED, evidence=f"budget ${decl.budget_usd:,.2f}; {why}")
    ok = estimate <= decl.budget_usd
    return ChecklistItem(key="budget", title=title, status=MET if ok else NOT_MET,
                         evidence=f"{shown} vs budget ${decl.budget_usd:,.2f}")


def today() -> date:
    """The day the run happens (a function, so tests can fix it)."""
    return date.today()


def _item_provider(settings: Settings):
    """The provider's announced cut-off dates for the target model, or None when it has none."""
    from ftlint.targets import resolve_model

    try:
        model = resolve_model(settings.model)
    except ConfigError:
        return None
    if model.new_jobs_until is None and model.shutdown_on is None:
        return None
    now, source = today(), model.cutoff_source or "targets.toml"
    as_of = f", as of {model.cutoff_as_of.isoformat()}" if model.cutoff_as_of else ""
    title = f"{model.provider} still accepts fine-tuning of {model.name}"
    parts, status = [], MET
    if model.new_jobs_until is not None:
        if now > model.new_jobs_until:
            status = NOT_MET
            parts.append(f"{model.provider} stopped accepting new fine-tuning jobs after {model.new_jobs_until.isoformat()}")
        else:
            parts.append(f"new fine-tuning jobs accepted until {model.new_jobs_until.isoformat()}")
    if model.shutdown_on is not None:
        if now >= model.shutdown_on:
            status = NOT_MET
            parts.append(f"fine-tuned {model.name} models were shut down on {model.shutdown_on.isoformat()}")
        else:
            parts.append(f"fine-tuned {model.name} models shut down on {model.shutdown_on.isoformat()}")
    parts.append(f"announced on {source}{as_of}; consider an open model (`ftlint models`)")
    return ChecklistItem(key="provider_cutoff", title=title, status=status, evidence="; ".join(parts))


def _item_knowledge(report: Report, ran: list[str]) -> ChecklistItem:
    title = "teaches behaviour, not knowledge"
    if not _family_ran(ran, "FT7"):
        return ChecklistItem(key="knowledge", title=title, status=NOT_CHECKED, evidence="no FT7xx check ran")
    found = _serious(report, "FT7")
    if not found:
        return ChecklistItem(key="knowledge", title=title, status=MET, evidence="no knowledge stuffing found")
    headline = next((f for f in found if f.code == "FT701"), found[0])
    return ChecklistItem(key="knowledge", title=title, status=NOT_MET, evidence=headline.message)


def _item_errors(report: Report) -> ChecklistItem:
    errors = Counter(f.code for f in report.findings if f.severity == Severity.ERROR)
    if not errors:
        return ChecklistItem(key="no_errors", title="no error findings", status=MET, evidence="0 errors")
    top = ", ".join(f"{code} x{n:,}" for code, n in errors.most_common(5))
    more = f", and {len(errors) - 5} more codes" if len(errors) > 5 else ""
    return ChecklistItem(key="no_errors", title="no error findings", status=NOT_MET,
                         evidence=f"{sum(errors.values()):,} errors: {top}{more}")


def checklist(report: Report, settings: Settings, ran: list[str]) -> list[ChecklistItem]:
    decl = settings.readiness
    baseline_extra = f" (target {decl.target})" if decl.baseline is not None and decl.target is not None else ""
    items = [
        _item_training(report),
        _item_eval(report, ran),
        _item_declared("metric", "quality metric declared", decl.metric),
        _item_declared("hypothesis", "hypothesis declared", decl.hypothesis),
        _item_declared("baseline", "prompt-engineered baseline declared", decl.baseline, baseline_extra),
        _item_budget(report, decl),
        _item_knowledge(report, ran),
        _item_errors(report),
    ]
    provider = _item_provider(settings)
    if provider is not None:
        items.insert(-1, provider)
    return items


def verdict(items: list[ChecklistItem], report: Report, strict: bool) -> Readiness:
    """NOT READY exactly when the run fails (errors, or warnings under --strict), so the verdict and
    the exit code never disagree; unmet, undeclared or unchecked prerequisites make it READY WITH
    WARNINGS, listed first among the reasons."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    unmet = [f"{i.title}: not met ({i.evidence})" for i in items if i.status == NOT_MET and i.key != "no_errors"]
    failing = []
    if errors:
        failing.append(f"{errors:,} error finding(s)")
    if strict and warnings:
        failing.append(f"{warnings:,} warning finding(s) (--strict)")
    if failing:
        return Readiness(verdict=NOT_READY, reasons=failing + unmet, checklist=items)
    reasons = unmet + [f"{i.title}: {i.status}" for i in items if i.status in (NOT_DECLARED, NOT_CHECKED)]
    if warnings:
        reasons.append(f"{warnings:,} warning finding(s)")
    return Readiness(verdict=WITH_WARNINGS if reasons else READY, reasons=reasons, checklist=items)


def assess(report: Report, settings: Settings) -> Readiness:
    ran = checks_run(settings)
    report.stats["checks_run"] = ran
    if settings.volume is not None:
        from ftlint.costbenefit import cost_benefit_from_stats

        result = cost_benefit_from_stats(report.stats, settings)
        if result is not None:
            report.stats["cost_benefit"] = result.model_dump(mode="json")
    return verdict(checklist(report, settings, ran), report, settings.strict)
