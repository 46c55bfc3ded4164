"""Benchmark and proof: how many files libcst never has to parse because every libcst
rule is idle in them (`Rule.idle`), and that no idle rule would have reported.

    python bench/bench_idle.py TREE [TREE ...] [--rules ERR002,TST003] [--jobs 2]

For every .py file of the trees: the libcst rules are made as the engine makes them (the
import table and the index from the stdlib tree), then the file is parsed with libcst
anyway and every rule, idle or not, is walked (`idle` forced off). Printed:

  per rule   open (not idle) files, files where it reported, "wasted" = open but
             reported nothing (files and the libcst parse CPU s of those files), and
             VIOLATIONS: files where it was idle yet reported (must be 0: an idle
             condition must be implied by the rule's logic).
  overall    CPU time spent making the rules (their idle checks; the index views they
             share are counted apart), the costliest first; files, lines and libcst parse CPU of the files where every rule is idle,
             i.e. what the audit no longer parses; and, per rule, the parse CPU of the
             files where it is the ONLY open rule (what making it idle there would save).

Exit status 1 when there is a violation. Trees are folders of Python files, e.g. the
sdists bench_audit.py downloads into bench/corpus/. Figures only, nothing timed asserted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from collections import Counter, defaultdict

from auditor.engine import Plan, Worker, _with_trackers
from auditor.project import TEST_FILES
from auditor.helpers import AstIndex, build_import_table_from_ast
from auditor.project import module_name_for
from auditor.registry import own_rules
from auditor.rule import FileContext, Rule
from auditor.source import SourceError, SourceFile
from auditor.walk import visit_batched

_STATE: list[Worker] = []


def _worker() -> Worker:
    if not _STATE:
        ids = tuple(sorted(k for k, v in own_rules().items() if issubclass(v, Rule)))
        _STATE.append(Worker(Plan(libcst_rules=ids, file_rules=(), bandit_tests=(), engine_rules=())))
    return _STATE[0]


def one(task: tuple[str, str]) -> tuple[str, int, float, dict[str, float], dict[str, tuple[bool, int]]] | None:
    """(relpath, lines, libcst parse CPU s, {rule: s making it (its idle check included)},
    {rule: (idle, reports)}), or None if unparsable."""
    path, relpath = task
    state = _worker()
    module_name, is_package = module_name_for(relpath)
    with open(path, "rb") as fh:
        source = SourceFile(relpath, fh.read(), module_name)
    try:
        source.text
        tree = source.ast
        start = time.process_time()
        module = source.module
        parse = time.process_time() - start
    except SourceError:
        return None
    is_test = bool(TEST_FILES.match_file(relpath))
    imports = build_import_table_from_ast(tree, source.lines, module_name, is_package)
    index = AstIndex(source.ast_nodes, source.text)

    def context(rid: str) -> FileContext:
        return FileContext(relpath, module_name, imports, state.options.get(rid, {}), is_test, index)

    clock = time.process_time
    start = clock()
    index.by_type, index.names  # the shared views, paid once whichever rule asks first
    made = {"(index views)": clock() - start}
    rules = []
    for rid in state.plan.libcst_rules:
        start = clock()
        rules.append(state.rules[rid](context(rid)))
        made[rid] = clock() - start
    idle = {rule.id: bool(rule.idle) for rule in rules}
    for rule in rules:
        rule.idle = False
    try:
        visit_batched(module, _with_trackers(rules, context("")))
    except (RecursionError, Exception):  # as the engine: a crash is an error there, not a finding
        return None
    return relpath, source.line_count, parse, made, {rule.id: (idle[rule.id], len(rule.reports)) for rule in rules}


def _tasks(trees: list[str]) -> list[tuple[str, str]]:
    tasks = []
    for root in trees:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            tasks += [(os.path.join(folder, n), os.path.relpath(os.path.join(folder, n), root)) for n in sorted(files) if n.endswith(".py")]
    return tasks


class Tally:
    """The figures over all files, per rule and overall."""

    def __init__(self) -> None:
        self.opened: Counter[str] = Counter()
        self.fired: Counter[str] = Counter()
        self.wasted: Counter[str] = Counter()
        self.wasted_cpu: defaultdict[str, float] = defaultdict(float)
        self.only_cpu: defaultdict[str, float] = defaultdict(float)
        self.violations: defaultdict[str, list[str]] = defaultdict(list)
        self.skipped = [0, 0, 0.0]
        self.total = [0, 0, 0.0]
        self.making: Counter[str] = Counter()

    def add(self, relpath: str, lines: int, parse: float, made: dict[str, float], per_rule: dict[str, tuple[bool, int]]) -> None:
        self.making.update(made)
        for sums in (self.total,) + ((self.skipped,) if all(idle for idle, _ in per_rule.values()) else ()):
            sums[0] += 1
            sums[1] += lines
            sums[2] += parse
        open_rules = [rid for rid, (idle, _) in per_rule.items() if not idle]
        if len(open_rules) == 1:
            self.only_cpu[open_rules[0]] += parse
        for rid, (idle, reports) in per_rule.items():
            if idle and reports:
                self.violations[rid].append(relpath)
            if not idle:
                self.opened[rid] += 1
                (self.fired if reports else self.wasted)[rid] += 1
                self.wasted_cpu[rid] += 0.0 if reports else parse

    def print(self, wanted: set[str]) -> bool:
        """Prints the figures; True when a printed rule has a violation."""
        total, skipped = self.total, self.skipped
        print(f"files {total[0]}, lines {total[1]:,}, libcst parse CPU {total[2]:.1f} s")
        costly = ", ".join(f"{k} {v:.2f}" for k, v in self.making.most_common(8))
        print(f"making the rules (their idle checks) {sum(self.making.values()):.2f} s; most: {costly}")
        print(
            f"every rule idle (libcst not needed): {skipped[0]} files ({skipped[0] / max(total[0], 1):.0%}), "
            f"{skipped[1]:,} lines, parse CPU {skipped[2]:.1f} s ({skipped[2] / max(total[2], 1e-9):.0%})"
        )
        print(f"{'rule':8} {'open':>6} {'fired':>6} {'wasted':>6} {'wasted s':>9} {'only-open s':>11}  violations")
        bad_seen = False
        for rid in sorted(set(self.opened) | set(self.violations)):
            if wanted and rid not in wanted:
                continue
            bad = self.violations.get(rid, [])
            bad_seen = bad_seen or bool(bad)
            print(
                f"{rid:8} {self.opened[rid]:6} {self.fired[rid]:6} {self.wasted[rid]:6} {self.wasted_cpu[rid]:9.1f} "
                f"{self.only_cpu[rid]:11.1f}  " + (f"{len(bad)}: {', '.join(bad[:5])}" if bad else "0")
            )
        return bad_seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--rules", default="", help="comma-separated rule ids to print (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    tally = Tally()
    with multiprocessing.Pool(args.jobs) as pool:
        for result in pool.imap_unordered(one, _tasks(args.trees), chunksize=8):
            if result is not None:
                tally.add(*result)
    return 1 if tally.print(set(filter(None, args.rules.split(",")))) else 0


if __name__ == "__main__":
    sys.exit(main())
