"""Analyses shared by rules and reports: data flow, metrics, manifests, the graph's figures.

Between the rule base classes and the rules: an analysis may import `auditor.rule`
(for `Collector`), `auditor.project`, `auditor.source`, `auditor.helpers`, the adapters
and the model; rules and reports import analyses, never the other way round.
"""
