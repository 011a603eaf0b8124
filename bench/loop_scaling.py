#!/usr/bin/env python
"""What more epochs cost: the search-and-learn loop at one epoch of many predictions against many epochs of few.

Both runs make the same number of predictions and take the same number of training steps per task:

    (a) 1 epoch  x P predictions, the relabeled examples trained over for E passes;
    (b) E epochs x P/E predictions, the relabeled examples trained over once per epoch.

A random-weight model writes no valid programs, so each task's relabeled examples come from the project's own
corpus of BARC-style programs (`bench/corpus`, passed as the loop's seed programs): the same programs, and so the
same examples, in both runs. The stop criterion is off, so every epoch runs. The model is loaded once and shared by
both runs (load time is reported apart); the adapter reset at each task's start is inside the timed loop.

The original implementation took 3.2x longer at 7 epochs than at 1 (trainer start-up and adapter reload paid each
epoch); the target on the GPU is at most 1.2x. On a GPU, sampling P/E sequences E times is inherently slower than
sampling P at once (a decode step costs about the same at batch 16 as at 128), so the table splits the time by phase.

    # CPU, the tiny local model (a few minutes on 2 cores):
    python bench/loop_scaling.py --json bench/results/loop_scaling_cpu.json
    # GPU (the lent H100/H200), the 8B-shaped random model that bench/gpu_model.py makes:
    python bench/loop_scaling.py --model-path /tmp/llama8b-random --backend hf --predictions 64 --epochs 8 \
        --max-new-tokens 128 --json $OUT/loop_scaling_gpu.json
    # --engine generate: the hf backend's old sampler (transformers' generate), for comparison

Many tasks in flight (issue 28): a worker holds N tasks at once, their samples decoded in one batch, each with its own
adapter, so small rounds should cost about what one big round costs. 8 tasks, 64 predictions each, 8 rounds of 8
against 1 round of 64, all 8 in flight; the JSON's `summary` has `loop_scaling_ratio` (wall time b/a; target <= 1.2,
1.70 with one task at a time) and `tokens_per_s` (output tokens of the decode over its seconds, run b; target >= 4,400):

    python bench/loop_scaling.py --model-path /tmp/llama8b-random --make-8b --backend hf --tasks-in-flight 8 --tasks 8 \
        --predictions 64 --epochs 8 --max-new-tokens 128 --rounds 1 --json $OUT/concurrent_tasks_gpu.json
    # 16 in flight, the product's default length (rounds of 8 then fill the sampler's 128 rows a step; on an H100: b/a 1.02, 6,522 tok/s):
    #   --tasks 16 --tasks-in-flight 16 --max-new-tokens 512 --examples 2 --lora-rows stacked --attention split
    # --lora-rows slices: one LoRA product per adapter instead of one masked product over all of them (compare the two)
    # --compile-decode: the decode step's elementwise work compiled (torch.compile); the warm-up task pays the compile
    # --timings: each run's cascade seconds split into prefill, capture (CUDA graphs), step and choose (sampling)
    # --learn-while-sampling: two halves of the tasks in flight take turns, one training (second thread, own CUDA stream) while the other
    #   samples; the phases' seconds then overlap, so their sum exceeds the wall time (other_s < 0); leave --timings off (it synchronizes the device)
    # CPU smoke test with the tiny model: --tasks-in-flight 2 --tasks 4 --predictions 8 --epochs 2 --rounds 1

It prints a table and writes JSON. Nothing is fetched from a hub.
"""
import os, argparse, dataclasses, json, platform, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TASKS = ['3c9b0459', '6150a2bd', '67a3c6ac', '68b16354']  # arc-agi-1 training tasks that many corpus programs run on
MORE_TASKS = ['74dd1130', '9dfd6313', 'a416b8f3', 'ed36ccf7']  # more of them (grid rotations, reflections, tilings), for 8 in flight
STILL_MORE_TASKS = ['0d3d703e', '25d8a9c8', '25ff71a9', '9565186b', 'a85d4709', 'c8f0f002', 'b1948b0a', '6fa7a44f']  # small grids on which 50 or more of the 56 corpus programs run, for 16 in flight


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-path', help='local model directory; default: the tiny test model, made locally')
    p.add_argument('--backend', default='hf', choices=['hf', 'unsloth'])
    p.add_argument('--engine', default='cascade', choices=['cascade', 'generate'], help="the hf backend's sampler")
    p.add_argument('--tasks', nargs='+', default=TASKS[:2], help='arc-agi-1/training task ids, or one number: that many of the bench\'s tasks')
    p.add_argument('--tasks-in-flight', type=int, default=1, help='tasks a worker holds at once (SearchAndLearnConfig.tasks_in_flight)')
    p.add_argument('--learn-while-sampling', action='store_true', help='the tasks in flight in two halves, one training while the other samples (SearchAndLearnConfig.learn_while_sampling)')
    p.add_argument('--timings', action='store_true', help="split the cascade's time into prefill, capture, step and choose (it synchronizes the GPU at each: a little slower)")
    p.add_argument('--attention', default='auto', choices=['auto', 'joint', 'split'], help="the cascade's attention (SearchAndLearnConfig.attention)")
    p.add_argument('--prefill-tokens', type=int, default=None, help="the cascade's CascadeSampler.prefill_tokens (padded positions of one batch of prompts; 1: each prompt alone, as before 2026-12-05); default: the sampler's")
    p.add_argument('--compile-decode', action='store_true', help="compile the cascade's decode step (SearchAndLearnConfig.compile_decode)")
    p.add_argument('--lora-rows', default='stacked', choices=['slices', 'stacked'], help="the cascade's per-row adapter product (default: the sampler's)")
    p.add_argument('--make-8b', action='store_true', help='make the 8B-shaped random model at --model-path first (bench/gpu_model.py), if it is not there')
    p.add_argument('--predictions', type=int, default=16, help='predictions per task after the initial search (P)')
    p.add_argument('--epochs', type=int, default=4, help='epochs of run (b) (E); also the passes of run (a)')
    p.add_argument('--initial', type=int, default=4, help='initial predictions (same in both runs)')
    p.add_argument('--samples-per-prompt', type=int, default=4)
    p.add_argument('--max-new-tokens', type=int, default=48)
    p.add_argument('--examples', type=int, default=8, help='relabeled examples per learning round (the best ones)')
    p.add_argument('--max-seq-len', type=int, default=8192)
    p.add_argument('--execution-workers', type=int, default=None)
    p.add_argument('--rounds', type=int, default=2, help='runs of each mode, in ABBA order (the table gives each run and the means)')
    p.add_argument('--json', default=str(HERE / 'results' / 'loop_scaling.json'))
    return p.parse_args()


def run(label, base, models, out_root, **changes):
    from arc25_nb.search_and_learn import run_search_and_learn, RunStore
    c = dataclasses.replace(base, output_dir=str(out_root / label), **changes)
    timed = getattr(models.sampler, 'timings', None) is not None
    if timed: models.sampler.timings = {}
    t0 = time.perf_counter()
    summary = run_search_and_learn(c, progress=False, models=models)
    wall = time.perf_counter() - t0
    sampler_s = {f'sampler_{k}_s': models.sampler.timings.get(k, 0.) for k in ('prefill', 'capture', 'step', 'choose')} if timed else {}
    store = RunStore(c.output_dir)
    results = [store.load(t) for t in c.task_ids]
    epochs = [e for r in results for e in r.epochs]
    tokens = sum(p.n_tokens or 0 for r in results for p in r.predictions)
    from arc25_nb.search_and_learn import load_tasks, tasks_in_flight
    auto = tasks_in_flight(dataclasses.replace(c, tasks_in_flight=None), models, load_tasks(c)) # what the product holds at once when left to choose
    return dict(run=label, epochs=c.epochs, predictions_per_epoch=c.predictions_per_epoch, train_passes=c.train_passes, tasks_in_flight_auto=auto,
                wall_s=wall, **{f'{k}_s': v for k, v in summary['seconds'].items()},
                other_s=wall - sum(summary['seconds'].values()),
                train_steps=sum(e.train_steps for e in epochs), train_tokens=sum(e.train_tokens for e in epochs), relabeled=sum(e.n_relabeled for e in epochs),
                predictions=sum(e.n_predictions for e in epochs), output_tokens=tokens,
                tokens_per_s=tokens / summary['seconds']['search'] if summary['seconds']['search'] else 0., **sampler_s)


def main():
    args = parse_args()
    assert args.predictions % args.epochs == 0, '--predictions must be a multiple of --epochs'
    from arc25_nb.search_and_learn import SearchAndLearnConfig, load_models
    from arc25_nb.training import TrainerConfig
    from arc25_nb.metrics import format_table
    work = Path(tempfile.mkdtemp(prefix='loop_scaling_'))
    model_path = args.model_path
    if args.tasks[0].isdigit():
        known = TASKS + MORE_TASKS + STILL_MORE_TASKS
        if not 1 <= int(args.tasks[0]) <= len(known): sys.exit(f'--tasks {args.tasks[0]}: the bench has {len(known)} tasks; pass a number from 1 to {len(known)}, or task ids')
        args.tasks = known[:int(args.tasks[0])]
    if args.make_8b:
        sys.path.insert(0, str(HERE))
        from gpu_model import make_8b_shaped_model
        make_8b_shaped_model(Path(model_path))
    if model_path is None:
        from arc25_nb.tiny_model import make_tiny_model
        model_path = str(make_tiny_model(work / 'tiny'))
    base = SearchAndLearnConfig(model_path=model_path, backend=args.backend, engine=args.engine, dataset='arc-agi-1/training', task_ids=args.tasks,
                                initial_predictions=args.initial, samples_per_prompt=args.samples_per_prompt,
                                max_new_tokens=args.max_new_tokens, train=TrainerConfig(max_seq_len=args.max_seq_len), seed_programs=str(HERE / 'corpus'),
                                max_relabeled=args.examples,
                                stop_distinct=None, stop_agree=None, execution_workers=args.execution_workers, encoder='color',
                                tasks_in_flight=args.tasks_in_flight, compile_decode=args.compile_decode, attention=args.attention,
                                learn_while_sampling=args.learn_while_sampling)
    t0 = time.perf_counter()
    models = load_models(base)
    load_s = time.perf_counter() - t0
    if hasattr(models.sampler, 'lora_rows'): models.sampler.lora_rows = args.lora_rows
    if args.prefill_tokens is not None and hasattr(models.sampler, 'prefill_tokens'): models.sampler.prefill_tokens = args.prefill_tokens
    if args.timings and hasattr(models.sampler, 'timings'): models.sampler.timings = {} # each run then starts its own
    # a warm-up task, so that neither run pays first-call costs (kernel compilation, allocator growth)
    run('warmup', base, models, work, task_ids=args.tasks[:min(2, args.tasks_in_flight)], epochs=1, predictions_per_epoch=args.samples_per_prompt)
    e = args.epochs
    settings = dict(a=dict(epochs=1, predictions_per_epoch=args.predictions, train_passes=e),
                    b=dict(epochs=e, predictions_per_epoch=args.predictions // e, train_passes=1))
    # ABBA order: a load on the machine that rises or falls during the runs weighs on both modes alike
    order = 'ab' if args.rounds == 1 else 'abba' * (args.rounds // 2) + 'ab' * (args.rounds % 2)
    runs = [run(f'{m}{i}', base, models, work, **settings[m]) for i, m in enumerate(order)]
    def mean_of(m):
        rs = [r for r in runs if r['run'][0] == m]
        return {k: (sum(r[k] for r in rs) / len(rs) if isinstance(v, float) else v) for k, v in rs[0].items()} | dict(run=m)
    a, b = mean_of('a'), mean_of('b')
    rows = [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items()} for r in (*runs, a, b)]
    print(format_table(rows))
    ratio = b['wall_s'] / a['wall_s']
    # on a shared machine a run only gets slower than its own cost, so each mode's fastest run is its best estimate
    best = {m: min(r['wall_s'] for r in runs if r['run'][0] == m) for m in 'ab'}
    best_ratio = best['b'] / best['a']
    phases = {ph: (b[f'{ph}_s'] / a[f'{ph}_s'] if a[f'{ph}_s'] else None) for ph in ('search', 'execute', 'relabel', 'learn')}
    import torch, subprocess
    commit = os.environ.get('BENCH_COMMIT') or subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=HERE, capture_output=True, text=True).stdout.strip() # BENCH_COMMIT: the tree's commit where the copy's git metadata is stale (the lent GPU)
    summary = dict(loop_scaling_ratio=best_ratio, tokens_per_s=b['tokens_per_s'], tokens_per_s_one_round=a['tokens_per_s'],
                   tasks=len(args.tasks), tasks_in_flight=args.tasks_in_flight, learn_while_sampling=args.learn_while_sampling, lora_rows=args.lora_rows, compile_decode=args.compile_decode, attention=args.attention, prefill_tokens=getattr(models.sampler, 'prefill_tokens', None),
                   wall_s_rounds_of_few=best['b'], wall_s_one_round=best['a'])
    report = dict(command=' '.join(sys.argv), commit=commit, summary=summary, tasks_in_flight=args.tasks_in_flight, lora_rows=args.lora_rows, model_path=model_path, backend=args.backend, engine=args.engine, tasks=args.tasks, load_s=load_s,
                  runs=runs, means=[a, b], ratio_b_over_a=ratio, best_wall_s=best, best_ratio_b_over_a=best_ratio, phase_ratios=phases, machine=platform.platform(), python=platform.python_version(),
                  torch=torch.__version__, device=torch.cuda.get_device_name() if torch.cuda.is_available() else 'cpu')
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=1))
    print(f'model load {load_s:.1f} s (once, shared by both runs)')
    print('phase ratios b/a: ' + ', '.join(f'{k} {v:.2f}' for k, v in phases.items() if v is not None))
    print(f'wall time b/a = {ratio:.2f}  ({e} epochs of {args.predictions // e} vs 1 epoch of {args.predictions}, '
          f'equal predictions and training steps; target on the GPU <= 1.2, the original implementation 3.2)')
    print(f"fastest runs: a {best['a']:.1f} s, b {best['b']:.1f} s, b/a = {best_ratio:.2f}")
    print(f"{args.tasks_in_flight} tasks in flight: decode {b['tokens_per_s']:.0f} output tokens/s in the rounds of few, {a['tokens_per_s']:.0f} in the one round")
    print(f'wrote {args.json}')


if __name__ == '__main__':
    main()
