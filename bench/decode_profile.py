#!/usr/bin/env python
"""Where a cascade decode step's GPU time goes with several tasks in flight: its kernels by kind, and their busy time
against the step's time in CUDA graphs.

Run on the lent GPU, from the repository root:

    python bench/decode_profile.py --json $OUT/decode_profile_gpu.json
    # CPU smoke test with the tiny model (no figures): python bench/decode_profile.py --cpu-smoke --json /tmp/dp.json

What it does, with the product's models (`load_models` of a `SearchAndLearnConfig`, backend hf, engine cascade) on the
8B-shaped random bf16 model of bench/gpu_model.py:
- eight tasks in flight as `bench/loop_scaling.py` runs them: eight ARC-AGI-1 training tasks' prompts, 8 samples each
  (temperature 1, top-p 0.95), each task with its own adapter (the trainer reset with another seed, copied), all
  decoded in one call: 64 rows a step, the stacked adapter product;
- the step in CUDA graphs, as the loop runs it: the sampler's `timings` of a call with 65 new tokens less one with 1,
  over 64 (every row runs all its steps);
- the step's kernels without CUDA graphs: the profiler's kernels of a call with 9 new tokens less one with 1, over 8,
  grouped by kind from their names (matrix products, attention, token choice, memory copies, the rest), with the busy
  time of each kind and the slowest kernels.
The busy time (kernels' own durations) against the graphed step's time says how much of a step is kernel work and how
much is gaps between kernels. Prints a table, writes JSON. Nothing is fetched from a hub.
"""
import argparse, collections, dataclasses, json, re, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(HERE))

KINDS = [('matmul', r'gemm|nvjet|xmma|cutlass|cublas|splitk|sm90_|sm80_|_mma|wgmma'),
         ('attention', r'flash|fmha|attention|softmax|sdpa|efficient'),
         ('token choice', r'sort|radix|topk|scan|cumsum|multinomial|exponential|argmax|argmin|distribution|reduce_kernel|gather'),
         ('memory', r'memcpy|memset|copy')]


def kind_of(name:str) -> str:
    low = name.lower()
    return next((k for k, pattern in KINDS if re.search(pattern, low)), 'elementwise and other')


def profiled(torch, call, cuda:bool):
    "Kernels (name, microseconds) of one call, from the profiler."
    from torch.profiler import profile, ProfilerActivity
    from torch.autograd import DeviceType
    want = DeviceType.CUDA if cuda else DeviceType.CPU
    with profile(activities=[ProfilerActivity.CUDA if cuda else ProfilerActivity.CPU]) as prof:
        call()
        if cuda: torch.cuda.synchronize()
    if cuda: return [(e.name, e.time_range.elapsed_us()) for e in prof.events() if e.device_type == want]
    return [(e.name, e.cpu_time) for e in prof.events() if e.cpu_parent is None] # the smoke test: top-level operations


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--tasks', type=int, default=8, help='tasks in flight, each with its adapter')
    p.add_argument('--samples', type=int, default=8, help='samples per task (rows = tasks x samples)')
    p.add_argument('--cpu-smoke', action='store_true', help='check the script on the CPU with the tiny model (no figures)')
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'concurrent_tasks' / 'decode_profile_gpu.json'))
    a = p.parse_args()
    import torch
    from arc25_nb.search_and_learn import SearchAndLearnConfig, load_models
    from arc25_nb.sampling import SampleRequest, LoraWeights
    from arc25_nb.data import load_dataset, subset
    from arc25_nb.prompting import render_prompt, ColorNameEncoder
    from loop_scaling import TASKS, MORE_TASKS
    cuda = torch.cuda.is_available() and not a.cpu_smoke
    assert cuda or a.cpu_smoke, 'this benchmark needs a CUDA GPU (or --cpu-smoke)'
    if cuda:
        from gpu_model import make_8b_shaped_model
        path = make_8b_shaped_model(Path(a.model_dir))
    else:
        from arc25_nb.tiny_model import make_tiny_model
        path = make_tiny_model(Path(tempfile.mkdtemp(prefix='decode_profile_')) / 'tiny')
    models = load_models(SearchAndLearnConfig(model_path=str(path), backend='hf', engine='cascade', tasks_in_flight=a.tasks))
    sampler, trainer = models.sampler, models.trainer
    tasks = subset(load_dataset('arc-agi-1/training'), ids=(TASKS + MORE_TASKS)[:a.tasks])
    prompts = [render_prompt(t, trainer.tokenizer, encoder=ColorNameEncoder()) for t in tasks]
    adapters = []
    for i in range(len(prompts)):
        trainer.reset(seed=i); adapters.append(LoraWeights.copy_of(trainer.model))
    sampler.lengths = None # every row runs all its steps
    def call(n):
        return lambda: sampler.sample([SampleRequest(pr, a.samples, temperature=1.0, top_p=0.95, max_new_tokens=n) for pr in prompts], adapter=adapters, seed=0)
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    out = dict(command=' '.join([sys.executable, *sys.argv]), commit=subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
               device=torch.cuda.get_device_name() if cuda else 'cpu (smoke test)', torch=torch.__version__,
               model='Llama 3.1 8B shape, random bf16 weights (bench/gpu_model.py)' if cuda else 'tiny model (smoke test)',
               tasks=[t.id for t in tasks], prompt_tokens=[len(trainer.tokenizer(pr, add_special_tokens=False)['input_ids']) for pr in prompts],
               rows=a.tasks * a.samples, lora_rows=sampler.lora_rows)

    # the step in CUDA graphs: a call of 65 new tokens less one of 1 (both after a warm-up of each)
    new = 65 if cuda else 5
    for n in (1, new): call(n)()
    sampler.timings = {}; call(1)(); one = dict(sampler.timings)
    sampler.timings = {}; t = time.perf_counter(); call(new)(); sync(); wall = time.perf_counter() - t; many = dict(sampler.timings)
    sampler.timings = None
    steps = new - 1
    out['graphed'] = dict(new_tokens=new, call_s=wall, timings_1=one, timings_n=many,
                          step_ms=(many.get('step', 0.) - one.get('step', 0.)) / steps * 1e3,
                          choose_ms=(many.get('choose', 0.) - one.get('choose', 0.)) / steps * 1e3)
    print(json.dumps(out['graphed']), flush=True)

    # the step's kernels, without CUDA graphs
    sampler.cuda_graphs = False
    call(1)(); call(9)() # warm-up without graphs
    k1, k9 = profiled(torch, call(1), cuda), profiled(torch, call(9), cuda)
    sampler.cuda_graphs = True
    def by_kind(ks):
        d = collections.defaultdict(lambda: [0, 0.])
        for name, us in ks:
            row = d[kind_of(name)]; row[0] += 1; row[1] += us
        return d
    d1, d9 = by_kind(k1), by_kind(k9)
    kinds = {k: dict(kernels=(d9[k][0] - d1[k][0]) / 8, busy_us=(d9[k][1] - d1[k][1]) / 8) for k in sorted(set(d9) | set(d1))}
    names1, names9 = collections.Counter(), collections.Counter()
    for name, us in k1: names1[name] += us
    for name, us in k9: names9[name] += us
    slowest = sorted(((n, (names9[n] - names1[n]) / 8) for n in names9), key=lambda x: -x[1])[:15]
    busy = sum(v['busy_us'] for v in kinds.values())
    out['profiled'] = dict(kinds=kinds, busy_us_per_step=busy, kernels_per_step=sum(v['kernels'] for v in kinds.values()),
                           slowest=[dict(name=n[:160], us_per_step=us) for n, us in slowest],
                           busy_share_of_graphed_step=busy / (out['graphed']['step_ms'] * 1e3) if out['graphed']['step_ms'] > 0 else None)
    print(f"\n{out['device']}: {out['rows']} rows ({a.tasks} tasks x {a.samples}), graphed step {out['graphed']['step_ms']:.2f} ms "
          f"(token choice {out['graphed']['choose_ms']:.2f} ms); without graphs, kernels busy {busy / 1e3:.2f} ms a step")
    print(f"{'kind':<22} {'kernels/step':>12} {'busy ms/step':>12} {'share':>6}")
    for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]['busy_us']):
        print(f"{k:<22} {v['kernels']:>12.1f} {v['busy_us'] / 1e3:>12.3f} {v['busy_us'] / busy if busy else 0:>6.1%}")
    print('slowest kernels (us a step):')
    for n, us in slowest[:10]: print(f'  {us:>9.1f}  {n[:110]}')
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1))
    print('wrote', a.json)


if __name__ == '__main__':
    main()
