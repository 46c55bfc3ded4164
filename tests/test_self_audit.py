"""The auditor audits itself: its own repository passes its own gate (--fail-on high)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_own_code_passes_own_gate(tmp_path: Path) -> None:
    out = tmp_path / "self.json"
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", str(ROOT), "--fail-on", "high", "-f", "json", "-o", str(out), "-q"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    report = json.loads(out.read_text())
    blocking = [
        f"{f['file']}:{f['line']} {f['rule']} {f['message']}"
        for f in report["findings"]
        if f["severity"] in ("critical", "high")
    ]
    assert proc.returncode == 0 and not blocking, "\n".join(blocking) + proc.stderr
    # It really looked: the whole engine and every rule file were analysed.
    assert report["summary"]["files_analyzed"] >= 30
    assert not [e for e in report["errors"] if e["kind"] in ("parse-error", "rule-crash")]
