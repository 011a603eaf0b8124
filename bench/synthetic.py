"""CPU benchmark of learning against search on synthetic drawing tasks, with the embedded synthetic model.

Run from the repository root (a few minutes on a 2-core CPU with the defaults):

    python bench/synthetic.py                                   # the default set: k = 6, 8, 12, 2 tasks each
    python bench/synthetic.py --ks 6 8 12 --n-per-k 8 --splits 8 4   # any flag of `arc25 benchmark synthetic`

It is `arc25 benchmark synthetic` (arc25_nb.synthetic_benchmark.run_benchmark): a fixed, seeded set of held-out tasks that
draw more elements than the model was trained on (k up to 4), each given the same number of predictions in every
mode: search only (all predictions sampled up front, epochs=0) and search and learn (a LoRA adapter fine-tuned on
hindsight-relabeled predictions between rounds), both through the real loop (`run_search_and_learn`, hf backend).
It prints the table (tasks solved per k, total, seconds) and writes results.json (pass@n curves, per-task flags)
and pass_at_n.png in --output-dir (default runs/benchmark_synthetic). Nothing is fetched from a hub.

bench/results/demo/synthetic_cpu_default.json is the results.json of the default set on a 2-core CPU (5 minutes) with the
committed model (`arc25 demo` runs a smaller instance: k=8, two tasks, 96 predictions; see the README). Larger measurements: bench/synthetic_sweep.py (many variants at once) and bench/synthetic_curves.py
(round-by-round curves); bench/results/01_length_prior/synthetic_first_model/ holds those of the first bundled model.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if __name__ == '__main__':
    from arc25_nb.cli import main
    sys.exit(main(['benchmark', 'synthetic', *sys.argv[1:]]))
