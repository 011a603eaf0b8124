"`bench/synthetic_curves.py` names a run's variant the same way in every table, whichever directory it was given."
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location('synthetic_curves', Path(__file__).resolve().parents[1]/'bench'/'synthetic_curves.py')
curves = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(curves)

def test_variant_name():
    sweep = Path('/runs/sweep')
    bench = sweep/'top16'/'k8_0' # a sweep's benchmark directory
    assert curves.variant_name(sweep, bench) == 'top16' # given the whole sweep
    assert curves.variant_name(sweep/'top16', bench) == 'top16' # given one variant of it
    assert curves.variant_name(bench, bench) == 'k8_0' # given the benchmark directory itself

def test_ever():
    tasks = {'a': [dict(solved=False, fits=True), dict(solved=True, fits=True)], 'b': [dict(solved=False, fits=True)], 'c': []}
    assert curves.ever(tasks, 'solved') == {'a'}
    assert curves.ever(tasks, 'fits') == {'a', 'b'}
