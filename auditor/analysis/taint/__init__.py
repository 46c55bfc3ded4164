"""Taint analysis: request data followed to the sinks that must not receive it.

- `collect.TaintCollector` (key "taint") summarises each file in the worker, from the
  cached stdlib `ast`: per function, what reaches its return value and its sinks, and
  the calls whose meaning only the whole project knows (`summary.FileSummary`).
- `project.taint_flows(project)` joins the summaries across functions and modules once
  per run (cached in `project.cache["taint"]`) and yields `TaintFlow`s, each with its
  trace: source, every step, sink.
- `rule.TaintRule` is the base of the sink rules (SEC101-SEC114): one class per sink kind.
- `overlap.settle` demotes bandit's findings on sinks proven constant, and drops the
  ones a taint finding replaces.

Library knowledge (sources, sinks, sanitizers, guards) is in `spec`.
"""
