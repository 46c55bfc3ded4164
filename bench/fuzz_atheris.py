"""A libFuzzer harness (atheris) around the properties of tests/test_fuzz.py, run by hand:

    python bench/fuzz_atheris.py -atheris_runs=20000
    python bench/fuzz_atheris.py -max_total_time=300 -max_len=4096

Each input goes through SourceFile's views (only SourceError, positions within the file,
libcst gives the text back) and, unless AUDITOR_FUZZ_ANALYZE=0, through `analyze_file`
with every rule, twice (never raises, no internal error or crashed rule, findings within
the file, the same result both times). The auditor's own modules are instrumented for
coverage; libcst, bandit and radon are not (too slow). Without a corpus directory on the
command line, small files of this repository seed the run. A failing input is written to
tests/fuzz/ (atheris-crash-*), which tests/test_fuzz.py replays; rename it to say what it
found.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

with atheris.instrument_imports(include=["auditor"]):
    import test_fuzz as props  # the properties and the seeds of the Hypothesis tests
    from auditor.config import Config

ANALYZE = os.environ.get("AUDITOR_FUZZ_ANALYZE", "1") != "0"


def _worker() -> object:
    from auditor.api import plan_for

    plan = plan_for(Config())
    return props.Worker(plan)


STATE = _worker() if ANALYZE else None
WORKDIR = Path(tempfile.mkdtemp(prefix="audit-atheris-"))


def test_one_input(data: bytes) -> None:
    props.check_source_file(data)
    if STATE is not None:
        props.check_analysis(data, STATE, WORKDIR)


def main() -> None:
    args = list(sys.argv)
    if not any(a.startswith("-artifact_prefix=") for a in args):
        args.append(f"-artifact_prefix={ROOT / 'tests' / 'fuzz'}/atheris-")
    if not any(not a.startswith("-") for a in args[1:]):  # no corpus directory: seed one
        corpus = Path(tempfile.mkdtemp(prefix="audit-atheris-corpus-"))
        for i, seed in enumerate(props.SEEDS):
            (corpus / f"seed{i:04d}").write_bytes(seed)
        args.append(str(corpus))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
