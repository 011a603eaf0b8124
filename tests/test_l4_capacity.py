"The L4 projection runs from the committed measurements, and the competition's settings are the plan it chooses."
import json, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_projection_reproduces_and_defaults_follow_the_model(tmp_path):
    out = tmp_path / 'l4_capacity.json'
    r = subprocess.run([sys.executable, str(ROOT / 'bench' / 'l4_capacity.py'), '--json', str(out)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    s = json.loads(out.read_text())['summary']
    assert {'projected_predictions_per_task', 'learning_rounds_per_task', 'l4_step_ms', 'anchor_vllm_projected_tok_s', 'method'} <= set(s)
    assert s['defaults_match_model'], f"competition_run_config() {s['competition_defaults']} is not the plan the time model chooses {s['settings']}: rerun bench/l4_capacity.py and follow it"
    recorded = json.loads((ROOT / 'bench' / 'results' / 'l4_capacity.json').read_text())['summary']
    assert s['projected_predictions_per_task'] == recorded['projected_predictions_per_task'] # the recorded projection is what the committed code computes
