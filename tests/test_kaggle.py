"""The Kaggle driver run end to end on this machine, as the kernel runs it on Kaggle.

The competition data is laid out as Kaggle lays it out (test challenges without solutions, evaluation
challenges and solutions) under a fake input folder, the tiny local model is the model dataset, and
four CPU workers share four evaluation tasks. Two tasks kill their worker: one only on its first attempt
(it must be retried and answered), one on every attempt (it must keep placeholder answers). The run
must end with a valid submission for every test task.
"""
import dataclasses, json, subprocess, sys
from pathlib import Path

import pytest

from arc25_nb.data import load_dataset, load_challenges, write_challenges
from arc25_nb.kaggle import (KaggleConfig, Driver, WorkerSlot, make_clock, queue_order, run_config, run_kaggle, RERUN_VAR)
from arc25_nb.kaggle_build import build_kernel
from arc25_nb.search_and_learn import SearchAndLearnConfig
from arc25_nb.submission import load_submission, validate_submission
from arc25_nb.tiny_model import make_tiny_model

ROOT = Path(__file__).resolve().parents[1]
TINY = SearchAndLearnConfig(backend='hf', initial_predictions=2, epochs=1, predictions_per_epoch=2, samples_per_prompt=2,
                            max_new_tokens=16, execution_workers=1, stop_distinct=None, stop_agree=None)


@pytest.fixture(scope='module')
def kaggle_input(tmp_path_factory):
    "A fake /kaggle/input with the competition data of 4 evaluation tasks and the tiny model as the model dataset."
    root = tmp_path_factory.mktemp('kaggle')
    tasks = load_dataset('arc-agi-1/evaluation', n=4)
    comp = root / 'input' / 'arc-prize-2025'
    write_challenges(tasks, comp / 'arc-agi_test_challenges.json')
    write_challenges(tasks, comp / 'arc-agi_evaluation_challenges.json', comp / 'arc-agi_evaluation_solutions.json')
    make_tiny_model(root / 'input' / 'arc25-nb-model' / 'tiny')
    return root, tasks


def test_four_workers_with_crashes_end_in_valid_submission(kaggle_input, tmp_path):
    root, tasks = kaggle_input
    order = queue_order(tasks)
    retried, lost = order[0], order[1]
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path / 'working'), gpus=[], cpu_workers=4,
                      threads_per_worker=1, run=TINY, dry=TINY, min_task_minutes=0, crash_on_tasks={retried: 1, lost: 5})
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})  # a competition rerun: the test challenges, no solutions

    test_tasks = load_challenges(root / 'input' / 'arc-prize-2025' / 'arc-agi_test_challenges.json')
    assert not any(t.has_solutions for t in test_tasks)
    sub = load_submission(tmp_path / 'working' / 'submission.json')
    assert validate_submission(sub, test_tasks) == []
    assert s['dry_run'] is False and s['tasks'] == 4 and s['test_tasks'] == 4
    assert (s['answered'], s['placeholders']) == (3, 1)
    assert s['unanswered'] == [lost] and sub[lost][0]['attempt_1'] == [[0]]
    assert s['crashes'] == 3 and s['retried'] == sorted([retried, lost])
    assert s['queue_order'][0] == retried and s['queue_order'].count(retried) == 2 and s['queue_order'].count(lost) == 2
    assert [w['name'] for w in s['workers']] == ['cpu0', 'cpu1', 'cpu2', 'cpu3']
    assert all(w['device'] == 'cpu' for w in s['workers'])
    assert sum(w['deaths'] for w in s['workers']) == 3 and sum(w['tasks'] for w in s['workers']) == 3
    assert all(0 <= w['utilisation'] <= 1 for w in s['workers'])
    run_dir = tmp_path / 'working' / 'arc25_run'
    runs = (run_dir / 'task_runs.csv').read_text().splitlines()
    assert len(runs) == 1 + 6  # header, then 4 tasks + 2 retries
    assert json.loads((tmp_path / 'working' / 'arc25_summary.json').read_text())['answered'] == 3


def test_dry_run_scores_evaluation_tasks(kaggle_input, tmp_path):
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path / 'working'), gpus=[], cpu_workers=2,
                      threads_per_worker=1, dry=TINY, dry_run_tasks=2, min_task_minutes=0)
    s = run_kaggle(kc, environ={})  # not a rerun: a dry run
    assert s['dry_run'] is True and s['tasks'] == 2 and s['answered'] == 2
    assert 'solved' in s and s['score'] is not None  # scored against the evaluation solutions
    assert validate_submission(load_submission(tmp_path / 'working' / 'submission.json'), tasks) == []  # all 4 test tasks


def test_each_worker_gets_its_gpu_and_a_load_failure_is_reported(kaggle_input, tmp_path):
    "Workers on two (pretended) GPUs see their own CUDA_VISIBLE_DEVICES; a model that cannot load ends the run cleanly."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), threads_per_worker=1, run=TINY)
    c = dataclasses.replace(run_config(kc, dry=False), model_path=str(tmp_path / 'no-model'))
    report = Driver(c, queue_order(tasks), [WorkerSlot('gpu0', '0'), WorkerSlot('gpu1', '1')], kc, make_clock(kc, dry=False)).run()
    assert sorted(report.unanswered) == sorted(t.id for t in tasks) and report.dispatch_order == []
    assert sum('failed to load' in e for e in report.errors) == 2
    for name, gpu in [('gpu0', '0'), ('gpu1', '1')]:
        assert f"CUDA_VISIBLE_DEVICES='{gpu}'" in (tmp_path / 'arc25_run' / 'logs' / f'{name}.1.log').read_text()


def test_kaggle_module_does_not_import_torch():
    r = subprocess.run([sys.executable, '-c', 'import sys, arc25_nb.kaggle; print("torch" in sys.modules)'], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == 'False', r.stderr


def test_committed_kernel_is_up_to_date_and_edits_are_found(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert build_kernel('kaggle', check=True) == []
    copy = tmp_path / 'kaggle'
    build_kernel(copy)
    nb = copy / 'arc25_nb_kernel.ipynb'
    nb.write_text(nb.read_text().replace('run_kaggle(kc)', 'run_kaggle(kc, environ={})'))
    problems = build_kernel(copy, check=True)
    assert len(problems) == 1 and 'arc25_nb_kernel.ipynb' in problems[0]
