"""The Kaggle driver run end to end on this machine, as the kernel runs it on Kaggle.

The competition data is laid out as Kaggle lays it out (test challenges without solutions, evaluation
challenges and solutions) under a fake input folder, the tiny local model is the model dataset, and
four CPU workers share four evaluation tasks. Two tasks kill their worker: one only on its first attempt
(it must be retried and answered), one on every attempt (it must keep placeholder answers). The run
must end with a valid submission for every test task.
"""
import dataclasses, json, platform, subprocess, sys
from pathlib import Path

import pytest

from arc25_nb.data import load_dataset, load_challenges, write_challenges
from arc25_nb.kaggle import (KaggleConfig, Driver, DryRunFailed, WorkerSlot, make_clock, queue_order, run_config, run_kaggle, RERUN_VAR,
                             competition_run_config)
from arc25_nb.kaggle_build import build_kernel
from arc25_nb.search_and_learn import SearchAndLearnConfig
from arc25_nb.submission import load_submission, validate_submission
from arc25_nb.tiny_model import make_tiny_model

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / 'tests' / 'programs'  # a random model writes no program that runs: these give the learning rounds examples
TINY = SearchAndLearnConfig(backend='hf', initial_predictions=2, epochs=1, predictions_per_epoch=2, samples_per_prompt=2,
                            max_new_tokens=16, execution_workers=1, stop_distinct=None, stop_agree=None, seed_programs=str(PROGRAMS))


@pytest.fixture(scope='module')
def kaggle_input(tmp_path_factory):
    "A fake /kaggle/input with the competition data of 4 evaluation tasks and the tiny model as the model dataset."
    root = tmp_path_factory.mktemp('kaggle')
    tasks = load_dataset('arc-agi-1/evaluation', n=4)
    comp = root / 'input' / 'competitions' / 'arc-prize-2026-arc-agi-2'  # the 2026 layout: /kaggle/input/competitions/arc-prize-2026-arc-agi-2/
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

    test_tasks = load_challenges(root / 'input' / 'competitions' / 'arc-prize-2026-arc-agi-2' / 'arc-agi_test_challenges.json')
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
    assert (s['submission_tasks'], s['submission_placeholders'], s['problems']) == (4, 1, [])  # the seed programs give grids; the lost task keeps placeholders


def test_dry_run_scores_evaluation_tasks(kaggle_input, tmp_path):
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path / 'working'), gpus=[], cpu_workers=2,
                      threads_per_worker=1, dry=TINY, dry_run_tasks=2, min_task_minutes=0)
    s = run_kaggle(kc, environ={})  # not a rerun: a dry run
    assert s['dry_run'] is True and s['tasks'] == 2 and s['answered'] == 2
    assert 'solved' in s and s['score'] is not None  # scored against the evaluation solutions
    assert s['learning']['rounds'] == s['learning']['trained'] == 2  # every learning round trained
    assert validate_submission(load_submission(tmp_path / 'working' / 'submission.json'), tasks) == []  # all 4 test tasks


def test_a_worker_with_two_tasks_in_flight_answers_every_task(kaggle_input, tmp_path):
    "One CPU worker holding two tasks at once (their samples in one call, each with its adapter) answers all four, every learning round trained."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), gpus=[], cpu_workers=1, threads_per_worker=1,
                      run=dataclasses.replace(TINY, tasks_in_flight=2), min_task_minutes=0)
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})
    assert (s['answered'], s['placeholders'], s['crashes'], s['problems']) == (4, 0, 0, [])
    assert s['learning']['rounds'] == s['learning']['trained'] == 4
    assert validate_submission(load_submission(tmp_path / 'submission.json'), tasks) == []
    log = (tmp_path / 'arc25_run' / 'logs' / 'cpu0.1.log').read_text()
    assert log.count('budget') == 4


def test_dry_run_without_training_fails_loudly(kaggle_input, tmp_path):
    "With no program that runs (the tiny random model alone), no learning round has examples: the dry run says so and fails."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), gpus=[], cpu_workers=1, threads_per_worker=1,
                      dry=dataclasses.replace(TINY, seed_programs=None), dry_run_tasks=1, min_task_minutes=0)
    with pytest.raises(DryRunFailed, match='no learning round trained.*no relabeled example; the model wrote no program that runs'):
        run_kaggle(kc, environ={})
    assert json.loads((tmp_path / 'arc25_summary.json').read_text())['learning']['trained'] == 0
    assert validate_submission(load_submission(tmp_path / 'submission.json'), tasks) == []


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


def test_a_task_killed_mid_run_keeps_its_finished_rounds(kaggle_input, tmp_path):
    "A worker dies right after a task's first round is saved, on every attempt: the submission uses that round's answers."
    root, tasks = kaggle_input
    cut = queue_order(tasks)[0]
    two_rounds = dataclasses.replace(TINY, epochs=2)
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path / 'working'), gpus=[], cpu_workers=2, threads_per_worker=1,
                      run=two_rounds, min_task_minutes=0, max_attempts=1, crash_after_round={cut: 1})
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})
    assert (s['answered'], s['partial'], s['placeholders'], s['crashes']) == (3, 1, 0, 1)
    from arc25_nb.search_and_learn import RunStore
    kept = RunStore(tmp_path / 'working' / 'arc25_run').load_any(cut)
    assert [e.epoch for e in kept.epochs] == [0, 1] and kept.stop_reason == 'cut off after round 1'
    sub = load_submission(tmp_path / 'working' / 'submission.json')
    assert validate_submission(sub, tasks) == []
    from arc25_nb.submission import make_submission
    assert sub[cut] == make_submission({cut: kept.attempts}, tasks=[t for t in tasks if t.id == cut])[cut]


def test_workers_load_one_after_another(kaggle_input, tmp_path):
    "With stagger_loading (the default) the second worker starts loading only once the first is ready."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), gpus=[], cpu_workers=2, threads_per_worker=1, run=TINY,
                      min_task_minutes=0)
    c = run_config(kc, dry=False)
    report = Driver(c, queue_order(tasks)[:2], [WorkerSlot('cpu0', None), WorkerSlot('cpu1', None)], kc, make_clock(kc, dry=False)).run()
    first, second = sorted(report.workers, key=lambda w: w.started_s)
    assert second.started_s >= first.started_s + first.load_s, (first, second)


def test_dry_run_fails_loudly_when_no_worker_loads_the_model(kaggle_input, tmp_path):
    "The unsloth backend on a machine without unsloth: every worker fails to load; the dry run raises, with a valid submission written."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), gpus=[], cpu_workers=2, threads_per_worker=1,
                      dry=dataclasses.replace(TINY, backend='unsloth'), dry_run_tasks=2, min_task_minutes=0)
    with pytest.raises(DryRunFailed, match='no task of 2 was answered.*failed to load'):
        run_kaggle(kc, environ={})
    assert validate_submission(load_submission(tmp_path / 'submission.json'), tasks) == []


def test_missing_competition_data_still_writes_a_submission(tmp_path):
    kc = KaggleConfig(input_dir=str(tmp_path / 'input'), working_dir=str(tmp_path), gpus=[], run=TINY)
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})  # a rerun ends normally
    assert 'arc-agi_test_challenges.json is not under' in s['error'] and load_submission(tmp_path / 'submission.json') == {}
    with pytest.raises(DryRunFailed, match='is not under'):
        run_kaggle(dataclasses.replace(kc, dry_run=True))
    placeholder = {'t1': [{'attempt_1': [[0]], 'attempt_2': [[0]]}]}  # what the kernel's first cell writes before installing
    (tmp_path / 'submission.json').write_text(json.dumps(placeholder))
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})
    assert load_submission(tmp_path / 'submission.json') == placeholder  # kept, not replaced by an empty one
    assert (s['submission_tasks'], s['submission_placeholders']) == (1, 1)


def test_a_rerun_without_a_usable_model_says_so(kaggle_input, tmp_path, capsys):
    "The model is not attached: the rerun ends normally, its summary counts the submission's placeholders and names the problems."
    root, tasks = kaggle_input
    kc = KaggleConfig(input_dir=str(root / 'input'), working_dir=str(tmp_path), gpus=[], run=TINY, model='me/not-attached')
    s = run_kaggle(kc, environ={RERUN_VAR: '1'})
    assert (s['test_tasks'], s['submission_tasks'], s['submission_with_answers'], s['submission_placeholders']) == (4, 4, 0, 4)
    assert len(s['problems']) == 1 and 'me/not-attached is not attached' in s['problems'][0]
    out = capsys.readouterr()
    assert 'the run did not start' in out.out and 'the submission answers 4 tasks: 0 with a grid of the run, 4 with placeholders only' in out.out
    assert out.err.count('!!! PROBLEM') == len(s['problems'])
    assert json.loads((tmp_path / 'arc25_summary.json').read_text())['problems'] == s['problems']


def test_run_config_finds_a_kaggle_model_and_picks_dry_tasks(kaggle_input, tmp_path):
    root, tasks = kaggle_input
    model = tmp_path / 'input' / 'barc-llama' / 'transformers' / 'default' / '3'
    (model / 'config.json').parent.mkdir(parents=True); (model / 'config.json').write_text('{}')
    comp = tmp_path / 'input' / 'arc-prize-2026-arc-agi-2'  # the other layout
    write_challenges(tasks, comp / 'arc-agi_test_challenges.json')
    write_challenges(tasks, comp / 'arc-agi_evaluation_challenges.json', comp / 'arc-agi_evaluation_solutions.json')
    kc = KaggleConfig(input_dir=str(tmp_path / 'input'), working_dir=str(tmp_path), model='me/barc-llama/Transformers/default', dry_run_tasks=2)
    c = run_config(kc, dry=True)
    assert c.model_path == str(model) and c.challenges == str(comp / 'arc-agi_evaluation_challenges.json')
    assert c.task_ids[0] == queue_order(tasks)[0] and len(c.task_ids) == 2  # the longest prompt is always in the dry run
    cc = competition_run_config()  # the dry run rehearses the competition's settings
    assert (c.max_new_tokens, c.initial_predictions, c.epochs, c.max_relabeled, c.train.fp8) == (cc.max_new_tokens, cc.initial_predictions, cc.epochs, cc.max_relabeled, cc.train.fp8)


def _kernel_code(input_dir, working_dir) -> list[str]:
    "The code cells of the rendered kernel, reading `input_dir` and writing to `working_dir` instead of /kaggle/input and /kaggle/working."
    from arc25_nb.kaggle_build import kernel_files
    nb = json.loads(kernel_files()['arc25_nb_kernel.ipynb'])
    cells = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code']
    line = "INPUT_DIR, WORKING_DIR = Path('/kaggle/input'), Path('/kaggle/working')"
    assert line in cells[0]
    return [cells[0].replace(line, f'INPUT_DIR, WORKING_DIR = Path({str(input_dir)!r}), Path({str(working_dir)!r})')] + cells[1:]


def _run_stdlib_only(code: str, env: dict) -> subprocess.CompletedProcess:
    "Run `code` in an interpreter that sees no installed package and no PYTHONPATH (-I -S), as the kernel's first cells run before the install."
    return subprocess.run([sys.executable, '-I', '-S', '-c', code], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def kernel_input(kaggle_input, tmp_path):
    "The competition data and a wheels dataset (a package wheel, requirements.txt, wheelset.json made for this interpreter, no torch)."
    root, tasks = kaggle_input
    wheels = root / 'input' / 'arc25-nb-wheels'
    wheels.mkdir(exist_ok=True)
    (wheels / 'arc25_nb-0.0.0-py3-none-any.whl').write_text('')
    (wheels / 'requirements.txt').write_text('arc25_nb==0.0.0\n')
    target = dict(python='%d.%d' % sys.version_info[:2], glibc=platform.libc_ver()[1], image={}, backends=['hf'])
    return root, tasks, wheels, target


def test_the_kernel_writes_placeholders_before_installing_and_checks_the_image(kernel_input, tmp_path):
    "The first two cells use only the standard library: the placeholder submission for every test task, then the image check."
    root, tasks, wheels, target = kernel_input
    first, check = _kernel_code(root / 'input', tmp_path / 'working')[:2]
    (wheels / 'wheelset.json').write_text(json.dumps(target))
    r = _run_stdlib_only(first + '\n' + check, env={})
    assert r.returncode == 0, r.stderr
    assert validate_submission(load_submission(tmp_path / 'working' / 'submission.json'), tasks) == []
    assert 'placeholder submission.json: 4 tasks' in r.stdout and f"image: Python {target['python']}, glibc {target['glibc']}" in r.stdout
    assert f"wheels made for: Python {target['python']}" in r.stdout

    (wheels / 'wheelset.json').write_text(json.dumps(dict(target, python='3.99')))  # another image: every cp399 wheel would be rejected
    (tmp_path / 'working' / 'submission.json').unlink()
    r = _run_stdlib_only(first + '\n' + check, env={})
    assert r.returncode != 0 and 'the wheels cannot work on this image: the image has Python' in r.stderr and '--pip-python' in r.stderr
    assert validate_submission(load_submission(tmp_path / 'working' / 'submission.json'), tasks) == []  # written before the stop


def test_a_rerun_whose_setup_fails_ends_normally_with_placeholders(kernel_input, tmp_path):
    "In a competition rerun the whole kernel runs to its end: the failed check skips the install and the run, the placeholders stay."
    root, tasks, wheels, target = kernel_input
    (wheels / 'wheelset.json').write_text(json.dumps(dict(target, python='3.99')))
    r = _run_stdlib_only('\n'.join(_kernel_code(root / 'input', tmp_path / 'working')), env={RERUN_VAR: 'True'})
    assert r.returncode == 0, r.stderr
    assert '!!! STOPPED: the wheels cannot work on this image' in r.stderr and 'the run was skipped' in r.stderr
    assert validate_submission(load_submission(tmp_path / 'working' / 'submission.json'), tasks) == []
    r = _run_stdlib_only('\n'.join(_kernel_code(tmp_path / 'empty', tmp_path / 'w2')), env={RERUN_VAR: 'True'})
    assert r.returncode == 0 and 'attach the competition data (arc-prize-2026-arc-agi-2)' in r.stderr
