"""Code metrics, clones and debt, through the real CLI and real radon.

- Complexity per function equals radon's own `cc_visit`, raw counts equal `radon raw`,
  the maintainability index equals `radon mi`: on fixtures with tricky constructs and
  on every file of Flask's sdist.
- The `metrics` section's shape in the JSON report.
- Clone groups of renamed copies, with exact locations; test-only clones.
- Debt: the summary and the per-file minutes are the findings' effort, ratio and rating
  follow the documented formulas.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from radon.complexity import cc_rank, cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze
from radon.visitors import Class

from auditor.adapters.radon import function_complexities
from auditor.analysis.debt import rating
from auditor.analysis.metrics import file_metrics, raw_metrics
from auditor.source import SourceFile
from conftest import make_repo, run_cli

CORPUS = Path(__file__).resolve().parent / ".corpus"

TRICKY = '''\
"""A module with every construct radon counts."""
import functools


def decorated(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        def deeper(x):
            return [y for y in x if y if not y] or {k: v for k, v in x}
        return func(*args, **kwargs) if args else deeper(kwargs)
    return wrapper


square = lambda n: n * n if n > 0 else 0


class Outer:
    """Doc."""

    attr = [i for i in range(3) if i]

    def method(self, value):
        try:
            result = value / 2
        except ZeroDivisionError:
            result = 0
        except (TypeError, ValueError):
            result = -1
        else:
            result += 1
        finally:
            pass
        return result

    class Inner:
        def inner_method(self, a, b):
            assert a, "a needed"
            while a and b or not a:
                a -= 1
            else:
                b = 0
            for i in range(3):
                if i:
                    continue
            else:
                pass
            return a

        class Innermost:
            async def deepest(self, items):
                async for item in items:
                    async with item:
                        yield (lambda q: q or 1)(item)

    @staticmethod
    def matcher(command):
        match command:
            case ["go", direction] if direction:
                return 1
            case {"x": x, "y": y}:
                return x + y
            case Point(x=0) | Point(y=0):
                return 0
            case _:
                return None


def factory():
    class Local:
        def hidden(self):
            if self:
                return 1
    return Local


if __name__ == "__main__":
    factory()
'''


def _radon_functions(text: str) -> list[tuple[int, str, int]]:
    """Every function radon reports (closures, methods, inner classes' methods)."""
    out: list[tuple[int, str, int]] = []
    pending = [(b, "") for b in cc_visit(text) if not getattr(b, "is_method", False)]
    while pending:
        block, prefix = pending.pop()
        qual = f"{prefix}.{block.name}" if prefix else block.name
        if isinstance(block, Class):
            pending += [(m, qual) for m in block.methods] + [(c, qual) for c in block.inner_classes]
        else:
            out.append((block.lineno, qual, block.complexity))
            pending += [(c, qual) for c in block.closures]
    return sorted(out)


def _audit_json(root: Path, *args: str) -> dict[str, Any]:
    code, out, err = run_cli("check", root, "-f", "json", "-o", "-", "-q", "--fail-on", "never", *args, cwd=root)
    assert code == 0, err
    return json.loads(out)


def test_complexity_raw_and_mi_equal_radon_on_tricky_constructs(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"tricky.py": TRICKY})
    report = _audit_json(root, "--select", "MNT001")
    entry = report["metrics"]["files"]["tricky.py"]
    ours = sorted((f["line"], f["qualname"], f["complexity"]) for f in entry["functions"])
    theirs = _radon_functions(TRICKY)
    assert ours == theirs
    # Every kind of block is there: closures two deep, inner classes two deep, async.
    quals = {q for _, q, _ in ours}
    assert {"decorated.wrapper.deeper", "Outer.Inner.Innermost.deepest", "Outer.matcher"} <= quals
    assert all(f["rank"] == cc_rank(f["complexity"]) for f in entry["functions"])
    raw = analyze(TRICKY)
    assert (entry["loc"], entry["lloc"], entry["sloc"], entry["comments"], entry["multi"], entry["blank"]) == (
        raw.loc, raw.lloc, raw.sloc, raw.comments, raw.multi, raw.blank
    )
    assert entry["mi"] == round(mi_visit(TRICKY, True), 2)
    method = next(f for f in entry["functions"] if f["qualname"] == "Outer.method")
    assert (method["line"], method["end_line"]) == (22, 33)


def _sdist(spec: str) -> Path:
    name, _, version = spec.partition("==")
    target = CORPUS / f"{name}-{version}"
    if not target.is_dir():
        CORPUS.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(CORPUS), spec],
            check=True,
        )
        with tarfile.open(next(CORPUS.glob(f"{name}-{version}.tar.gz"))) as tar:
            tar.extractall(CORPUS, filter="data")
    return target


def test_every_flask_function_agrees_with_radon() -> None:
    try:
        tree = _sdist("flask==3.1.2")
    except (subprocess.CalledProcessError, StopIteration, OSError) as exc:
        pytest.skip(f"Flask's sdist is not available offline: {exc}")
    functions = files = 0
    disagree: list[str] = []
    for path in sorted(tree.rglob("*.py")):
        source = SourceFile(path.relative_to(tree).as_posix(), path.read_bytes())
        text = source.text
        ours = sorted((f.line, f.qualname, f.complexity) for f in function_complexities(source))
        theirs = _radon_functions(text)
        raw = raw_metrics(source)
        mi = file_metrics(source, False)["mi"]
        if ours != theirs:
            disagree.append(f"{source.relpath}: complexity")
        if tuple(raw.__dict__.values()) != tuple(analyze(text)):
            disagree.append(f"{source.relpath}: raw")
        if mi != round(mi_visit(text, True), 2):
            disagree.append(f"{source.relpath}: mi")
        functions += len(theirs)
        files += 1
    assert files > 50 and functions > 1000
    assert not disagree, disagree


def test_metrics_section_shape_and_coverage(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {
            "shop/__init__.py": '"""Shop."""\n',
            "shop/cart.py": '''\
                """Cart."""


                def total(items: list[int]) -> int:
                    """Sum."""
                    return sum(items)


                def count(items):
                    return len(items)


                class Cart:
                    def add(self, item: int) -> None:
                        self.items.append(item)

                    def _check(self):
                        return True
                ''',
            "tests/test_cart.py": "def test_total():\n    assert True\n",
        },
    )
    report = _audit_json(root)
    metrics = report["metrics"]
    cart = metrics["files"]["shop/cart.py"]
    for key in ("loc", "sloc", "mi", "rating", "functions", "duplicated_lines_percent", "debt_minutes", "debt_ratio"):
        assert key in cart, key
    assert [f["qualname"] for f in cart["functions"]] == ["total", "count", "Cart.add", "Cart._check"]
    assert set(cart["functions"][0]) == {"name", "qualname", "line", "end_line", "complexity", "rank"}
    assert (cart["typed_functions"], cart["all_functions"]) == (2, 4)
    # Public API: the module, total, count, Cart, Cart.add (not _check); documented: 2.
    assert (cart["public_api"], cart["documented_api"]) == (5, 2)
    project = metrics["project"]
    for key in ("loc", "sloc", "duplicated_lines_percent", "type_hint_coverage", "docstring_coverage",
                "debt_minutes", "debt_ratio", "rating"):
        assert key in project, key
    # Type hints on production code only: 2 of 4 (the test function is left out).
    assert project["type_hint_coverage"] == 50.0
    # Docstrings: shop (documented), cart module, total, count, Cart, Cart.add -> 3 of 6.
    assert project["docstring_coverage"] == 50.0
    assert project["sloc"] == sum(f["sloc"] for f in metrics["files"].values())


COPY = '''\
def {name}(path, {extra}):
    rows = []
    with open(path) as fh:
        for line in fh:
            parts = line.strip().split("{sep}")
            if len(parts) != {n}:
                continue
            rows.append({{"id": int(parts[0]), "name": parts[1], "{field}": parts[2]}})
    return rows
'''


def test_renamed_copies_form_one_group_with_exact_locations(tmp_path: Path) -> None:
    head = "import os\n\n\n"
    users = head + COPY.format(name="load_users", extra="strict", sep=",", n=3, field="email")
    items = head + "X = 1\n\n\n" + COPY.format(name="load_items", extra="mode", sep=";", n=4, field="price")
    # Same tokens, different block structure (the `continue` one level out): no clone.
    other = COPY.format(name="load_other", extra="x", sep=",", n=3, field="f").replace(
        "                continue", "            continue"
    ).replace("            if len(parts) != 3:\n", "            if len(parts) != 3:\n                pass\n")
    root = make_repo(
        tmp_path / "repo",
        {"app/users.py": users, "app/items.py": items, "app/other.py": other, "app/__init__.py": ""},
    )
    report = _audit_json(root, "--select", "MNT010")
    found = [f for f in report["findings"] if f["rule"] == "MNT010"]
    assert len(found) == 1, found
    f = found[0]
    assert (f["file"], f["line"], f["end_line"]) == ("app/items.py", 7, 15)
    assert "app/items.py:7-15, app/users.py:4-12" in f["message"]
    assert "app/other.py" not in f["message"]
    assert "9 statements (9 lines" in f["message"]
    assert f["effort_minutes"] == 10 + 9 // 2  # scaled by the statements merged
    files = report["metrics"]["files"]
    assert files["app/users.py"]["duplicated_lines"] == 9
    assert files["app/users.py"]["duplicated_lines_percent"] == round(9 / 12 * 100, 1)
    assert files["app/other.py"]["duplicated_lines"] == 0


def test_small_or_test_only_clones_are_not_reported(tmp_path: Path) -> None:
    small = "def f(a):\n    b = a + 1\n    c = b * 2\n    return c\n"
    copy = COPY.format(name="load", extra="x", sep=",", n=3, field="f")
    root = make_repo(
        tmp_path / "repo",
        {
            "app/a.py": small,
            "app/b.py": small.replace("f(a)", "g(x)"),
            "tests/test_a.py": copy,
            "tests/test_b.py": copy.replace("load", "load2"),
        },
    )
    assert not [f for f in _audit_json(root, "--select", "MNT010")["findings"] if f["rule"] == "MNT010"]
    config = root / "audit.toml"
    config.write_text('[tool.auditor.options.MNT010]\ninclude-tests = true\n')
    report = _audit_json(root, "--select", "MNT010", "--config", str(config))
    assert [(f["file"], f["line"]) for f in report["findings"] if f["rule"] == "MNT010"] == [("tests/test_a.py", 1)]


def test_debt_sums_ratio_and_rating(tmp_path: Path) -> None:
    body = "".join(f"    x += {i}\n" for i in range(120))
    root = make_repo(
        tmp_path / "repo",
        {
            "app/big.py": "def long(x):\n" + body + "    return x\n\n\ndef add(tag, tags=[]):\n    global STATE\n    return tags\n",
            "app/small.py": "# TODO: later\nVALUE = 1\n",
        },
    )
    report = _audit_json(root, "--select", "MNT")
    findings = report["findings"]
    summary = report["summary"]
    assert summary["debt_minutes"] == sum(f["effort_minutes"] for f in findings) > 0
    by_category: dict[str, int] = {}
    for f in findings:
        by_category[f["category"]] = by_category.get(f["category"], 0) + f["effort_minutes"]
    assert summary["debt_by_category"] == by_category
    rules = {f["rule"]: f for f in findings if f["file"] == "app/big.py"}
    assert {"MNT002", "MNT013", "MNT014"} <= set(rules)
    assert rules["MNT002"]["effort_minutes"] == 30 + (121 - 100) // 5  # scaled by size
    files = report["metrics"]["files"]
    big = files["app/big.py"]
    assert big["debt_minutes"] == sum(f["effort_minutes"] for f in findings if f["file"] == "app/big.py")
    assert big["debt_ratio"] == round(big["debt_minutes"] / (big["sloc"] * 30), 4)
    assert big["rating"] == rating(big["debt_minutes"] / (big["sloc"] * 30))
    small = files["app/small.py"]
    assert (small["debt_minutes"], small["sloc"]) == (10, 1)
    assert small["rating"] == "D"  # 10 / (1 x 30) = 0.33
    project = report["metrics"]["project"]
    assert project["debt_minutes"] == summary["debt_minutes"]


def test_rating_grid() -> None:
    assert [rating(r) for r in (0.0, 0.05, 0.0501, 0.1, 0.2, 0.5, 0.51)] == ["A", "A", "B", "B", "C", "D", "E"]


def test_a_very_complex_function_is_high_in_product_code_and_medium_in_tests(tmp_path: Path) -> None:
    from auditor.api import audit
    from auditor.config import Config

    body = "def check(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(25)) + "    return -1\n"
    for rel in ("app/rules.py", "tests/test_rules.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(body)
    result = audit([tmp_path], Config(select=("MNT001",)), jobs=1)
    assert {(f.file, f.severity.value) for f in result.findings} == {("app/rules.py", "high"), ("tests/test_rules.py", "medium")}
