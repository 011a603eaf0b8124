"""Round-by-round curves of a synthetic benchmark or sweep: does learning move the model, and which way?

Run from the repository root on the output directory of `arc25 benchmark synthetic` or of
bench/synthetic_sweep.py (it finds every run directory with a `tasks/` folder below it):

    python bench/synthetic_curves.py runs/synthetic_sweep --round 16 --json bench/results/curves.json --png curves.png

Every mode's predictions of a task are cut into rounds of --round predictions in the order they were made
(for a search-and-learn mode with that split these are its real rounds; for search only they are equal
slices of the same budget, the no-learning reference). Per round it reports the best and the mean train
pixel score, the share of programs that ran and gave valid outputs, and the mean number of statements in
`transform` (how long the programs are). The table gives the mean over the tasks that no mode of the
same variant solved, round by round, for each variant and mode; the JSON has every task's curves.

A second table counts, per variant and mode, the tasks with a prediction that fits every train pair, the
tasks solved, and lists the tasks that were fitted but never solved: a program right on the train pairs
and wrong on the test input (one train pair does not pin the program down: a cell drawn in the colour the
input already has there leaves no trace, and a flood fill stops where that input's pixels stop it).

A third table says which tasks get solved: tasks grouped by how many drawing statements of their hidden
program leave a visible mark on the train output (statements entirely painted over by later ones do not
count: a program may leave them out), with the tasks solved by each mode.
"""
import argparse, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def statements(code:str|None) -> int:
    "Statements in the body of `transform` (0 when there is no program)."
    if not code or 'def transform' not in code: return 0
    body = code.split('def transform', 1)[1].splitlines()[1:]
    return sum(1 for line in body if line.startswith('    ') and line.strip() and not line.strip().startswith('#'))

def visible_statements(code:str, grid) -> int:
    "Drawing statements of a synthetic program that change at least one cell of its final output on `grid`."
    import numpy as np
    from arc25_nb.synthetic import run_program
    lines = code.splitlines()
    body = [i for i, l in enumerate(lines) if l.startswith('    ') and l.strip() not in ('output_grid = np.copy(input_grid)', 'return output_grid')]
    states = [run_program('\n'.join(l for i, l in enumerate(lines) if i not in body[j:]), [grid])[0] for j in range(len(body) + 1)]
    changed = [states[j + 1] != states[j] for j in range(len(body))]
    return sum(bool((c & ~np.logical_or.reduce(changed[j + 1:], initial=False)).any()) for j, c in enumerate(changed))

def variant_name(root:Path, bench:Path) -> str:
    "The variant of a benchmark directory found below `root`: root is that directory, a sweep variant's or a whole sweep's."
    return root.name if root in (bench, bench.parent) else str(bench.parent.relative_to(root))

def ever(tasks:dict, key:str) -> set:
    "Ids of the tasks with `key` true in some round (`key`: 'solved' or 'fits')."
    return {tid for tid, rounds in tasks.items() if any(x[key] for x in rounds)}

def by_visible(roots:list[Path]) -> list[dict]:
    "Per number of visible statements: tasks, and tasks solved by each (variant, mode)."
    from arc25_nb.synthetic import synthetic_task
    groups, visible = {}, {}
    def n_visible(tid:str, c:dict) -> int:
        "Visible statements of a benchmark task's program on its first train input (each task counted once)."
        if tid not in visible:
            k, seed = map(int, tid.removeprefix('bench').split('-'))
            st = synthetic_task(k, seed, (c['min_side'], c['max_side']), c['n_train'], 'bench', c.get('order') or 'random')
            visible[tid] = visible_statements(st.code, st.task.train[0].input)
        return visible[tid]
    for root in roots:
        for results in sorted(root.rglob('results.json')):
            r = json.loads(results.read_text())
            variant = variant_name(root, results.parent)
            for mode, m in r['modes'].items():
                for tid, t in m['tasks'].items():
                    g = groups.setdefault(n_visible(tid, r['config']), {'tasks': set()}); g['tasks'].add(tid)
                    g.setdefault(f'{variant}: {mode}', set()).update([tid] if t['solved'] else [])
    return [{'visible statements': n, **{key: len(v) for key, v in g.items()}} for n, g in sorted(groups.items())]

def task_curves(task, predictions, size:int) -> list[dict]:
    from arc25_nb.metrics import prediction_metrics
    rows = []
    for start in range(0, len(predictions), size):
        chunk = predictions[start:start + size]
        ms = [prediction_metrics(task, p.result) for p in chunk]
        scores = [m.train_pixel_score for m in ms]
        rows.append(dict(best=max(scores), mean=sum(scores) / len(scores), valid=sum(m.valid_outputs for m in ms) / len(ms),
                         statements=sum(statements(p.code) for p in chunk) / len(chunk), solved=any(m.solves for m in ms),
                         fits=any(m.all_train_correct for m in ms)))
    return rows

def collect(roots:list[Path], size:int) -> dict:
    "variant -> mode -> task id -> rounds, for every run directory below the roots."
    from arc25_nb.data import load_challenges
    from arc25_nb.search_and_learn import RunStore
    out = {}
    for root in roots:
        for tasks_dir in sorted(root.rglob('tasks')):
            run = tasks_dir.parent; bench = run.parent
            if not (bench/'challenges.json').exists(): continue
            tasks = {t.id: t for t in load_challenges(bench/'challenges.json', bench/'solutions.json')}
            variant = variant_name(root, bench)
            store = RunStore(run)
            for tid in sorted(store.done()):
                r = store.load(tid)
                out.setdefault(variant, {}).setdefault(run.name.replace('_', ' '), {})[tid] = task_curves(tasks[tid], r.predictions, size)
    return out

def summary(curves:dict) -> list[dict]:
    "Mean per round over the tasks that no mode of the variant solved."
    rows = []
    for variant, modes in curves.items():
        solved = set().union(*(ever(tasks, 'solved') for tasks in modes.values()))
        for mode, tasks in modes.items():
            unsolved = [rounds for tid, rounds in tasks.items() if tid not in solved]
            if not unsolved: continue
            for i in range(min(len(r) for r in unsolved)):
                mean = lambda key: sum(r[i][key] for r in unsolved) / len(unsolved)
                rows.append(dict(variant=variant, mode=mode, round=i, tasks=len(unsolved), best=round(mean('best'), 3),
                                 mean=round(mean('mean'), 3), valid=round(mean('valid'), 2), statements=round(mean('statements'), 1)))
    return rows

def train_fits(curves:dict) -> list[dict]:
    "Per variant and mode: tasks, tasks with a train-perfect prediction, tasks solved, and the fitted tasks never solved."
    rows = []
    for variant, modes in curves.items():
        for mode, tasks in modes.items():
            fit, solved = ever(tasks, 'fits'), ever(tasks, 'solved')
            rows.append({'variant': variant, 'mode': mode, 'tasks': len(tasks), 'fit train': len(fit), 'solved': len(solved),
                         'fit, test wrong': ' '.join(sorted(fit - solved)) or '-'})
    return rows

def plot(rows:list[dict], path:Path):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(10, 3.6)); axes = fig.subplots(1, 3)
    for (variant, mode) in dict.fromkeys((r['variant'], r['mode']) for r in rows):
        rs = [r for r in rows if r['variant'] == variant and r['mode'] == mode]
        for ax, key in zip(axes, ('best', 'mean', 'statements')):
            ax.plot([r['round'] for r in rs], [r[key] for r in rs], marker='o', ms=3, ls='-' if mode.startswith('learn') else '--', label=f'{variant}: {mode}')
    for ax, title in zip(axes, ('best train pixel score', 'mean train pixel score', 'statements per program')):
        ax.set_title(title, fontsize=9); ax.set_xlabel('round'); ax.grid(alpha=.3)
    axes[0].legend(fontsize=6)
    fig.tight_layout(); fig.savefig(path, dpi=80)

if __name__ == '__main__':
    sys.path.insert(0, str(ROOT))
    from arc25_nb.metrics import format_table
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('roots', nargs='+', type=Path, help='benchmark or sweep output directories')
    p.add_argument('--round', type=int, default=16, help='predictions per round')
    p.add_argument('--json', type=Path, default=None); p.add_argument('--png', type=Path, default=None)
    a = p.parse_args()
    curves = collect(a.roots, a.round)
    rows, fits, visible = summary(curves), train_fits(curves), by_visible(a.roots)
    if a.json: a.json.parent.mkdir(parents=True, exist_ok=True); a.json.write_text(json.dumps(dict(command=' '.join(sys.argv), round=a.round, summary=rows, train_fits=fits, by_visible=visible, tasks=curves), indent=1))
    if a.png: plot(rows, a.png)
    print(format_table(rows)); print()
    print(format_table(fits)); print()
    keys = list(dict.fromkeys(k for row in visible for k in row))
    print(format_table([{k: row.get(k, 0) for k in keys} for row in visible]))
