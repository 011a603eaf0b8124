"""A search-and-learn run killed with SIGKILL and resumed with the same output directory.

The run is a real `arc25 search-and-learn` process on the tiny local model; it is killed as soon as its
first task's result file appears, then started again: the finished task must be skipped (its file is
not rewritten) and the rest completed, ending in a valid submission.
"""
import json, os, signal, subprocess, sys, time
from pathlib import Path

from arc25_nb.tiny_model import make_tiny_model
from arc25_nb.data import load_dataset
from arc25_nb.submission import load_submission, validate_submission

TASKS = ['6150a2bd', '25ff71a9', '3c9b0459']
PROGRAM = '''from common import *

import numpy as np
from typing import *

# concepts:
# rotation

# description:
# Turn the grid half a turn.

def transform(input_grid):
    return np.rot90(input_grid, 2)
'''


def command(model, out, seeds):
    return ['arc25', 'search-and-learn', '--quiet', '--model-path', str(model), '--output-dir', str(out),
            '--dataset', 'arc-agi-1/training', '--task-ids', *TASKS, '--initial-predictions', '4', '--epochs', '1',
            '--predictions-per-epoch', '4', '--samples-per-prompt', '2', '--max-new-tokens', '32',
            '--execution-workers', '1', '--seed-programs', str(seeds), '--stop-distinct', 'none', '--stop-agree', 'none']


def test_kill_and_resume(tmp_path):
    model = make_tiny_model(tmp_path / 'model')
    seeds = tmp_path / 'seeds'; seeds.mkdir(); (seeds / 'rot.py').write_text(PROGRAM)
    out = tmp_path / 'run'
    proc = subprocess.Popen(command(model, out, seeds), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if list((out / 'tasks').glob('*.json')): break
        time.sleep(0.05)
    assert proc.poll() is None, f'run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}'
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.stem: p.stat().st_mtime_ns for p in (out / 'tasks').glob('*.json')}
    assert 1 <= len(finished) < len(TASKS)
    for p in (out / 'tasks').glob('*.json'): json.loads(p.read_text())  # whole files only

    r = subprocess.run(command(model, out, seeds), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    after = {p.stem: p.stat().st_mtime_ns for p in (out / 'tasks').glob('*.json')}
    assert set(after) == set(TASKS)
    for tid, mtime in finished.items(): assert after[tid] == mtime, f'{tid} was redone after resume'
    tasks = load_dataset('arc-agi-1/training', ids=TASKS)
    assert validate_submission(load_submission(out / 'submission.json'), tasks) == []
