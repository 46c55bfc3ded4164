"""Benchmark: the project step of the architecture analysis (graph, rules, graph section).

    python bench/bench_graph.py [TREE ...] [--jobs N] [--cache FILE]

Runs the per-file phase once (with the collectors the ARC rules and report sections
need; `--cache` keeps its results in a pickle between runs), then times what runs over
the whole project: building the ProjectIndex, each ARC rule, the `graph` section, and
`exposure()`. Prints the graph's size and the CPU seconds of each step (CPU, not wall
time, so a busy machine skews the figures less). Figures only.
"""

from __future__ import annotations

import argparse
import pickle
import time
from pathlib import Path

from auditor.api import _collect, _common_root, _index, _named
from auditor.engine import Plan
from auditor.pool import run_files
from auditor.registry import collectors_for, own_rules, select

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("trees", nargs="*", default=[str(HERE / "corpus" / "django-5.2.8")])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", default="")
    args = parser.parse_args()
    selection = select(["ARC"], [])
    for tree in args.trees:
        root = _common_root([Path(tree).absolute()])
        tasks, other, _ = _collect([root], root, ("bench/corpus/",))
        tasks, layout = _named(tasks, other, root)
        cache = Path(args.cache) if args.cache else None
        if cache and cache.exists():
            results = pickle.loads(cache.read_bytes())
        else:
            plan = Plan((), (), (), (), project_rules=selection.project, collectors=collectors_for(selection.project))
            started = time.perf_counter()
            results = run_files(tasks, plan, args.jobs)
            print(f"{tree}: per-file phase {time.perf_counter() - started:.1f} s ({len(tasks)} files)")
            if cache:
                cache.write_bytes(pickle.dumps(results))
        _time_project(results, root, other, layout, selection.project)


def _time_project(results: list, root: Path, other: list[str], layout: object, rule_ids: tuple[str, ...]) -> None:
    from auditor.analysis.graph import exposure, graph_section

    started = time.process_time()
    index = _index(results, root, other, layout)  # type: ignore[arg-type]
    steps = [("index", time.process_time() - started)]
    print(f"graph: {index.graph.number_of_nodes()} modules, {index.graph.number_of_edges()} edges")
    t = time.process_time()
    exposure(index)
    steps.append(("exposure", time.process_time() - t))
    rules = own_rules()
    for rid in rule_ids:
        rule = rules[rid]({})
        t = time.process_time()
        rule.check(index)
        steps.append((f"{rid} ({len(rule.reports)} reports)", time.process_time() - t))
    t = time.process_time()
    graph_section(index)
    steps.append(("graph section", time.process_time() - t))
    for name, seconds in steps:
        print(f"  {name:28} {seconds:6.2f} s CPU")
    print(f"  {'project step, total':28} {sum(s for _, s in steps):6.2f} s CPU")


if __name__ == "__main__":
    main()
