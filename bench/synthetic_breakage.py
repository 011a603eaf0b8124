"""Where do the synthetic model's programs break? The hazard of the first syntax error per statement, by statement index and sequence position.

Run from the repository root on output directories of `arc25 benchmark synthetic` or bench/synthetic_sweep.py
(every search-and-learn run directory below them is read; search-only runs are left out):

    python bench/synthetic_breakage.py runs/synthetic_sweep --json bench/results/breakage.json

For every program sampled after a learning round, each drawing statement (the lines after
`output_grid = np.copy(input_grid)`) is a trial, up to and including the line where Python reports the program's
first syntax error (a program that parses contributes all of its statements, none failing). A statement's
sequence position is the number of tokens before it: the task's prompt in the compact format plus the answer up to
that line, counted with the model's tokenizer (--model-path; default the embedded model). The hazard of a cell is
(first errors in it) / (statements in it). Statements are grouped by index in the program (1-8, 9-12, 13 and more)
and by whether they start beyond --position tokens (default 436: the longest sequence the embedded model saw in
pretraining, prompt and program, measured on 2000 of its training tasks), so the two causes can be told apart:
writing more statements than trained on, and reaching positions never trained on.
"""
import argparse, ast, json, sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from arc25_nb.splicing import _COPY  # noqa: E402  (the copy line that opens a drawing program's body)
GROUPS = [(1, 8), (9, 12), (13, None)]

def group(index:int) -> str:
    "The statement-index group of the statement at 1-based `index`."
    for lo, hi in GROUPS:
        if index >= lo and (hi is None or index <= hi): return f'{lo}-{hi}' if hi else f'{lo}+'
    raise ValueError(index)

def first_error_line(code:str) -> int|None:
    "0-based index of the line of the first syntax error; None when the program parses."
    try: ast.parse(code); return None
    except SyntaxError as e: return max((e.lineno or 1) - 1, 0)

def program_code(text:str) -> str:
    "Everything after the completion's first ```python line, up to a closing fence if there is one: unlike `execution.extract_code`, a program cut off before its fence is kept, so its statements count."
    return text.split('```python\n', 1)[-1].split('\n```', 1)[0]

def trials(code:str, prompt_tokens:int, count_tokens):
    "(statement index from 1, sequence position, failed) for each statement up to the first syntax error."
    lines = code.split('\n')
    if '    ' + _COPY not in lines: return []
    start, err = lines.index('    ' + _COPY) + 1, first_error_line(code)
    last = len(lines) - 2 if err is None else err  # the return line is not a drawing statement
    out = []
    for i in range(start, min(last, len(lines) - 1) + 1):
        pos = prompt_tokens + count_tokens('```python\n' + '\n'.join(lines[:i]))
        out.append((i - start + 1, pos, err is not None and i == err))
    return out

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('roots', nargs='+', type=Path, help='benchmark or sweep output directories')
    p.add_argument('--model-path', default='', help="the model whose tokenizer counts positions ('': the embedded model)")
    p.add_argument('--position', type=int, default=436, help='position threshold (tokens)')
    p.add_argument('--json', type=Path, default=None)
    a = p.parse_args(argv)
    from transformers import AutoTokenizer
    from arc25_nb.data import load_challenges
    from arc25_nb.prompting import COMPACT_FORMAT, render_training_example
    from arc25_nb.synthetic import SYNTHETIC_ENCODER, SYNTHETIC_MODEL
    tok = AutoTokenizer.from_pretrained(a.model_path or str(SYNTHETIC_MODEL))
    def count_tokens(s): return len(tok(s, add_special_tokens=False).input_ids)
    def prompt_tokens(task): return count_tokens(render_training_example(task, 'x', tok, COMPACT_FORMAT, SYNTHETIC_ENCODER)[0])
    risk, bad, n_programs, n_broken = Counter(), Counter(), 0, 0
    runs = sorted({f.parent.parent for root in a.roots for f in root.rglob('tasks/*.json') if f.parent.parent.name.startswith('learn')})
    for run in runs:
        tasks = {t.id: t for t in load_challenges(run.parent/'challenges.json')}
        for f in sorted((run/'tasks').glob('*.json')):
            r = json.loads(f.read_text()); P = prompt_tokens(tasks[r['task_id']])
            for pred in r['predictions']:
                if pred['epoch'] < 1: continue
                ts = trials(program_code(pred['text']), P, count_tokens)
                n_programs += 1; n_broken += any(failed for *_, failed in ts)
                for index, pos, failed in ts:
                    key = (group(index), pos > a.position)
                    risk[key] += 1; bad[key] += failed
    rows = [dict(statements=g, beyond_position=beyond, statements_at_risk=risk[g, beyond], first_errors=bad[g, beyond],
                 hazard=round(bad[g, beyond] / risk[g, beyond], 4) if risk[g, beyond] else None)
            for g in [group(lo) for lo, _ in GROUPS] for beyond in (False, True)]
    print(f'{len(runs)} learning runs, {n_programs} programs sampled after a learning round, {n_broken} with a syntax error in a drawing statement')
    print(f"{'statements':>10} {'position':>12} {'at risk':>8} {'errors':>7} {'hazard':>7}")
    for r in rows:
        h = f"{r['hazard']:.3f}" if r['hazard'] is not None else '-'
        print(f"{r['statements']:>10} {('> ' if r['beyond_position'] else '<= ') + str(a.position):>12} {r['statements_at_risk']:>8} {r['first_errors']:>7} {h:>7}")
    if a.json:
        a.json.write_text(json.dumps(dict(command=' '.join(['python', 'bench/synthetic_breakage.py', *sys.argv[1:]]) if argv is None else argv,
                                          runs=[str(r) for r in runs], n_programs=n_programs, n_broken=n_broken, position=a.position, rows=rows), indent=1))

if __name__ == '__main__': main()
