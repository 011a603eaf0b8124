"""Several variants of the synthetic benchmark at once: one `arc25 benchmark synthetic` process per (variant, k).

Run from the repository root, for example on a machine with many cores (and optionally one GPU that the
processes share):

    python bench/synthetic_sweep.py --parallel 12 --common "--n-per-k 4 --predictions 128 --splits 16" \
        --variant base="" --variant noaug="--augmentation none" --variant new="--learn-from new" \
        --ks 6 8 12 --n-per-k 4 --shard-size 2 --json bench/results/sweep.json

Each variant's flags are added after --common; each (variant, k, shard of --shard-size tasks) runs in its own
process and output directory (--output-dir/<variant>/k<k>_<first task>) with `--ks k --first-task F --n-per-k N`,
so the tasks of a k are the same in every variant and the same as `arc25 benchmark synthetic --n-per-k` gives
(with --first-task, the same as its --first-task). Those flags, --threads and --output-dir are the sweep's own:
--common or a variant that sets them is refused (they would be overridden per process).
The per-k results are merged per variant, a table of tasks solved per mode and k is printed, and the
merged results (every task's flags and first solving prediction, pass@n curves) are written to --json.
Set CUDA_VISIBLE_DEVICES= to keep every process on the CPU; --threads is each process's torch threads.
"""
import argparse, json, os, shlex, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_PROCESS = {'--ks', '--first-task', '--n-per-k', '--threads', '--output-dir'} # flags each process gets from the sweep

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--variant', action='append', default=[], metavar='NAME="FLAGS"', help='a named set of benchmark flags (repeatable)')
    p.add_argument('--common', default='', help='flags every variant gets first')
    p.add_argument('--ks', type=int, nargs='+', default=[6, 8, 12], help='element counts, one process each per variant')
    p.add_argument('--n-per-k', type=int, default=2, help='tasks per k (seeds first..first+n-1, the benchmark\'s)')
    p.add_argument('--first-task', type=int, default=0, help='seed of the first task of each k')
    p.add_argument('--shard-size', type=int, default=None, help='tasks per process (default: all the tasks of a k)')
    p.add_argument('--parallel', type=int, default=os.cpu_count(), help='processes at once')
    p.add_argument('--threads', type=int, default=1, help='torch threads per process')
    p.add_argument('--output-dir', default='runs/synthetic_sweep')
    p.add_argument('--deadline', type=float, default=None, help='seconds after which unfinished processes are stopped (their finished tasks stay in their run directories)')
    p.add_argument('--json', default=None, help='merged results file (default: OUTPUT_DIR/sweep.json)')
    a = p.parse_args(argv)
    variants = {}
    for v in a.variant or ['base=']:
        name, sep, flags = v.partition('=')
        if not sep or not name: p.error(f'--variant {v!r}: expected NAME="FLAGS"')
        variants[name] = flags
    for where, flags in [('--common', a.common), *((f'--variant {n}', f) for n, f in variants.items())]:
        clash = sorted({t.split('=')[0] for t in shlex.split(flags)} & PER_PROCESS)
        if clash: p.error(f'{where} sets {", ".join(clash)}, which the sweep sets for each process: use the sweep\'s own option')
    return a, variants

def run_all(a, variants) -> dict:
    "Start every (variant, k, shard) process, at most --parallel at once; return their output directories."
    size = a.shard_size or a.n_per_k
    todo = [(name, k, first) for name in variants for k in a.ks for first in range(a.first_task, a.first_task + a.n_per_k, size)]
    running, dirs, logs, start = {}, {}, {}, time.time()
    cli = [sys.executable, '-c', "import sys; sys.argv[0] = 'arc25'; from arc25_nb.cli import main; sys.exit(main(sys.argv[1:]))"]
    while todo or running:
        while todo and len(running) < a.parallel:
            key = name, k, first = todo.pop(0)
            out = Path(a.output_dir)/name/f'k{k}_{first}'; out.mkdir(parents=True, exist_ok=True)
            cmd = cli + ['benchmark', 'synthetic', *shlex.split(a.common), *shlex.split(variants[name]), '--ks', str(k),
                         '--first-task', str(first), '--n-per-k', str(min(size, a.first_task + a.n_per_k - first)), '--threads', str(a.threads), '--output-dir', str(out)]
            logs[key] = open(out/'log.txt', 'w')
            running[key] = (subprocess.Popen(cmd, stdout=logs[key], stderr=subprocess.STDOUT, cwd=ROOT), time.time())
            dirs[key] = out
        for key, (proc, t0) in list(running.items()):
            if proc.poll() is not None:
                logs[key].close(); del running[key]
                print(f'{key[0]} k={key[1]} from task {key[2]}: exit {proc.returncode} after {time.time() - t0:.0f}s', flush=True)
        if a.deadline is not None and time.time() - start > a.deadline:
            for key, (proc, _) in running.items(): proc.kill(); print(f'{key[0]} k={key[1]} from task {key[2]}: stopped at the deadline', flush=True)
            for key in running: running[key][0].wait(); logs[key].close()
            todo, running = [], {}
        time.sleep(1)
    return dirs

def merge(dirs:dict, variants) -> dict:
    "Per variant and mode: solved per k, totals, seconds, every task's result, and pass@n per k (mean over the k's tasks)."
    merged, curves = {}, {}
    for (name, k, first), out in dirs.items():
        v = merged.setdefault(name, {'flags': variants[name], 'modes': {}, 'errors': []})
        f = out/'results.json'
        if not f.exists(): v['errors'].append(f'k={k} from task {first}: no results (see {out}/log.txt)'); continue
        r = json.loads(f.read_text())
        v.setdefault('config', r['config'])
        for mode, m in r['modes'].items():
            mm = v['modes'].setdefault(mode, dict(solved_per_k={}, n_per_k={}, seconds=0., tasks={}, pass_at_n_per_k={}))
            mm['solved_per_k'][str(k)] = mm['solved_per_k'].get(str(k), 0) + m['solved']
            mm['n_per_k'][str(k)] = mm['n_per_k'].get(str(k), 0) + m['n']
            mm['seconds'] += m['seconds']; mm['tasks'].update(m['tasks'])
            curves.setdefault((name, mode, k), []).append((m['n'], m['pass_at_n_per_k'][str(k)]))
    for (name, mode, k), parts in curves.items():
        n = sum(w for w, _ in parts)
        merged[name]['modes'][mode]['pass_at_n_per_k'][str(k)] = [sum(w * c[i] for w, c in parts) / n for i in range(len(parts[0][1]))]
    return merged

def table(merged:dict, ks) -> list[dict]:
    rows = []
    for name, v in merged.items():
        for mode, m in v.get('modes', {}).items():
            rows.append({'variant': name, 'mode': mode, **{f'k={k}': f"{m['solved_per_k'].get(str(k), '-')}/{m['n_per_k'].get(str(k), '-')}" for k in ks},
                         'solved': f"{sum(m['solved_per_k'].values())}/{sum(m['n_per_k'].values())}", 'seconds': round(m['seconds'])})
    return rows

if __name__ == '__main__':
    sys.path.insert(0, str(ROOT))
    from arc25_nb.metrics import format_table
    a, variants = parse_args()
    t0 = time.time()
    merged = merge(run_all(a, variants), variants)
    rows = table(merged, a.ks)
    out = Path(a.json or Path(a.output_dir)/'sweep.json'); out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(dict(command=' '.join(shlex.quote(x) for x in sys.argv), wall_seconds=round(time.time() - t0),
                                   ks=a.ks, variants=merged, table=rows), indent=1))
    for name, v in merged.items():
        for e in v['errors']: print(f'{name}: {e}')
    print(format_table(rows))
