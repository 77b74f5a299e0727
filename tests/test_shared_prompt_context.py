"""FT606 and FT604 on shared scaffolding (issue 15, item 3): a schema, document or header shared by
eval and training prompts is context (FT606, info, with its share), not contamination; the eval
answer's overlap is judged on its own."""
from __future__ import annotations

import random

from conftest import chat, run_check
from test_leakage import ALL, _planted

from ftlint.checks.leakage_summary import LeakageSummary
from ftlint.checks.ngram_contamination import NgramContamination
from ftlint.checks.shared_prompt_context import SharedPromptContext
from ftlint.model import Severity

_COLUMNS = ["id", "name", "email", "created_at", "country", "city", "status", "amount", "currency", "order_id",
            "product_id", "quantity", "price", "discount", "category", "supplier_id", "warehouse", "shipped_at",
            "returned", "rating", "review", "manager_id", "salary", "department", "hired_at", "title"]
_TABLES = ["customers", "orders", "products", "suppliers", "employees", "reviews", "shipments", "payments"]


def _schemas(rng: random.Random) -> list[str]:
    """Related tables share long column lists (the scaffolding of text-to-SQL data)."""
    shared = _COLUMNS[:14]
    return [f"CREATE TABLE {t} ({', '.join(c + ' TEXT' for c in shared + rng.sample(_COLUMNS[14:], 4))});"
            for t in _TABLES]


def text_to_sql(rng: random.Random, schemas: list[str], n: int, offset: int) -> list[dict]:
    out = []
    verbs = ["how many", "list the", "show every", "count the", "which", "find all", "give me the", "name the"]
    for i in range(n):
        k = rng.randrange(len(schemas))
        col, other = rng.sample(_COLUMNS[:14], 2)
        value = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 12)))
        out.append(chat(f"{schemas[k]}\n\nQuestion: {rng.choice(verbs)} {_TABLES[k]} whose {col} is {value}, by "
                        f"{other}?", f"SELECT {other}, COUNT(*) FROM {_TABLES[k]} WHERE {col} = '{value}' GROUP BY "
                        f"{other} ORDER BY {rng.choice(_COLUMNS)} LIMIT {rng.randint(1, 500)}"))
    return out


def test_splits_sharing_only_their_schemas_raise_no_leakage_warning(make_view):
    rng = random.Random(3)
    schemas = _schemas(rng)
    train, evals = text_to_sql(rng, schemas, 400, 0), text_to_sql(rng, schemas, 100, 10_000)
    view = make_view(train, eval_records=evals)
    for check in ALL:
        assert run_check(check, view) == [], check.code
    (summary,) = run_check(LeakageSummary, view)
    assert summary.severity == Severity.INFO and summary.data["contaminated"] == 0
    (context,) = run_check(SharedPromptContext, view)
    assert context.data["sharing"] >= 90 and context.file == view.eval.path  # the rest share under 10%
    shares = [x["share"] for x in context.data["examples"]]
    assert all(0.1 <= s <= 1 for s in shares)
    first = context.data["examples"][0]
    assert f"{int(first['share'] * 1000) / 10:g}% of {first['counted']} prompt n-grams" in context.message


def test_an_eval_answer_found_in_training_is_still_contamination_behind_a_shared_schema(make_view):
    rng = random.Random(4)
    schemas = _schemas(rng)
    train, evals = text_to_sql(rng, schemas, 400, 0), text_to_sql(rng, schemas, 100, 10_000)
    quoted = " ".join(f"word{k}" for k in range(60))  # a long worked answer, in training and in an eval answer
    train.append(chat(f"{schemas[0]}\n\nQuestion: explain the customers table", quoted))
    evals.append(chat(f"{schemas[1]}\n\nQuestion: describe the orders table", quoted + " That is all."))
    view = make_view(train, eval_records=evals)
    problems = [p for check in ALL for p in run_check(check, view)]
    assert [(p.line, [ln for _, ln in p.related][0]) for p in problems] == [(101, 401)]
    plain = evals[:100] + [chat("Question: describe the orders table in your own words please",
                                quoted + " " + " ".join(f"other{k}" for k in range(40)))]
    view = make_view(train, eval_records=plain)  # no schema in its prompt: FT604's to find
    problems = run_check(NgramContamination, view)
    assert [(p.line, [ln for _, ln in p.related][0]) for p in problems] == [(101, 401)]
    assert problems[0].data["contaminated"]
    (context,) = run_check(SharedPromptContext, view)
    assert 101 not in [x["eval_line"] for x in context.data["examples"]]


def test_an_answer_copied_from_its_own_document_is_not_contamination(make_view):
    def qa(lease: str, k: int) -> dict:
        document = " ".join(f"in the {lease} lease clause{j} says the tenant pays on day {j}." for j in range(40))
        return chat(f"{document}\n\nWhen does the tenant pay under clause{k} of the {lease} lease?",
                    f"in the {lease} lease clause{k} says the tenant pays on day {k}.")

    leases = ["harbour", "castle", "meadow", "orchard"]  # four documents, a quarter of the examples each
    train = [qa(lease, k) for lease in leases for k in range(0, 40, 2)]
    evals = [qa(lease, k) for lease in leases for k in range(1, 40, 8)]
    view = make_view(train, eval_records=evals)
    for check in ALL:
        assert run_check(check, view) == [], check.code  # each answer is quoted from the eval's own prompt
    (context,) = run_check(SharedPromptContext, view)
    assert context.data["sharing"] == len(evals)


def test_planted_leaks_are_all_found_with_shared_scaffolding_reported_apart(make_view):
    train, evals, planted = _planted(n_train=1500, n_eval=100, seed=31)
    view = make_view(train, eval_records=evals)
    (summary,) = run_check(LeakageSummary, view)
    assert {x["eval_line"] for x in summary.data["examples"]} == set(planted)
    for x in summary.data["examples"]:
        assert planted[x["eval_line"]][1] in x["train_lines"]
    context = run_check(SharedPromptContext, view)
    listed = {x["eval_line"] for c in context for x in c.data["examples"]}
    assert not listed & set(planted)
