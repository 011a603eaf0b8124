#!/usr/bin/env python
"""A rehearsal of the Kaggle competition run on the lent GPU, capped at an L4's memory.

`run_kaggle` (what `arc25 kaggle run` and the kernel call) in competition-rerun mode, with the competition's loop
settings (`competition_run_config`: 8-bit weights, rounds of 256 predictions, 16 samples a prompt, programs of up to
512 tokens, the best 16 relabeled examples trained a round; hf backend, cascade sampler), one worker on one GPU capped
at 22.3 GiB (`KaggleConfig.gpu_memory_gib`), the Llama 3.1 8B-shaped random bf16 model that bench/gpu_model.py makes,
and --tasks ARC-AGI-2 evaluation tasks laid out as Kaggle mounts them (`input/competitions/<slug>/`), chosen by the
dry run's rule (`dry_run_task_ids`: the longest prompt, then the others spread over the range). The run's clock is
--minutes, so each task gets the time left over the tasks left: a new round starts only within the budget.

Run on the lent H200, from the repository root:

    python bench/kaggle_rehearsal.py --tasks 3 --minutes 7 --json $OUT/kaggle_rehearsal.json

A random model writes no program that runs and never ends one, so every phase is made to run as it would with the
real model: the programs of bench/corpus join each task's first predictions (`seed_programs`), so every learning
round has relabeled examples to train on; and completions end at the token lengths of bench/corpus's programs
(`length_programs`: drawn at random), so rounds cost what rounds of real programs cost.

Writes JSON with a row per task (seconds, rounds, predictions, output tokens, peak GPU memory, out-of-memory retries,
each learning round's examples, steps, cuts, retries and skips) and a `summary` that counts the rounds each phase
really did: search rounds, learning rounds that trained (target: every round with examples), out-of-memory failures
(target 0), tasks answered (target all). It makes no L4 projection: that is bench/l4_capacity.py's time model, from
bench/l4_measure.py's measurements. Nothing is fetched from a hub.
"""
import argparse, json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'bench'))
L4_GIB = 22.3


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--tasks', type=int, default=8)
    p.add_argument('--minutes', type=float, default=6.)
    p.add_argument('--work-dir', default='/tmp/kaggle_rehearsal')
    p.add_argument('--new-tokens', type=int, default=None, help="the programs' token limit; None: the competition's")
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'kaggle_rehearsal.json'))
    p.add_argument('--cpu-smoke', action='store_true', help='check this script on a CPU with the tiny model (no figures)')
    a = p.parse_args()
    import shutil, torch
    from gpu_model import make_8b_shaped_model
    from arc25_nb.data import load_dataset, write_challenges
    import dataclasses
    from arc25_nb.kaggle import KaggleConfig, run_kaggle, dry_run_task_ids, RERUN_VAR, COMPETITION, competition_run_config
    from arc25_nb.search_and_learn import RunStore
    from arc25_nb.prompting import render_prompt
    from transformers import AutoTokenizer
    assert torch.cuda.is_available() or a.cpu_smoke, 'the rehearsal needs a CUDA GPU'
    device = torch.cuda.get_device_name() if not a.cpu_smoke else 'cpu (smoke test)'
    t = time.perf_counter()
    if a.cpu_smoke:
        from arc25_nb.tiny_model import make_tiny_model
        model = make_tiny_model(Path(a.work_dir + '-model'))
    else: model = make_8b_shaped_model(Path(a.model_dir))
    make_s = time.perf_counter() - t
    tok = AutoTokenizer.from_pretrained(model)

    evaluation = load_dataset('arc-agi-2/evaluation')
    lengths = {t.id: len(tok(render_prompt(t, tok), add_special_tokens=False)['input_ids']) for t in evaluation}
    ids = dry_run_task_ids(evaluation, a.tasks)
    tasks = [t for t in evaluation if t.id in ids]
    work = Path(a.work_dir); shutil.rmtree(work, ignore_errors=True)
    comp = work / 'input' / 'competitions' / COMPETITION
    write_challenges(tasks, comp / 'arc-agi_test_challenges.json')
    kc = KaggleConfig(input_dir=str(work / 'input'), working_dir=str(work / 'working'), model_path=str(model), gpus=[] if a.cpu_smoke else ['0'], cpu_workers=1,
                      gpu_memory_gib=L4_GIB, expect_gpus=1, time_limit_hours=a.minutes / 60, margin_minutes=0.5, kill_minutes=0.1,
                      min_task_minutes=0.25, max_task_minutes=None,
                      run=dataclasses.replace(competition_run_config(), seed_programs=str(ROOT / 'bench' / 'corpus'), length_programs=str(ROOT / 'bench' / 'corpus'),
                                              **({} if a.new_tokens is None else dict(max_new_tokens=a.new_tokens)),
                                              **(dict(initial_predictions=16, predictions_per_epoch=16, max_new_tokens=64) if a.cpu_smoke else {})))
    t = time.perf_counter()
    summary = run_kaggle(kc, environ={RERUN_VAR: '1'})
    wall = time.perf_counter() - t

    store, run_dir = RunStore(work / 'working' / 'arc25_run'), work / 'working' / 'arc25_run'
    import csv
    runs = list(csv.DictReader(open(run_dir / 'task_runs.csv'))) if (run_dir / 'task_runs.csv').exists() else []
    rows = []
    for tid in ids:
        r, run = store.load_any(tid), next((x for x in runs if x['task_id'] == tid), None)
        row = dict(task=tid, prompt_tokens=lengths[tid], longest_prompt=lengths[tid] == max(lengths.values()))
        if run: row.update(outcome=run['outcome'], seconds=float(run['end_s']) - float(run['start_s']) if run['end_s'] else None,
                           budget_s=float(run['budget_s']), peak_gpu_gb=float(run['peak_gpu_gb']) if run.get('peak_gpu_gb') else None)
        if r: row.update(final=store.path(tid).exists(), stop_reason=r.stop_reason, rounds=len(r.epochs), predictions=len(r.predictions),
                         output_tokens=sum(p.n_tokens or 0 for p in r.predictions), task_seconds=r.seconds,
                         sample_oom_retries=sum(e.sample_oom_retries for e in r.epochs),
                         search_s=sum(e.search_s for e in r.epochs), learn_s=sum(e.learn_s for e in r.epochs),
                         learning_rounds=len(r.epochs) - 1, learning_trained=sum(e.train_steps > 0 for e in r.epochs[1:]),
                         learning=[dict(round=e.epoch, examples=e.n_relabeled, dropped=e.n_dropped, cut=e.n_cut, steps=e.train_steps, retried=e.train_retried,
                                        skipped_oom=e.skipped_oom, tokens=e.train_tokens, seconds=round(e.learn_s, 1), peak_gb=e.train_peak_gb) for e in r.epochs[1:]])
        rows.append(row)
        print(json.dumps(row), flush=True)
    timed = [r for r in rows if r.get('predictions') and r.get('task_seconds')]
    rate = sum(r['predictions'] for r in timed) / sum(r['task_seconds'] for r in timed) if timed else 0.
    errors = summary.get('errors') or []
    out = dict(command=' '.join([sys.executable, *sys.argv]), device=device, l4_gib=L4_GIB, model='8B-shaped random bf16 (bench/gpu_model.py)',
               make_model_s=make_s, wall_s=wall, settings=dict(tasks=a.tasks, minutes=a.minutes, new_tokens=a.new_tokens, seed_programs='bench/corpus', length_programs='bench/corpus', run_config=dataclasses.asdict(kc.run)), rows=rows,
               kaggle_summary={k: v for k, v in summary.items() if k not in ('queue_order',)},
               summary=dict(tasks=len(ids), answered=sum(1 for r in rows if r.get('predictions')),
                            finished=sum(1 for r in rows if r.get('final')),
                            oom=sum('OutOfMemory' in e for e in errors) + sum(1 for r in rows if r.get('outcome') == 'error'),
                            sample_oom_retries=sum(r.get('sample_oom_retries', 0) for r in rows),
                            peak_gpu_gb=max((r['peak_gpu_gb'] for r in rows if r.get('peak_gpu_gb')), default=None),
                            worker_load_s=(summary.get('workers') or [{}])[0].get('load_s'),
                            learning=summary.get('learning'),
                            search_rounds=sum(r.get('rounds', 0) for r in rows),
                            learning_rounds=sum(r.get('learning_rounds', 0) for r in rows),
                            learning_rounds_trained=sum(r.get('learning_trained', 0) for r in rows),
                            h200_predictions_per_s=rate,
                            mean_completion_tokens=sum(r.get('output_tokens', 0) for r in rows) / max(1, sum(r.get('predictions', 0) for r in rows)),
                            l4_projection='bench/results/l4_capacity.json (time model); this rehearsal runs on the H200 and projects nothing'))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1, default=str))
    print(json.dumps(out['summary'], indent=1))


if __name__ == '__main__': main()
