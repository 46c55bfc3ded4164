"""The built wheel carries rules/ and templates/: build it, install it in a fresh venv,
run `audit` from there on a fixture repository."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_audits(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(dist.glob("auditor-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # The dependencies come from the running environment (a path in a .pth file, whose own
    # .pth files, such as an editable install's, are not processed), so nothing is fetched.
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)

    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "__init__.py").write_text("")
    (repo / "pkg" / "a.py").write_text("from pkg import b\n")
    (repo / "pkg" / "b.py").write_text("import subprocess\nfrom pkg import a\nsubprocess.call(a.cmd, shell=True)\n")
    out = tmp_path / "report"
    proc = subprocess.run(
        [str(env_dir / "bin" / "audit"), str(repo), "-f", "html,json", "-o", str(out), "-q"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # It must be the installed copy, not the source tree, that ran.
    where = subprocess.run([str(py), "-c", "import auditor.rules, auditor.templates; print(auditor.rules.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(env_dir) in where
    report = json.loads((out / "audit-report.json").read_text())
    rules = {f["rule"] for f in report["findings"]}
    assert {"ARC001", "B602"} <= rules
    assert "<html" in (out / "audit-report.html").read_text().lower()
