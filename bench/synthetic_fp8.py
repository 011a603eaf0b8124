#!/usr/bin/env python
"""8-bit weights against full precision on a trained model: greedy programs of the embedded synthetic model.

Run from the repository root (CPU: the 8-bit arithmetic is emulated exactly as `fp8.Fp8Linear` computes it where the
GPU has no fp8 tensor cores):

    python bench/synthetic_fp8.py --json bench/results/l4_capacity/synthetic_fp8_cpu.json

The tasks are the synthetic benchmark's (namespace `bench`, seeds 0..n-1 of each k, the statement order the model was
trained on). For each task the model writes one greedy program with its weights as stored (float32 on the CPU), then
with its projections quantized (`fp8.quantize_fp8`). Per k it reports tasks, programs that solve their task in each
format, and how many of the 8-bit model's programs are token for token the full-precision one's. The 8B-shaped model
has random weights, so its agreement says little (bench/l4_measure.py reports it anyway); this model is trained, so
its logits have real margins. Writes JSON and prints a table. Nothing is fetched from a hub.
"""
import argparse, json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', default=str(ROOT / 'arc25_nb' / 'assets' / 'synthetic_model'))
    p.add_argument('--ks', type=int, nargs='+', default=[1, 2, 3, 4, 6, 8])
    p.add_argument('--n-per-k', type=int, default=16)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--json', default=None)
    a = p.parse_args(argv)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from arc25_nb.synthetic import synthetic_tasks, evaluate_programs
    from arc25_nb.fp8 import quantize_fp8
    torch.set_num_threads(a.threads)
    cfg = json.loads((Path(a.model) / 'pretrain.json').read_text())['config']
    tok = AutoTokenizer.from_pretrained(a.model)
    models = {'full': AutoModelForCausalLM.from_pretrained(a.model).eval(), 'fp8': AutoModelForCausalLM.from_pretrained(a.model).eval()}
    n_quantized = quantize_fp8(models['fp8'])
    rows, start = [], time.monotonic()
    for k in a.ks:
        sts = synthetic_tasks([k], a.n_per_k, 'bench', sides=(cfg['min_side'], cfg['max_side']), n_train=cfg['n_train'], order=cfg.get('order', 'random'))
        e = {name: evaluate_programs(m, tok, sts, max_new_tokens=640, all_texts=True) for name, m in models.items()}
        same = sum(x == y for x, y in zip(e['full']['texts'], e['fp8']['texts']))
        rows.append(dict(k=k, tasks=len(sts), solved_full=e['full']['solved'], solved_fp8=e['fp8']['solved'], identical_programs=same))
        print(rows[-1], flush=True)
    total = {key: sum(r[key] for r in rows) for key in ('tasks', 'solved_full', 'solved_fp8', 'identical_programs')}
    out = dict(command='python ' + ' '.join([sys.argv[0]] + (argv if argv is not None else sys.argv[1:])), model=a.model,
               device=f'CPU, {a.threads} thread(s); 8-bit arithmetic emulated (fp8._emulated)', layers_quantized=n_quantized,
               seconds=round(time.monotonic() - start, 1), rows=rows, summary=total)
    print(f"{'k':>3} {'tasks':>6} {'solved fp32':>11} {'solved fp8':>10} {'identical':>9}")
    for r in rows + [dict(k='all', **total)]:
        print(f"{r['k']:>3} {r['tasks']:>6} {r['solved_full']:>11} {r['solved_fp8']:>10} {r['identical_programs']:>9}")
    if a.json: Path(a.json).parent.mkdir(parents=True, exist_ok=True); Path(a.json).write_text(json.dumps(out, indent=1))


if __name__ == '__main__': main()
