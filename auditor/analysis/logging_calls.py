"""Recognising logging calls: `logger.info(...)`, `self.log.error(...)`, `logging.warning(...)`."""

from __future__ import annotations

import re

import libcst as cst

from auditor.helpers import ImportTable, dotted

LEVEL_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
# Receivers named like a logger: logger, log, _log, LOGGER, self.logger, app.logger, audit_logger...
_LOGGER_NAME = re.compile(r"^_*(?:\w+_)?(?:logger|log|LOGGER|LOG)$")


def logging_method(call: cst.Call, imports: ImportTable) -> tuple[str, bool] | None:
    """(method, on the root logger) when `call` is a logging call, else None."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in LEVEL_METHODS:
        return None
    name = imports.qualify(func)
    if name == f"logging.{func.attr.value}":
        return func.attr.value, True
    receiver = dotted(func.value)
    last = receiver.rpartition(".")[2]
    if last and _LOGGER_NAME.match(last):
        return func.attr.value, False
    if isinstance(func.value, cst.Call) and imports.qualify(func.value.func) == "logging.getLogger":
        return func.attr.value, False
    return None


def message_arg(call: cst.Call, method: str) -> cst.Arg | None:
    """The message argument (the second one for `log(level, msg)`)."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    index = 1 if method == "log" else 0
    if len(positional) > index:
        return positional[index]
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "msg":
            return arg
    return None
