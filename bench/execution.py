#!/usr/bin/env python
"""Throughput of the sandboxed execution runner against the unsafe limit.

The unsafe limit is a `multiprocessing` pool (one process per core, forked, tasks preloaded) that runs each
program with plain `compile`/`exec` and calls `transform` on every input: no sandbox, no output checks, no
mapping back through augmentations. Both run the same workload in the same process, interleaved, several rounds;
the table reports each side's best round and the median of the per-round ratios. Jobs the runner has to stop (a corpus
program that loops forever on a view it was not written for) are screened out of that shared workload first, since they
would hang the plain pool. A second workload mixes them back in, with hostile programs (infinite loops, sleeps,
`os._exit`, segfaults, memory bombs), and runs on the runner alone: the plain pool cannot survive it.

    python bench/execution.py [--jobs 4000] [--rounds 5] [--json bench/results/execution/execution.json]

Programs come from bench/corpus/*.py (BARC-style programs, `from common import *`); a program named after an ARC
task id, or with a `# task: ID` line, runs on that task (under 8 views), the others on the first 20 tasks of
arc-agi-1/training.
"""
import os
for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'NUMEXPR_NUM_THREADS'):
    os.environ[var] = '1' # before numpy is imported, so the plain pool gets the same setting as the runner's workers
import argparse, json, multiprocessing as mp, platform, random, statistics, sys, tempfile, time
from pathlib import Path
import numpy as np
from arc25_nb.data import load_dataset
from arc25_nb.augmentation import Augmentation
from arc25_nb.execution import Job, Runner, base_namespace, outcome_counts, _load_common, _view_inputs

HERE = Path(__file__).resolve().parent

# Programs that run on the runner but would hang or kill a plain pool worker; each must end in an error.
HOSTILE = {
    'infinite loop': 'def transform(input_grid):\n    while True: pass\n',
    'bare except loop': 'def transform(input_grid):\n    while True:\n        try:\n            while True: pass\n        except: pass\n',
    'sleep in C': 'import time\ndef transform(input_grid):\n    time.sleep(100)\n',
    'os._exit': 'import os\ndef transform(input_grid):\n    os._exit(1)\n',
    'segfault': 'import sys\nsys.setrecursionlimit(10**8)\ndef transform(input_grid):\n    def f(n): return sorted([1, 2], key=lambda x: f(n + 1))\n    return f(0)\n',
    'memory bomb': 'def transform(input_grid):\n    blocks = []\n    while True: blocks.append(bytearray(10**8))\n',
}
# Programs that fail harmlessly; they are part of the shared workload.
FAILING = {
    'exception': 'from common import *\ndef transform(input_grid):\n    return input_grid[100, 100]\n',
    'nan output': 'import numpy as np\ndef transform(input_grid):\n    return np.full(input_grid.shape, np.nan)\n',
    'too big': 'import numpy as np\ndef transform(input_grid):\n    return np.zeros((31, 31), dtype=int)\n',
    'sys.exit': 'import sys\ndef transform(input_grid):\n    sys.exit(0)\n',
    'syntax error': 'def transform(input_grid)\n    return input_grid\n',
}

# --- the plain pool: module-level so forked pool processes inherit the views ---
_VIEWS, _NS = {}, {}

def _plain(job):
    "Run one (code, view id) job with plain exec; return how many outputs it produced."
    code, view = job
    train, test = _VIEWS[view]
    random.seed(0); np.random.seed(0)
    try:
        ns = dict(_NS)
        exec(compile(code, '<program>', 'exec'), ns)
        return sum(np.asarray(ns['transform'](g.astype(np.int64))).size > 0 for g in train + test)
    except BaseException: return -1

def corpus_programs(folder:Path) -> dict[str, str]:
    files = sorted(Path(folder).glob('*.py'))
    if not files: sys.exit(f'no programs in {folder}')
    return {f.stem: f.read_text() for f in files}

def make_workload(programs:dict, n_jobs:int, seed:int=0, n_augs:int=8) -> list[Job]:
    "Each program on its own task (when named after one) or on the first tasks of arc-agi-1/training, under one of `n_augs` views per task."
    tasks = {t.id: t for t in load_dataset('arc-agi-1/training') + load_dataset('arc-agi-1/evaluation')}
    default = list(tasks.values())[:20]
    rng = random.Random(seed)
    def own_task(name, code): # a file named after a task, or a `# task: ID` line in the program
        ids = [name] + [line.split(':', 1)[1].strip() for line in code.splitlines() if line.startswith('# task:')]
        return next((tasks[i] for i in ids if i in tasks), None)
    pairs = [(code, [own_task(name, code)] if own_task(name, code) else default) for name, code in programs.items()]
    views = {}
    jobs = []
    while len(jobs) < n_jobs:
        code, choices = pairs[len(jobs) % len(pairs)]
        task = rng.choice(choices)
        if task.id not in views: views[task.id] = [None] + [Augmentation.random(rng, len(task.train)) for _ in range(n_augs - 1)]
        jobs.append(Job(code, task, rng.choice(views[task.id])))
    return jobs

def time_plain(pool, jobs, view_of, n_workers) -> float:
    work = [(j.text, view_of[id(j)]) for j in jobs]
    start = time.perf_counter()
    pool.map(_plain, work, chunksize=max(1, min(32, len(work) // (4 * n_workers))))
    return time.perf_counter() - start

def time_runner(runner, jobs):
    start = time.perf_counter()
    results = runner.run(jobs, progress=False)
    return time.perf_counter() - start, results

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--jobs', type=int, default=4000, help='jobs in the shared workload')
    ap.add_argument('--rounds', type=int, default=5, help='rounds, each running the plain pool then the runner')
    ap.add_argument('--workers', type=int, default=None, help='processes for both (default: one per core)')
    ap.add_argument('--timeout', type=float, default=1.0, help="the runner's time limit per job, seconds")
    ap.add_argument('--corpus', default=str(HERE / 'corpus'), help='folder of BARC-style programs (*.py)')
    ap.add_argument('--common', default='arc25_nb.dsl', help='DSL module name or .py path for `from common import *`')
    ap.add_argument('--json', default=str(HERE / 'results' / 'execution' / 'execution.json'), help='where to write the results')
    args = ap.parse_args()
    n_workers = args.workers or len(os.sched_getaffinity(0))

    programs = corpus_programs(args.corpus)
    realistic = make_workload(programs, args.jobs)
    failing = make_workload(FAILING, max(1, args.jobs // 100), seed=1)
    shared = realistic + failing
    random.Random(2).shuffle(shared)

    # Screening: a program can loop forever on a view it was not written for (a colour-permuted view leaves a program
    # that slides "the red object" with nothing to slide). The runner stops it; the plain pool would hang for good. So
    # the shared workload keeps only the jobs that end within the limit under the runner; the rest join the hostile mix.
    start = time.perf_counter()
    runner = Runner(n_workers, timeout=args.timeout, common=args.common)
    start_s = time.perf_counter() - start
    screen = runner.run(shared, progress=False)
    stuck = [j for j, r in zip(shared, screen) if r.error in ('timeout', 'memory', 'crash')]
    shared = [j for j, r in zip(shared, screen) if r.error not in ('timeout', 'memory', 'crash')]

    _NS.update(base_namespace(_load_common(args.common)))
    view_of, seen = {}, {}
    for j in shared:
        key = (id(j.task), j.augmentation)
        if key not in seen: seen[key] = len(seen); _VIEWS[seen[key]] = _view_inputs(j.task, j.augmentation)
        view_of[id(j)] = seen[key]

    pool = mp.get_context('fork').Pool(n_workers)
    try:
        warm = shared[:200]
        pool.map(_plain, [(j.text, view_of[id(j)]) for j in warm]); runner.run(warm, progress=False)
        plain_s, runner_s, recycled = [], [], runner.recycled
        for _ in range(args.rounds):
            plain_s.append(time_plain(pool, shared, view_of, n_workers))
            seconds, results = time_runner(runner, shared); runner_s.append(seconds)
        counts = outcome_counts(results)
        recycled = (runner.recycled - recycled) / args.rounds # workers retired after a job that may have changed shared state
        # a sample of the job times, to show the workload's shape
        job_ms = sorted(r.seconds * 1e3 for r in results if r.ran)

        # the hostile mix: the shared workload plus programs that loop, sleep, crash or exhaust memory
        hostile_jobs = list(shared) + stuck
        random.Random(3).shuffle(hostile_jobs)
        task = realistic[0].task
        for i, code in enumerate(HOSTILE.values()):
            for k in range(2): hostile_jobs.insert((2 * i + k + 1) * len(shared) // (2 * len(HOSTILE) + 1), Job(code, task))
        replaced = runner.replaced
        hostile_s, hostile_results = time_runner(runner, hostile_jobs)
        hostile_counts = outcome_counts(hostile_results)
        worst = max(r.seconds for r in hostile_results)
        hangs = sum(r is None for r in hostile_results) + sum(r.seconds > args.timeout + 1 for r in hostile_results)
        stuck_texts = {j.text for j in stuck}
        bad = [name for name, code in HOSTILE.items() for r, j in zip(hostile_results, hostile_jobs) if j.text == code and r.ok]

        # recovery: a batch of programs that each kill their worker
        crashers = [Job(HOSTILE['os._exit'], task) for _ in range(100)]
        seconds, crash_results = time_runner(runner, crashers)
        assert all(r.error == 'crash' for r in crash_results)
        replace_ms = seconds / len(crashers) * 1e3
    finally:
        pool.terminate(); runner.close()

    # other processes share the machine: rates come from each side's best round, the ratio is the median of the
    # per-round ratios (each round runs the two back to back, so both see about the same load)
    plain_rate, runner_rate = len(shared) / min(plain_s), len(shared) / min(runner_s)
    ratio = statistics.median(p / r for p, r in zip(plain_s, runner_s))
    report = {
        'machine': {'cores': len(os.sched_getaffinity(0)), 'python': platform.python_version(), 'numpy': np.__version__},
        'workload': {'jobs': len(shared), 'programs': len(programs), 'failing_jobs': len(failing), 'workers': n_workers,
                     'job_ms_median': round(statistics.median(job_ms), 3), 'job_ms_p99': round(job_ms[int(len(job_ms) * 0.99)], 3),
                     'outcomes': counts},
        'plain_exec_pool': {'jobs_per_s': round(plain_rate, 1), 'seconds': [round(s, 3) for s in plain_s]},
        'runner': {'jobs_per_s': round(runner_rate, 1), 'seconds': [round(s, 3) for s in runner_s], 'start_s': round(start_s, 3),
                   'workers_recycled_per_round': recycled},
        'ratio': round(ratio, 3), 'ratio_per_round': [round(p / r, 3) for p, r in zip(plain_s, runner_s)],
        'screened_out': {'jobs': len(stuck), 'programs': sorted({n for n, c in programs.items() if c in stuck_texts})},
        'hostile_mix': {'jobs': len(hostile_jobs), 'hostile': 2 * len(HOSTILE) + len(stuck), 'seconds': round(hostile_s, 3),
                        'jobs_per_s': round(len(hostile_jobs) / hostile_s, 1), 'outcomes': hostile_counts,
                        'slowest_job_s': round(worst, 3), 'timeout_s': args.timeout, 'hangs': hangs,
                        'hostile_ok': bad, 'workers_replaced': runner.replaced - replaced - len(crashers)},
        'worker_replacement_ms': round(replace_ms, 2),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=1))

    w = report['workload']
    print(f"workload: {w['jobs']} jobs ({w['programs']} corpus programs + {w['failing_jobs']} failing jobs), "
          f"{n_workers} workers, job time median {w['job_ms_median']} ms, p99 {w['job_ms_p99']} ms")
    print(f"screened out of the shared workload (stopped by the runner's limit, would hang the plain pool): {len(stuck)} jobs "
          f"of {', '.join(report['screened_out']['programs']) or 'no program'}; they run in the hostile mix")
    print(f"{'':28s} {'jobs/s':>9s}  seconds per round")
    print(f"{'plain exec pool (unsafe)':28s} {plain_rate:9.0f}  {' '.join(f'{s:.3f}' for s in plain_s)}")
    print(f"{'sandboxed runner':28s} {runner_rate:9.0f}  {' '.join(f'{s:.3f}' for s in runner_s)}")
    print(f"{'workers recycled per round':28s} {recycled:9.1f}  (retired after a job that may have changed shared state)")
    print(f"{'ratio runner / plain':28s} {report['ratio']:9.3f}  per round: {' '.join(f'{x:.3f}' for x in report['ratio_per_round'])}")
    h = report['hostile_mix']
    print(f"{'hostile mix (runner)':28s} {h['jobs_per_s']:9.0f}  {h['seconds']:.3f}  ({h['hostile']} hostile jobs, "
          f"timeout {args.timeout:g} s, slowest {h['slowest_job_s']:.3f} s, hangs {h['hangs']})")
    print(f"{'':28s} outcomes {h['outcomes']}")
    print(f"{'worker replacement':28s} {replace_ms:9.2f} ms per crashed job (os._exit, batch of 100)")
    print(f"{'runner start':28s} {start_s:9.3f} s")
    print(f'wrote {args.json}')
    if hangs or bad: sys.exit(f'FAILED: hangs {hangs}, hostile programs that succeeded {bad}')

if __name__ == '__main__': main()
