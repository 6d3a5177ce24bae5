"""Work spread over processes, results in task order."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def run_parallel(tasks: list, jobs: int, work, initializer=None, initargs=()):
    """Yield work(task) for every task, computed in `jobs` processes. initializer
    (with initargs) runs once in each process, to build what every task shares."""
    # fork shares what the parent already loaded (the handbook) with the workers at no cost.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(tasks) // (jobs * 8))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(work, tasks, chunksize=chunk)
