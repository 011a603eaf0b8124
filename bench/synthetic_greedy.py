"""Greedy decoding of a synthetic model on tasks with more elements than it was trained on: one program per task.

Run from the repository root:

    python bench/synthetic_greedy.py --model arc25_nb/assets/synthetic_model --ks 1 2 3 4 5 6 8 12 --n-per-k 25 \
        --json bench/results/01_length_prior/synthetic_greedy_order.json

The tasks are the benchmark's (namespace `bench`, seeds 0..n-1 of each k) in the statement order the model was
trained on (its pretrain.json's `order`; `random` for models made before the setting existed), so this is search
with one greedy sample: how far the pretrained model's programs carry beyond its training k before any learning.
Per k it prints and writes tasks, exact programs, programs that solve their task, and the mean number of drawing
statements written against the hidden program's.
"""
import argparse, json, re, sys, time
from pathlib import Path

def drawing_statements(code:str) -> int:
    "Drawing statements in a program: lines that paint the output grid (an outlined rectangle's inside counts apart)."
    return sum(bool(re.match(r'\s+(output_grid\[|draw_line\(|flood_fill\()', l)) for l in code.splitlines())

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--model', default='arc25_nb/assets/synthetic_model')
    p.add_argument('--ks', type=int, nargs='+', default=[1, 2, 3, 4, 5, 6, 8, 12])
    p.add_argument('--n-per-k', type=int, default=25)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--json', default=None)
    a = p.parse_args(argv)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from arc25_nb.synthetic import synthetic_tasks, evaluate_programs
    from arc25_nb.execution import extract_code
    torch.set_num_threads(a.threads)
    cfg = json.loads((Path(a.model)/'pretrain.json').read_text())['config']
    order = cfg.get('order', 'random')
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    tok, model = AutoTokenizer.from_pretrained(a.model), AutoModelForCausalLM.from_pretrained(a.model).to(device).eval()
    rows, start = [], time.monotonic()
    for k in a.ks:
        sts = synthetic_tasks([k], a.n_per_k, 'bench', sides=(cfg['min_side'], cfg['max_side']), n_train=cfg['n_train'], order=order)
        e = evaluate_programs(model, tok, sts, max_new_tokens=640, all_texts=True)
        written = [drawing_statements(extract_code(t) or '') for t in e['texts']]
        rows.append(dict(k=k, tasks=e['n'], exact=e['exact'], solved=e['solved'],
                         statements_written=round(sum(written) / len(written), 2),
                         statements_hidden=round(sum(drawing_statements(s.code) for s in sts) / len(sts), 2)))
        print(rows[-1], flush=True)
    out = dict(command='python ' + ' '.join([sys.argv[0]] + (argv if argv is not None else sys.argv[1:])), model=a.model, order=order,
               device=torch.cuda.get_device_name() if device == 'cuda' else f'CPU, {a.threads} thread(s)',
               seconds=round(time.monotonic() - start, 1), rows=rows)
    print(f"{'k':>3} {'tasks':>6} {'exact':>6} {'solved':>7} {'written':>8} {'hidden':>7}")
    for r in rows: print(f"{r['k']:>3} {r['tasks']:>6} {r['exact']:>6} {r['solved']:>7} {r['statements_written']:>8} {r['statements_hidden']:>7}")
    if a.json: Path(a.json).parent.mkdir(parents=True, exist_ok=True); Path(a.json).write_text(json.dumps(out, indent=1))

if __name__ == '__main__': main()
