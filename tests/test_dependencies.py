"""Dependency manifests, import-name mapping, the DEP rules, and offline advisories.

Manifests are real files written by each test; advisories come from the PyPA advisory
database snapshot in `../shared/data/` (unpacked once per session into a temp folder).
"""

from __future__ import annotations

import json
import shutil
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from auditor.analysis.advisories import (
    AdvisoryDB,
    AdvisoryError,
    cvss3_base_score,
    import_into_store,
    load_path,
    load_store,
    parse_osv,
    severity_of_score,
)
from auditor.analysis.manifests import (
    Manifests,
    distributions_for,
    import_prefixes,
    manifests,
    poetry_specifier,
)
from auditor.analysis.package_data import IMPORT_NAMES
from auditor.api import audit, project_index
from auditor.config import Config
from auditor.model import Severity
from tests.conftest import assert_usage_error, make_repo, run_cli

SNAPSHOT = Path(__file__).resolve().parents[2] / "shared" / "data" / "pypa-advisory-database.tar.gz"


def read(root: Path) -> Manifests:
    return manifests(project_index([root]))


def findings(root: Path, rule: str, **config: object) -> list[tuple[str, int, str]]:
    result = audit([root], Config(select=(rule,), per_file_ignores=(), **config), jobs=1)  # type: ignore[arg-type]
    return [(f.file, f.line, f.message) for f in result.findings if f.rule == rule]


@pytest.fixture(scope="session")
def vulns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SNAPSHOT.is_file():
        pytest.skip(f"advisory snapshot not found at {SNAPSHOT}")
    out = tmp_path_factory.mktemp("pypa")
    with tarfile.open(SNAPSHOT) as tar:
        tar.extractall(out, filter="data")
    return out / "vulns"


# ------------------------------------------------------------------ manifests


def test_requirements_includes_markers_hashes_extras_urls_and_cycles(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "requirements.txt": """\
                # production
                -r requirements/base.txt
                --index-url https://example.org/simple
                requests[socks]==2.32.3 ; python_version >= "3.8"  # pinned
                celery>=5.4,<6 \\
                    --hash=sha256:0123456789abcdef
                -e git+https://github.com/org/lib.git@v1.2#egg=orglib
                -e ./vendor/localpkg
                https://example.org/wheels/thing-1.0-py3-none-any.whl
                -c constraints.txt
                """,
            "requirements/base.txt": "-r ../requirements.txt\nDjango~=5.1.0\n",
            "requirements-dev.txt": "-r requirements.txt\npytest==8.3.3\n",
            "constraints.txt": "urllib3==2.2.3\n",
            "app/__init__.py": "",
        },
    )
    found = read(root)
    by_name = {(d.name, d.file): d for d in found.declared}
    req = by_name["requests", "requirements.txt"]
    assert (req.line, req.specifier, req.extras, req.group) == (4, "==2.32.3", ("socks",), "runtime")
    assert 'python_version >= "3.8"' in req.marker and req.pinned_version == "2.32.3"
    celery = by_name["celery", "requirements.txt"]
    assert (celery.line, celery.hashes, celery.pinned_version) == (5, True, None)
    assert by_name["orglib", "requirements.txt"].url.startswith("git+https://")
    assert by_name["django", "requirements/base.txt"].line == 2  # included, read once despite the cycle
    assert by_name["pytest", "requirements-dev.txt"].group == "dev"
    assert not any(d.name == "localpkg" for d in found.declared)
    assert [(lk.name, lk.version, lk.file) for lk in found.locked] == [("urllib3", "2.2.3", "constraints.txt")]
    assert found.errors == []


def test_requirements_missing_include_and_garbage_are_file_errors(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"requirements.txt": "-r nothere.txt\nflask==3.0\n!!! not a requirement\n", "a.py": ""})
    found = read(root)
    assert [d.name for d in found.declared] == ["flask"]
    assert [e for e in found.errors] == [
        ("requirements.txt", "line 1: included file nothere.txt not found"),
        ("requirements.txt", "line 3: not a requirement: !!! not a requirement"),
    ]
    assert "" in found.incomplete


def test_pyproject_pep621_groups_poetry_and_pdm(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": """\
                [build-system]
                requires = ["setuptools>=69"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "shop"
                dependencies = [
                    "requests>=2.28",
                    "tzdata; sys_platform == 'win32'",
                ]

                [project.optional-dependencies]
                redis = ["redis>=5"]
                test = ["pytest>=8"]

                [dependency-groups]
                lint = ["ruff==0.6.9", {include-group = "test"}]

                [tool.poetry.dependencies]
                python = "^3.11"
                httpx = "^0.27.2"
                pendulum = { version = "~3.0", optional = true }
                attrs = "23.2.0"

                [tool.poetry.group.docs.dependencies]
                sphinx = "*"

                [tool.pdm.dev-dependencies]
                bench = ["pyperf>=2.6"]
                """,
            "shop/__init__.py": "",
        },
    )
    found = read(root)
    got = {d.name: (d.line, d.group, d.group_name, d.specifier) for d in found.declared}
    assert got["requests"] == (8, "runtime", "", ">=2.28")
    assert got["tzdata"][:2] == (9, "runtime")
    assert got["redis"] == (13, "optional", "redis", ">=5")
    assert got["pytest"] == (14, "dev", "test", ">=8")
    assert got["ruff"] == (17, "dev", "lint", "==0.6.9")
    assert got["httpx"] == (21, "runtime", "", ">=0.27.2,<0.28")
    assert got["pendulum"][1:] == ("optional", "optional", ">=3.0,<3.1")
    assert got["attrs"] == (23, "runtime", "", "==23.2.0")
    assert got["sphinx"] == (26, "dev", "docs", "")
    assert got["pyperf"] == (29, "dev", "bench", ">=2.6")
    assert "python" not in got
    assert found.libraries == {"": "shop"}


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [("^1.2.3", ">=1.2.3,<2"), ("^0.2.3", ">=0.2.3,<0.3"), ("^0.0.3", ">=0.0.3,<0.0.4"), ("~1.2", ">=1.2,<1.3"),
     ("1.2.3", "==1.2.3"), ("*", ""), (">=1,<2", ">=1,<2"), ("1.2.*", "==1.2.*")],
)
def test_poetry_constraints_become_pep440(poetry: str, pep440: str) -> None:
    assert poetry_specifier(poetry) == pep440


def test_setup_cfg_and_setup_py_read_statically(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "setup.cfg": """\
                [metadata]
                name = cfgpkg

                [options]
                install_requires =
                    click>=8
                    rich==13.7.1

                [options.extras_require]
                yaml = PyYAML>=6
                """,
            "tool/setup.py": """\
                import pathlib
                pathlib.Path("EXECUTED").write_text("setup.py ran")
                BASE = ["requests>=2"]
                EXTRA = {"fast": ["orjson==3.10.7"]}
                setup(
                    name="pypkg",
                    install_requires=BASE + ["idna"],
                    extras_require=EXTRA,
                )
                """,
            "cfgpkg/__init__.py": "",
        },
    )
    found = read(root)
    got = {d.name: (d.file, d.line, d.group) for d in found.declared}
    assert got["click"] == ("setup.cfg", 6, "runtime")
    assert got["rich"] == ("setup.cfg", 7, "runtime")
    assert got["pyyaml"] == ("setup.cfg", 10, "optional")
    assert got["requests"] == ("tool/setup.py", 3, "runtime")
    assert got["idna"] == ("tool/setup.py", 7, "runtime")
    assert got["orjson"] == ("tool/setup.py", 4, "optional")
    assert found.libraries == {"": "cfgpkg", "tool": "pypkg"}
    assert not (root / "EXECUTED").exists() and not (root / "tool" / "EXECUTED").exists()


def test_setup_cfg_extras_interpolate_as_setuptools_reads_them(tmp_path: Path) -> None:
    """SQLAlchemy's setup.cfg: `postgresql_asyncpg = %(asyncio)s asyncpg` means greenlet
    and asyncpg; it is not an invalid requirement. A `%` that is no interpolation stays."""
    root = make_repo(
        tmp_path,
        {
            "setup.cfg": """\
                [options.extras_require]
                asyncio =
                    greenlet>=1
                postgresql_asyncpg =
                    %(asyncio)s
                    asyncpg
                """,
            "setup2/setup.cfg": "[options]\ninstall_requires =\n    demo%odd\n",
        },
    )
    found = read(root)
    names = sorted(d.name for d in found.declared if d.file == "setup.cfg")
    assert names == ["asyncpg", "greenlet", "greenlet"]
    assert found.errors == [("setup2/setup.cfg", "invalid requirement 'demo%odd'")]


def test_pipfile_and_every_lock_format(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "Pipfile": '[packages]\nrequests = "==2.19.0"\nflask = {version = ">=3", extras = ["async"]}\n\n[dev-packages]\npytest = "*"\n',
            "Pipfile.lock": json.dumps(
                {"_meta": {}, "default": {"requests": {"version": "==2.19.0"}}, "develop": {"pytest": {"version": "==8.3.3"}}},
                indent=4,
            ),
            "poetry/poetry.lock": '[[package]]\nname = "Jinja2"\nversion = "3.1.3"\n\n[[package]]\nname = "markupsafe"\nversion = "2.1.5"\n',
            "uv/uv.lock": 'version = 1\n\n[[package]]\nname = "me"\nversion = "0.1.0"\nsource = { editable = "." }\n\n'
            '[[package]]\nname = "idna"\nversion = "3.6"\nsource = { registry = "https://pypi.org/simple" }\n',
            "pdm/pdm.lock": '[metadata]\ngroups = ["default"]\n\n[[package]]\nname = "certifi"\nversion = "2024.2.2"\n',
            "app.py": "",
        },
    )
    found = read(root)
    got = {d.name: (d.line, d.group, d.specifier, d.extras) for d in found.declared}
    assert got == {
        "requests": (2, "runtime", "==2.19.0", ()),
        "flask": (3, "runtime", ">=3", ("async",)),
        "pytest": (6, "dev", "", ()),
    }
    locked = {(lk.file, lk.name, lk.version, lk.line) for lk in found.locked}
    assert ("Pipfile.lock", "requests", "2.19.0", 4) in locked
    assert ("Pipfile.lock", "pytest", "8.3.3", 9) in locked
    assert ("poetry/poetry.lock", "jinja2", "3.1.3", 2) in locked
    assert ("poetry/poetry.lock", "markupsafe", "2.1.5", 6) in locked
    assert ("uv/uv.lock", "idna", "3.6", 9) in locked
    assert not any(lk.name == "me" for lk in found.locked)  # the project itself
    assert ("pdm/pdm.lock", "certifi", "2024.2.2", 5) in locked
    assert found.lock_files == ["Pipfile.lock", "pdm/pdm.lock", "poetry/poetry.lock", "uv/uv.lock"]


def test_malformed_manifests_are_reported_file_errors_not_crashes(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": "[project\nname = 'x'\n",
            "Pipfile.lock": "{not json",
            "sub/poetry.lock": "package = 3\n",
            "sub/setup.cfg": "[options]\ninstall_requires =\n    ===broken\n",
            "requirements.txt": "requests==2.19.0\n",
            "app/__init__.py": "import yaml\n",
        },
    )
    result = audit([root], Config(select=("DEP",), per_file_ignores=()), jobs=1)
    errors = {(e.file, e.kind.value, e.message.split(":")[0]) for e in result.errors}
    assert ("pyproject.toml", "parse-error", "invalid TOML") in errors
    assert ("Pipfile.lock", "parse-error", "invalid JSON") in errors
    assert any(e.file == "sub/poetry.lock" and "array of tables" in e.message for e in result.errors)
    assert any(e.file == "sub/setup.cfg" and "invalid requirement" in e.message for e in result.errors)
    assert len(result.errors) == 4  # each once, though six rules read them
    assert not any(e.kind.value == "rule-crash" for e in result.errors)
    # The root's manifests are incomplete: no "missing dependency" guesses there.
    assert not [f for f in result.findings if f.rule == "DEP001"]


def test_malformed_manifest_through_the_cli(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"pyproject.toml": "[project]\ndependencies = 'requests'\n", "a.py": "import os\n"})
    code, out, err = run_cli(root, "--select", "DEP", "-f", "json", "-o", "-", "-q", cwd=tmp_path)
    assert code == 0 and "Traceback" not in err
    assert json.loads(out)["errors"] == [
        {"file": "pyproject.toml", "kind": "parse-error", "message": "`project.dependencies` must be a list of requirement strings"}
    ]


# ------------------------------------------------------------------ import names


def test_import_name_mapping() -> None:
    assert len(IMPORT_NAMES) >= 80
    assert import_prefixes("PyYAML") == ("yaml",)
    assert import_prefixes("Pillow") == ("PIL",)
    assert import_prefixes("scikit-learn") == ("sklearn",)
    assert import_prefixes("python-dateutil") == ("dateutil",)
    assert import_prefixes("protobuf") == ("google.protobuf",)
    assert "beautifulsoup4" in distributions_for("bs4")
    assert "opencv-python" in distributions_for("cv2")
    assert "pyjwt" in distributions_for("jwt")
    # Not in the table: the auditor's own environment knows (packaging installs `packaging`).
    assert "jsonschema_specifications" in import_prefixes("jsonschema-specifications")
    assert "typer" in import_prefixes("typer")


# ------------------------------------------------------------------ the rules on small repos


def test_dep001_scopes_nested_projects_and_names_the_distribution(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "requirements.txt": "flask==3.0.3\n",
            "app/__init__.py": "import flask\nimport yaml\n",
            "app/views.py": "def f():\n    import yaml\n",
            "examples/celery/requirements.txt": "celery==5.4.0\n",
            "examples/celery/worker.py": "import celery\nimport flask\n",
            "services/api/requirements.txt": "fastapi==0.115.0\n",
            "services/api/main.py": "import fastapi\nimport flask\nimport httpx\n",
        },
    )
    got = findings(root, "DEP001")
    assert [(f, line) for f, line, _ in got] == [("app/__init__.py", 2), ("services/api/main.py", 3)]
    assert "`yaml` (provided by pyyaml) is imported but no manifest declares it (requirements.txt)" in got[0][2]
    assert "also imported in 1 other file(s): app/views.py" in got[0][2]


def test_dep001_documentation_examples_may_use_development_dependencies(tmp_path: Path) -> None:
    """FastAPI keeps its tutorials' code in docs_src/: their imports (sqlmodel, pyjwt) are
    the docs build's dependencies, declared in a dev group; the package's are checked."""
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "web"\ndependencies = ["starlette"]\n'
            '[project.optional-dependencies]\ndev = ["sqlmodel", "pyjwt"]\n',
            "web/__init__.py": "import starlette\nimport sqlmodel\n",
            # an application of its own (an entry point), as FastAPI's tutorials are
            "docs_src/security/tutorial004.py": "import jwt\nimport sqlmodel\n"
            "from starlette.applications import Starlette\n\napp = Starlette()\n",
        },
    )
    assert [(f, line) for f, line, _ in findings(root, "DEP001")] == [("web/__init__.py", 2)]


def test_dep001_library_optional_backends_are_not_missing(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "lib"\ndependencies = ["asgiref>=3"]\n',
            "lib/__init__.py": "from lib import core\n",
            "lib/core.py": "import asgiref\nimport sqlparse\n",
            "lib/backends/__init__.py": "",
            "lib/backends/jinja.py": "import jinja2\n",
        },
    )
    got = findings(root, "DEP001")
    assert [(f, line) for f, line, _ in got] == [("lib/core.py", 2)]


def test_dep002_unused_with_extras_settings_strings_and_procfile(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "requirements.txt": "requests==2.32.3\ngunicorn==23.0.0\nhuey==2.5.0\narrow==1.3.0\ndjango-filter==24.3\nrq==1.16\n",
            "Procfile": "worker: rq worker default\n",
            "app/__init__.py": "import requests\n",
            "app/settings.py": 'INSTALLED_APPS = ["django_filters"]\nHUEY = {"name": "x"}\n',
        },
    )
    got = findings(root, "DEP002")
    assert [(f, line) for f, line, _ in got] == [("requirements.txt", 3), ("requirements.txt", 4)]
    assert got[1][2] == "`arrow` is declared in requirements.txt but no module imports it (import name: arrow)"


def test_dep003_lock_file_or_compiled_requirements_silence_it(tmp_path: Path) -> None:
    loose = make_repo(tmp_path / "a", {"requirements.txt": "django>=4.2\nrequests\n", "app.py": ""})
    assert [(f, line) for f, line, _ in findings(loose, "DEP003")] == [("requirements.txt", 1)]
    compiled = make_repo(
        tmp_path / "b",
        {"requirements.in": "django>=4.2\n", "requirements.txt": "django==5.1.4\n    # via -r requirements.in\n", "app.py": ""},
    )
    assert findings(compiled, "DEP003") == []
    pipenv = make_repo(tmp_path / "c", {"Pipfile": '[packages]\ndjango = "*"\n', "Pipfile.lock": '{"default": {}}', "app.py": ""})
    assert findings(pipenv, "DEP003") == []


def test_dep004_only_for_libraries_and_not_for_siblings(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
            '[project]\nname = "lib"\ndependencies = [\n  "attrs==23.2.0",\n  "lib-core==1.0",\n  "click>=8",\n]\n'
            '[project.optional-dependencies]\ntest = ["pytest==8.3.3"]\n',
            "lib/__init__.py": "",
            "core/pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "lib-core"\n',
            "core/lib_core/__init__.py": "",
        },
    )
    got = findings(root, "DEP004")
    assert [(f, line) for f, line, _ in got] == [("pyproject.toml", 7)]
    assert got[0][2].startswith("`attrs==23.2.0` pins one exact version in the install requirements of the library lib")


def test_dep006_deprecated_packages_and_removed_modules(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "requirements.txt": "nose==1.3.7\nmock==5.1.0\nenum34==1.1.10 ; python_version < '3.4'\n",
            "app/__init__.py": "import imp\nfrom distutils.util import strtobool\n",
        },
    )
    got = findings(root, "DEP006")
    assert [(f, line) for f, line, _ in got] == [
        ("app/__init__.py", 1), ("app/__init__.py", 2), ("requirements.txt", 1), ("requirements.txt", 2)
    ]
    assert got[2][2] == "`nose` is unmaintained since 2015 and broken on Python 3.10+: use pytest instead"
    assert "removed from the standard library in Python 3.12: use importlib" in got[0][2]


# ------------------------------------------------------------------ advisories


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", None),
        ("CVSS:3.1/AV:X", None),
    ],
)
def test_cvss3_base_score(vector: str, score: float | None) -> None:
    assert cvss3_base_score(vector) == score


def test_severity_of_score() -> None:
    assert [severity_of_score(s) for s in (9.8, 7.0, 6.9, 0.1, 0.0)] == [
        Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
    ]


def test_requests_2_19_0_reports_cve_2018_18074_fixed_in_2_20_0(vulns: Path) -> None:
    db = load_path(vulns, ["requests"])
    matches = {m.advisory.id: m for m in db.match("requests", "2.19.0")}
    assert "PYSEC-2018-28" in matches
    assert "CVE-2018-18074" in matches["PYSEC-2018-28"].advisory.aliases
    assert matches["PYSEC-2018-28"].fixed == "2.20.0"
    assert "PYSEC-2018-28" not in {m.advisory.id for m in db.match("requests", "2.20.0")}


def test_django_ranges_agree_with_the_listed_versions(vulns: Path) -> None:
    """An independent reading: PyPA lists every affected release next to the ranges; the
    range evaluation must say "affected" for exactly those releases."""
    db = load_path(vulns, ["django"])
    advisories = db.by_name["django"]
    assert len(advisories) > 100
    listed: dict[str, set[str]] = {}
    for adv in advisories:
        for entry in adv.affected:
            if entry.name == "django":
                listed.setdefault(adv.id, set()).update(entry.versions)
    every = sorted({v for vs in listed.values() for v in vs}, key=Version)
    checked = 0
    for adv in advisories:
        if not listed.get(adv.id):
            continue
        ranged = AdvisoryDB()
        ranged.add(type(adv)(adv.id, adv.aliases, adv.summary, tuple(
            type(e)(e.name, e.ranges, frozenset()) for e in adv.affected), adv.severity, adv.score, adv.url))
        for version in every:
            # PyPA also lists pre-releases of the version a range starts at (3.2a1 for
            # "introduced: 3.2"); the full match (ranges or list) reports those too.
            if Version(version).is_prerelease:
                continue
            assert bool(ranged.match("django", version)) == (version in listed[adv.id]), (adv.id, version)
            checked += 1
        assert all(any(m.advisory.id == adv.id for m in db.match("django", v)) for v in listed[adv.id])
    assert checked > 10000


def test_withdrawn_advisories_are_never_reported(vulns: Path) -> None:
    path = vulns / "redis" / "PYSEC-2023-73.yaml"
    data = yaml.safe_load(path.read_text())
    assert data.get("withdrawn")
    assert parse_osv(data) is None
    version = sorted(data["affected"][0]["versions"])[0]
    db = load_path(vulns, ["redis"])
    assert "PYSEC-2023-73" not in {m.advisory.id for m in db.match("redis", version)}


def test_last_affected_and_explicit_versions(tmp_path: Path) -> None:
    doc = {
        "id": "TEST-1",
        "modified": "2024-01-01T00:00:00Z",
        "details": "Broken.",
        "affected": [
            {"package": {"ecosystem": "PyPI", "name": "Some_Pkg"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"last_affected": "1.4"}]}],
             "versions": ["0.9.1"]},
            {"package": {"ecosystem": "npm", "name": "some-pkg"}, "versions": ["3.0.0"]},
        ],
    }
    (tmp_path / "t.json").write_text(json.dumps(doc))
    db = load_path(tmp_path / "t.json")
    assert [bool(db.match("some-pkg", v)) for v in ("0.9", "0.9.1", "1.0", "1.4", "1.4.1", "3.0.0")] == [
        False, True, True, True, False, False
    ]
    assert db.match("some.pkg", "1.2")[0].last_affected == "1.4"


def test_zip_export_and_broken_documents(tmp_path: Path, vulns: Path) -> None:
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted((vulns / "requests").glob("*.yaml")):
            zf.writestr(f"{path.stem}.json", json.dumps(yaml.safe_load(path.read_text()), default=str))
        zf.writestr("BROKEN.json", '{"id": "X", "affected": [{"package": {"name": "requests", ')
    db = load_path(archive, ["requests"])
    assert {m.advisory.id for m in db.match("requests", "2.19.0")} >= {"PYSEC-2018-28", "PYSEC-2023-74"}
    assert db.problems and db.problems[0][0] == "BROKEN.json"
    with pytest.raises(AdvisoryError, match="no such file"):
        load_path(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(AdvisoryError, match="no OSV advisory files"):
        load_path(tmp_path / "empty")


def test_advisory_load_and_match_time_on_the_snapshot(vulns: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    db = load_path(vulns, ["requests", "django", "jinja2", "urllib3", "flask", "werkzeug"])
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    hits = sum(len(db.match(n, v)) for n, v in [("django", "3.2.0"), ("requests", "2.19.0"), ("jinja2", "2.10")] * 100)
    matched = time.perf_counter() - started
    assert hits == 100 * (25 + 2 + len(db.match("jinja2", "2.10")))
    with capsys.disabled():
        print(f"\n[advisories] {len(db)} advisories for 6 packages loaded in {loaded:.2f}s; 300 matches in {matched * 1000:.1f}ms")


# ------------------------------------------------------------------ DEP005 end to end


def _pinned_repo(root: Path) -> Path:
    return make_repo(
        root,
        {
            "requirements.txt": "requests==2.19.0\nflask>=2\n",
            "poetry.lock": '[[package]]\nname = "Django"\nversion = "4.2.10"\n',
            "app/__init__.py": "import requests\n",
        },
    )


def test_dep005_with_advisories_option_reports_pins_and_locks(tmp_path: Path, vulns: Path) -> None:
    root = _pinned_repo(tmp_path / "repo")
    result = audit([root], Config(select=("DEP005",), per_file_ignores=(), advisories=str(vulns)), jobs=1)
    got = {(f.file, f.line): f for f in result.findings}
    assert set(got) == {("requirements.txt", 1), ("poetry.lock", 2)}
    req = got["requirements.txt", 1]
    assert req.message.startswith("requests 2.19.0 has 2 known vulnerabilities: ")
    assert "PYSEC-2018-28 (CVE-2018-18074, GHSA-x84v-xcm2-53pg)" in req.message
    assert req.message.endswith("; upgrade to 2.31.0 or later")
    django = got["poetry.lock", 2]
    assert django.message.startswith("django 4.2.10 has ")
    assert django.message.endswith("upgrade to 4.2.16 or later")
    assert result.errors == ()


def test_store_import_via_cli_then_offline_audit(tmp_path: Path, vulns: Path) -> None:
    cache = tmp_path / "cache"
    env = ("env", f"AUDITOR_CACHE_DIR={cache}")
    code, out, err = run_cli("advisories", "import", vulns, cwd=tmp_path, prefix=env)
    assert code == 0, err
    assert "withdrawn" in out and (cache / "advisories.sqlite3").is_file()
    stored = load_store(["requests"], cache / "advisories.sqlite3")
    assert stored is not None and "PYSEC-2018-28" in {a.id for a in stored.by_name["requests"]}
    assert not any(a.id == "PYSEC-2023-73" for a in (load_store(["redis"], cache / "advisories.sqlite3") or AdvisoryDB()).by_name.get("redis", []))
    root = _pinned_repo(tmp_path / "repo")
    prefix = ("unshare", "-n", *env) if _can_unshare() else env
    code, out, err = run_cli(root, "--select", "DEP005", "-f", "json", "-o", "-", "-q", cwd=tmp_path, prefix=prefix)
    assert code == 1, err
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert any("CVE-2018-18074" in m for m in messages)
    code, out, _ = run_cli("advisories", "info", cwd=tmp_path, prefix=env)
    assert code == 0 and "2651 advisories" in out


def _can_unshare() -> bool:
    import subprocess

    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_advisories_bad_paths_are_one_line_errors(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", {"requirements.txt": "requests==2.19.0\n", "a.py": ""})
    assert_usage_error(run_cli(root, "--advisories", tmp_path / "nope", "-q", cwd=tmp_path), "--advisories", "no such file")
    (tmp_path / "notes.txt").write_text("hello")
    assert_usage_error(run_cli(root, "--advisories", tmp_path / "notes.txt", "-q", cwd=tmp_path), "not a folder, zip")
    assert_usage_error(run_cli("advisories", "import", tmp_path / "nope", cwd=tmp_path), "no such file")
    (root / "pyproject.toml").write_text('[tool.auditor]\nadvisories = "osv"\n')
    assert_usage_error(run_cli(root, "-q", cwd=tmp_path), "`advisories`", "no such file")
    code, out, err = run_cli("advisories", "update", "--url", "http://127.0.0.1:9/all.zip", cwd=tmp_path)
    assert_usage_error((code, out, err), "cannot download")


def test_config_advisories_path_is_relative_to_the_config_file(tmp_path: Path, vulns: Path) -> None:
    root = make_repo(tmp_path / "repo", {"requirements.txt": "requests==2.19.0\n", "a.py": ""})
    shutil.copytree(vulns / "requests", root / "osv" / "requests")
    (root / "pyproject.toml").write_text('[tool.auditor]\nadvisories = "osv"\nexclude = ["osv/"]\n')
    code, out, err = run_cli(root, "--select", "DEP005", "-f", "json", "-o", "-", "-q", cwd=tmp_path)
    assert code == 1, err
    assert [f["line"] for f in json.loads(out)["findings"]] == [1]


def test_dep001_optional_import_patterns_of_a_library(tmp_path: Path) -> None:
    """requests' own patterns: fallbacks in the except branch, imports in `else:`, imports
    under a feature flag; and a setup.py whose name is computed still makes a library."""
    root = make_repo(
        tmp_path,
        {
            "setup.py": 'about = {}\nsetup(name=about["__title__"], install_requires=["urllib3>=1.21"])\n',
            "src/req/__init__.py": "from req import compat, help\n",
            "src/req/compat.py": """\
                try:
                    import simplejson as json
                    has_simplejson = True
                except ImportError:
                    import json
                    has_simplejson = False
                try:
                    import threading
                except ImportError:
                    import dummy_threading as threading
                if has_simplejson:
                    from simplejson import JSONDecodeError
                """,
            "src/req/help.py": """\
                try:
                    from urllib3.contrib import pyopenssl
                except ImportError:
                    pyopenssl = None
                else:
                    import OpenSSL
                import idna
                """,
        },
    )
    found = read(root)
    assert found.libraries == {"": "?"}
    got = findings(root, "DEP001")
    assert [(f, line) for f, line, _ in got] == [("src/req/help.py", 7)]
    assert got[0][2].startswith("`idna` is imported but no manifest declares it (setup.py)")
    assert findings(root, "DEP003") == []  # a library, not an application


def test_dep001_library_entry_points_and_their_deferred_imports_count(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
            '[project]\nname = "tool"\ndependencies = []\n[project.scripts]\ntool = "tool.cli:main"\n',
            "tool/__init__.py": "",
            "tool/cli.py": "def main():\n    from tool import render\n    render.go()\n",
            "tool/render.py": "import rich\n\ndef go():\n    import yaml\n",
            "tool/plugins/extra.py": "import numpy\n",
        },
    )
    got = findings(root, "DEP001")
    assert [(f, line) for f, line, _ in got] == [("tool/render.py", 1)]
