"""What every experiment notebook opens with: its results folder, its manifest, and the sweep table reader.

The experiment notebooks import this (`from _results import *`) from experiments/, or from the repository root after
putting experiments/ on the path. It is research tooling, not part of the package.
"""
import json
from pathlib import Path
from arc25_nb.metrics import format_table

ROOT = Path(__file__).resolve().parents[1]
__all__ = ['ROOT', 'open_experiment', 'sweep_rows', 'format_table']


def open_experiment(name:str) -> tuple[Path, dict]:
    "The results folder `bench/results/<name>/` and its manifest; prints the question and each file's commit and machine."
    results = ROOT/'bench'/'results'/name
    manifest = json.loads((results/'manifest.json').read_text())
    print(manifest['question'])
    print(format_table([dict(file=f['file'], commit=f['commit'], machine=f['machine']) for f in manifest['files']]))
    return results, manifest


def sweep_rows(obj:dict) -> list[dict]:
    "Tasks solved per k of every run, variant and mode of a `bench/synthetic_sweep.py` result (or of a file holding several of them)."
    runs = {k: v for k, v in obj.items() if isinstance(v, dict) and 'variants' in v} or ({'': obj} if 'variants' in obj else {})
    rows = [dict(run=r, variant=v, mode=m, **{f'k={k}': f"{mm['solved_per_k'][k]}/{mm['n_per_k'][k]}" for k in mm['solved_per_k']})
            for r, run in runs.items() for v, vv in run['variants'].items() for m, mm in vv['modes'].items()]
    ks = sorted({k for row in rows for k in row if k.startswith('k=')}, key=lambda k: int(k[2:]))
    return [dict(run=row['run'], variant=row['variant'], mode=row['mode'], **{k: row.get(k, '') for k in ks}) for row in rows]
