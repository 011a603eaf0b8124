"""Checks of the installed `arc25` console command, run as a user would run it (a subprocess)."""
import json, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def arc25(*args, timeout=600):
    return subprocess.run(['arc25', *args], capture_output=True, text=True, timeout=timeout)


def test_datasets_lists_bundled_sets():
    r = arc25('datasets')
    assert r.returncode == 0, r.stderr
    assert 'arc-agi-1/evaluation' in r.stdout and '400 tasks' in r.stdout


def test_unknown_dataset_is_one_line_error():
    r = arc25('baseline', '--dataset', 'arc-agi-7/evaluation')
    assert r.returncode == 2
    assert 'unknown dataset name' in r.stderr and 'Traceback' not in r.stderr


def test_baseline_then_validate_and_score(tmp_path):
    r = arc25('baseline', '--dataset', 'arc-agi-2/evaluation', '--out', str(tmp_path))
    assert r.returncode == 0, r.stderr
    sub = tmp_path / 'submission.json'
    r = arc25('validate', str(sub), '--dataset', 'arc-agi-2/evaluation')
    assert r.returncode == 0 and 'valid' in r.stdout
    r = arc25('score', str(sub), '--dataset', 'arc-agi-2/evaluation', '--json', str(tmp_path / 's.json'))
    assert r.returncode == 0 and 'score' in r.stdout
    assert len(json.loads((tmp_path / 's.json').read_text())['per_task']) == 120


def test_invalid_submission_exits_non_zero(tmp_path):
    assert arc25('baseline', '--dataset', 'arc-agi-1/evaluation', '--out', str(tmp_path)).returncode == 0
    sub = json.loads((tmp_path / 'submission.json').read_text())
    sub['00576224'][0]['attempt_1'] = [[1, 2], [3]]
    (tmp_path / 'sub.json').write_text(json.dumps(sub))
    r = arc25('validate', str(tmp_path / 'sub.json'), '--dataset', 'arc-agi-1/evaluation')
    assert r.returncode == 1
    assert '00576224' in r.stdout and 'attempt_1' in r.stdout


def test_readme_shows_the_ci_test_command():
    ci = (ROOT / '.ci' / 'run').read_text()
    cmd = ci.split("TEST_CMD='", 1)[1].split("'\n", 1)[0]
    assert cmd in (ROOT / 'README.md').read_text()
