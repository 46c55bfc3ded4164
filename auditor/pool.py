"""Worker processes that no single file can take down.

`run_files` audits files in worker processes of its own (not concurrent.futures): the
parent knows which file each worker is on, so

- a file over the time budget (CPU seconds, so the verdict does not depend on the
  machine's load) is stopped inside the worker (a timer raises `BudgetExceeded`, which no
  rule's `except Exception` swallows); if the worker does not come back (stuck in native
  code), the parent kills it after a grace period;
- a worker over the memory budget (resident set, read from /proc where there is one) is
  killed;
- a worker that dies (a native crash, the OOM killer) is replaced;

and in each case that one file is reported in `errors` as skipped, with the reason, while
the run goes on. Files go out largest first so the last ones to finish are small. Workers
are forked while this process has a single thread, else started from a fork server.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Callable, Iterator

from auditor.model import ErrorKind
from auditor.plan import FileResult, FileTask, Plan, skipped_result

if TYPE_CHECKING:  # the engine (libcst, the rules) is imported only when files are run
    from auditor.engine import Worker

RETRY_SECONDS = 0.05  # CPU seconds between budget signals once the budget is spent (see _alarm)
GRACE = 10.0  # CPU seconds past the budget before the parent kills a worker that did not stop
WALL_FACTOR = 3  # where a worker's CPU time cannot be read: kill after 3x the budget in wall time
POLL = 0.25  # seconds between the parent's checks of deadlines and memory
QUEUE = 2  # files sent ahead to each worker, so it never waits for the parent
# Less source than this is audited in this process: starting workers (and warming each
# one's lazily loaded rules) costs more than the parallel analysis saves.
IN_PROCESS_BYTES = 256 * 1024


@dataclass(frozen=True)
class Budget:
    """What one file may cost. 0 turns a limit off."""

    seconds: float = 60.0
    memory_mb: int = 2048


class BudgetExceeded(BaseException):
    """Raised by the alarm in the middle of a file's analysis. A BaseException, so the
    per-rule `except Exception` guards let it through to the worker loop."""


def run_files(
    tasks: list[FileTask],
    plan: Plan,
    jobs: int,
    on_result: Callable[[FileResult], None] | None = None,
    budget: Budget = Budget(),
) -> list[FileResult]:
    """Audit the files (results in the tasks' order), in worker processes when there are
    enough files to pay for starting them."""
    from auditor.engine import Worker

    sizes = [_size(t.path) for t in tasks]
    if jobs <= 1 or len(tasks) < 8 or sum(sizes) < IN_PROCESS_BYTES:
        state = Worker(plan)
        results = []
        for task in tasks:
            result = _analyze_within(task, state, budget.seconds)
            results.append(result)
            if on_result:
                on_result(result)
        return results
    return _Pool(plan, min(jobs, len(tasks)), budget, on_result).run(tasks, sizes)


def tune_gc() -> None:
    """Fewer collections while trees are built: a file's analysis allocates millions of
    short-lived objects and few cycles; the default thresholds ran a fifth of parse time
    as garbage collection. The objects alive now (modules, rules) are never scanned again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in this thread after `seconds` of this process's CPU time
    (main thread, POSIX only). CPU, not wall time: on a busy machine a file must not be
    skipped that a quiet one audits, or the report would depend on the load."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        # Not inside the import system: an exception there can leave a module lock held,
        # or land in a weakref callback that prints it and drops it. The timer repeats
        # every RETRY_SECONDS of CPU until the budget is left, so the next tick raises.
        if frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
            return
        raise BudgetExceeded

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds, RETRY_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _analyze_within(task: FileTask, state: Worker, seconds: float) -> FileResult:
    from auditor.engine import analyze_file

    try:
        with _alarm(seconds):
            return analyze_file(task, state)
    except BudgetExceeded:
        return replace(skipped_result(task.relpath, ErrorKind.SKIPPED, _over_time(seconds)), transient=True)


def _over_time(seconds: float) -> str:
    return f"analysis stopped after {seconds:g} s of CPU time: over the per-file time budget (file-timeout)"


# The parent's state for `plan`, built before it forks its workers: a forked worker
# starts with the rules, docs and bandit tests loaded instead of loading them itself
# (about a second of CPU per worker), and the parent needs the rules after the files
# anyway. Workers started otherwise build their own.
_INHERITED: list[Worker] = []


def _worker_main(plan: Plan, seconds: float, conn: Connection) -> None:
    """A worker process: audit the files the parent sends until it sends None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from auditor.engine import Worker

    inherited = [w for w in _INHERITED if w.plan is plan]  # the very object only when forked
    state = inherited[0] if inherited else Worker(plan)
    tune_gc()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(_analyze_within(task, state, seconds))


def _context() -> Any:
    """How to start a worker: forked from this process while it runs a single thread
    (instant: the rules are loaded already), else from a fork server (a lock held by
    another thread, such as the progress display's, would be copied held), else spawned."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["auditor.engine", "auditor.registry", "auditor.adapters.bandit"])
    return ctx


@contextmanager
def _safe_path() -> Iterator[None]:
    """A fork server or a spawned worker is a new interpreter started with `-c`, which
    puts the working directory first on sys.path before anything else runs: in an audited
    repository, its `tokenize.py` would be imported (run) by the interpreter's start-up.
    PYTHONSAFEPATH (3.11+) keeps it off; the variable is set only while a process starts."""
    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = previous


class _Slot:
    """One worker process and the files it has been sent, oldest (the current one) first."""

    def __init__(self, plan: Plan, seconds: float) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(plan, seconds, child), daemon=True)
        with _safe_path():
            self.process.start()
        child.close()
        self.sent: deque[int] = deque()
        self.mark()

    def mark(self) -> None:
        """The current file begins now (as far as the parent can tell)."""
        self.started = time.monotonic()
        self.started_cpu = _cpu_seconds(self.process.pid)

    def over_time(self, budget: float) -> bool:
        """Has the current file run past the budget plus grace (CPU time where /proc
        tells it, else a multiple of the budget in wall time)?"""
        waited = time.monotonic() - self.started
        if waited <= budget + GRACE:  # a worker runs one thread: its CPU time grows no faster than the clock
            return False
        cpu = _cpu_seconds(self.process.pid)
        if cpu is not None and self.started_cpu is not None:
            return cpu - self.started_cpu > budget + GRACE
        return waited > budget * WALL_FACTOR + GRACE

    def send(self, index: int, task: FileTask) -> None:
        if not self.sent:
            self.mark()
        self.sent.append(index)
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class _Pool:
    def __init__(self, plan: Plan, jobs: int, budget: Budget, on_result: Callable[[FileResult], None] | None) -> None:
        self.plan, self.jobs, self.budget, self.on_result = plan, jobs, budget, on_result
        self.results: dict[int, FileResult] = {}
        self.last_memory_check = 0.0

    def run(self, tasks: list[FileTask], sizes: list[int]) -> list[FileResult]:
        self.tasks = tasks
        self.todo = deque(sorted(range(len(tasks)), key=lambda i: -sizes[i]))  # largest first
        if _context().get_start_method() == "fork":
            from auditor.engine import Worker

            _INHERITED[:] = [Worker(self.plan)]
        slots = [_Slot(self.plan, self.budget.seconds) for _ in range(self.jobs)]
        try:
            for slot in slots:
                self._feed(slot)
            while any(slot.sent for slot in slots):
                self._step(slots)
        finally:
            for slot in slots:
                slot.stop(kill=bool(slot.sent))
            _INHERITED.clear()
        return [self.results[i] for i in range(len(tasks))]

    def _feed(self, slot: _Slot) -> None:
        while self.todo and len(slot.sent) < QUEUE:
            index = self.todo.popleft()
            slot.send(index, self.tasks[index])

    def _done(self, index: int, result: FileResult) -> None:
        self.results[index] = result
        if self.on_result:
            self.on_result(result)

    def _step(self, slots: list[_Slot]) -> None:
        busy = [s for s in slots if s.sent]
        waitables: list[Any] = [s.conn for s in busy] + [s.process.sentinel for s in busy]
        ready = set(wait(waitables, timeout=POLL))
        for i, slot in enumerate(slots):
            if not slot.sent:
                continue
            if slot.conn in ready:
                try:
                    result = slot.conn.recv()
                except (EOFError, OSError):
                    slots[i] = self._replace(slot, self._died(slot))
                    continue
                self._done(slot.sent.popleft(), result)
                slot.mark()
                self._feed(slot)
            elif slot.process.sentinel in ready:
                slots[i] = self._replace(slot, self._died(slot))
        self._enforce(slots)

    def _enforce(self, slots: list[_Slot]) -> None:
        """Kill a worker past the time budget (plus grace) or over the memory budget."""
        now = time.monotonic()
        check_memory = self.budget.memory_mb > 0 and now - self.last_memory_check >= 1.0
        if check_memory:
            self.last_memory_check = now
        for i, slot in enumerate(slots):
            if not slot.sent:
                continue
            if self.budget.seconds > 0 and slot.over_time(self.budget.seconds):
                slots[i] = self._replace(slot, _over_time(self.budget.seconds), kill=True)
                continue
            if check_memory:
                rss = _rss_mb(slot.process.pid)
                if rss is not None and rss > self.budget.memory_mb:
                    reason = (
                        f"analysis stopped: the worker used {rss:,} MiB, over the per-file memory budget "
                        f"of {self.budget.memory_mb:,} MiB (file-memory)"
                    )
                    slots[i] = self._replace(slot, reason, kill=True)

    def _died(self, slot: _Slot) -> str:
        slot.process.join(timeout=5)
        code = slot.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the worker process died ({how}) while analysing this file; it was replaced"

    def _replace(self, slot: _Slot, reason: str, kill: bool = False) -> _Slot:
        """Report the worker's current file as skipped, requeue the others it held, and
        start a fresh worker in its place."""
        current, *queued = slot.sent
        slot.sent.clear()
        slot.stop(kill=True)
        self._done(current, replace(skipped_result(self.tasks[current].relpath, ErrorKind.SKIPPED, reason), transient=True))
        self.todo.extendleft(reversed(queued))
        fresh = _Slot(self.plan, self.budget.seconds)
        self._feed(fresh)
        return fresh


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of a process, where /proc tells it (Linux)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _rss_mb(pid: int | None) -> int | None:
    """Resident memory of a process in MiB, where /proc tells it (Linux)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
