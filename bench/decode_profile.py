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


def kernels_by_kind(torch, call, cuda:bool, graphed_step_ms:float) -> dict:
    "A step's kernels by kind: the profiler's kernels of a call with 9 new tokens less one with 1, over 8."
    k1, k9 = profiled(torch, call(1), cuda), profiled(torch, call(9), cuda)
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
    return dict(kinds=kinds, busy_us_per_step=busy, kernels_per_step=sum(v['kernels'] for v in kinds.values()),
                slowest=[dict(name=n[:160], us_per_step=us) for n, us in slowest],
                busy_share_of_graphed_step=busy / (graphed_step_ms * 1e3) if graphed_step_ms > 0 else None)


def attention_check(torch, sampler, prompt_tokens:list[int], a, cuda:bool) -> dict:
    """One layer's attention at the main shape (the prompts' real lengths, 512 new-token slots, 300 written), random bf16
    queries, keys and values: split (the sampler's kernel) against joint, their difference, and each one's time."""
    from arc25_nb.cascade import cascade_attention, split_attention, split_index, varlen_reference, prompt_bias, slot_bias
    s = sampler.shape
    device = next(sampler.model.parameters()).device
    dtype = torch.bfloat16 if cuda else torch.float32
    P, S, T, step = len(prompt_tokens), a.samples, 512 if cuda else 16, 300 if cuda else 9
    Hkv, G, D, Lmax = s.n_kv_heads, s.n_heads // s.n_kv_heads, s.head_dim, max(prompt_tokens)
    B = P * S
    g = torch.Generator(device).manual_seed(0)
    rnd = lambda *size: torch.randn(*size, generator=g, device=device, dtype=dtype)
    q, k_pre, v_pre, k_gen, v_gen = rnd(B, Hkv * G, 1, D), rnd(P, Hkv, Lmax, D), rnd(P, Hkv, Lmax, D), rnd(B, Hkv, T, D), rnd(B, Hkv, T, D)
    pre_bias = prompt_bias(prompt_tokens, Lmax, device, dtype)
    span = min(T, (step // sampler.span_step + 1) * sampler.span_step)
    gen_bias = slot_bias(span, step, device, dtype)
    kernel = sampler.split_kernel(device, dtype) or varlen_reference
    index = split_index(prompt_tokens, S, Hkv, G, Lmax, T, device, kernel)
    used = torch.full((B * Hkv,), step + 1, device=device, dtype=torch.int32)
    joint = lambda: cascade_attention(q, k_pre, v_pre, pre_bias, k_gen[:, :, :span], v_gen[:, :, :span], gen_bias, P)
    split = lambda: split_attention(q, k_pre, v_pre, k_gen, v_gen, used, index, P)
    exact = split_attention(q.float(), k_pre.float(), v_pre.float(), k_gen.float(), v_gen.float(), used,
                            split_index(prompt_tokens, S, Hkv, G, Lmax, T, device, varlen_reference), P)
    def us(f, n=50):
        f(); f()
        if not cuda: return None
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(n): f()
        end.record(); torch.cuda.synchronize()
        return start.elapsed_time(end) / n * 1e3
    return dict(kernel=kernel.__name__, P=P, S=S, Lmax=Lmax, T=T, step=step, span=span,
                max_abs_diff_split_vs_joint=(split().float() - joint().float()).abs().max().item(),
                max_abs_diff_joint_vs_float32=(joint().float() - exact).abs().max().item(),
                max_abs_diff_split_vs_float32=(split().float() - exact).abs().max().item(),
                joint_us_per_layer=us(joint), split_us_per_layer=us(split))


def choice_check(torch, rows:int, vocab:int, device, cuda:bool) -> dict:
    """Token choice at temperature 1, top-p 0.95 on [rows, vocab] logits: sorting every row against rejection rounds
    (then sorting the rows left), on flat logits (a random model's) and peaked ones (standard normal x 8)."""
    from arc25_nb.cascade import choose_tokens, nucleus_by_rejection
    g = torch.Generator(device).manual_seed(0)
    t, p = torch.ones(rows, device=device), torch.full((rows,), 0.95, device=device)
    def ms(f, n=20):
        f()
        if not cuda: return None
        torch.cuda.synchronize(); start = time.perf_counter()
        for _ in range(n): f()
        torch.cuda.synchronize(); return (time.perf_counter() - start) / n * 1e3
    out = {}
    for name, scale in (('flat', 1.), ('peaked', 8.)):
        logits = torch.randn(rows, vocab, device=device, generator=g) * scale
        accepted = nucleus_by_rejection(torch.softmax(logits, -1), p, g)[1].float().mean().item()
        out[name] = dict(sort_ms=ms(lambda: choose_tokens(logits, t, p, g, rounds=0)), rejection_ms=ms(lambda: choose_tokens(logits, t, p, g)),
                         accepted_in_3_rounds=accepted)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--tasks', type=int, default=8, help='tasks in flight, each with its adapter')
    p.add_argument('--prompts-per-task', type=int, default=2, help="augmented prompts per task (the loop's rounds of 8: 2 prompts of 4)")
    p.add_argument('--samples', type=int, default=4, help='samples per prompt (rows = tasks x prompts x samples)')
    p.add_argument('--shapes', default='8x2x4,16x2x4,8x1x8,32x1x4', help='more tasks x prompts x samples shapes whose graphed step is timed (empty: none)')
    p.add_argument('--attention', default='joint,split', help="the cascade's attentions to compare (CascadeSampler.attention)")
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
    from arc25_nb.augmentation import random_augmentations
    shapes = [(a.tasks, a.prompts_per_task, a.samples)] + [tuple(int(v) for v in sh.split('x')) for sh in a.shapes.split(',') if sh]
    n_tasks = max(t for t, _, _ in shapes)
    every = load_dataset('arc-agi-1/training')
    ids = (TASKS + MORE_TASKS + sorted(t.id for t in every if t.id not in TASKS + MORE_TASKS))[:n_tasks]
    tasks = subset(every, ids=ids)
    views = [[aug.apply(t) for aug in random_augmentations(t, max(p for _, p, _ in shapes), seed=0)] for t in tasks]
    prompts_of = [[render_prompt(v, trainer.tokenizer, encoder=ColorNameEncoder()) for v in vs] for vs in views]
    adapter_of = []
    for i in range(n_tasks):
        trainer.reset(seed=i); adapter_of.append(LoraWeights.copy_of(trainer.model))
    sampler.lengths = None # every row runs all its steps
    def call(n, shape=shapes[0]):
        t, pp, ss = shape
        prompts = [pr for i in range(t) for pr in prompts_of[i][:pp]]
        adapters = [adapter_of[i] for i in range(t) for _ in range(pp)]
        return lambda: sampler.sample([SampleRequest(pr, ss, temperature=1.0, top_p=0.95, max_new_tokens=n) for pr in prompts], adapter=adapters, seed=0)
    tasks, prompts = tasks[:a.tasks], [pr for vs in prompts_of[:a.tasks] for pr in vs[:a.prompts_per_task]]
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    out = dict(command=' '.join([sys.executable, *sys.argv]), commit=subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip(),
               device=torch.cuda.get_device_name() if cuda else 'cpu (smoke test)', torch=torch.__version__,
               model='Llama 3.1 8B shape, random bf16 weights (bench/gpu_model.py)' if cuda else 'tiny model (smoke test)',
               tasks=[t.id for t in tasks], prompt_tokens=[len(trainer.tokenizer(pr, add_special_tokens=False)['input_ids']) for pr in prompts],
               prompts_per_task=a.prompts_per_task, samples=a.samples, rows=a.tasks * a.prompts_per_task * a.samples, lora_rows=sampler.lora_rows)

    # the step in CUDA graphs: a call of 65 new tokens less one of 1 (both after a warm-up of each), each attention
    new, steps = (65 if cuda else 5), (64 if cuda else 4)
    def graphed(shape):
        for n in (1, new): call(n, shape)()
        sampler.timings = {}; call(1, shape)(); one = dict(sampler.timings)
        sampler.timings = {}; t = time.perf_counter(); call(new, shape)(); sync(); wall = time.perf_counter() - t; many = dict(sampler.timings)
        sampler.timings = None
        t, pp, ss = shape
        return dict(tasks=t, prompts=t * pp, rows=t * pp * ss, attention=sampler.attention, new_tokens=new, call_s=wall,
                    step_ms=(many.get('step', 0.) - one.get('step', 0.)) / steps * 1e3, choose_ms=(many.get('choose', 0.) - one.get('choose', 0.)) / steps * 1e3)
    out['graphed'] = []
    for attention in a.attention.split(','):
        sampler.attention = attention
        for shape in shapes:
            out['graphed'].append(graphed(shape)); print(json.dumps(out['graphed'][-1]), flush=True)
    sampler.attention, sampler.share_lora_inputs = a.attention.split(',')[-1], False # what sharing the LoRA A products saves, at the main shape
    out['graphed'].append(dict(graphed(shapes[0]), share_lora_inputs=False)); print(json.dumps(out['graphed'][-1]), flush=True)
    sampler.share_lora_inputs = True
    out['attention_check'] = attention_check(torch, sampler, out['prompt_tokens'], a, cuda)
    print(json.dumps(out['attention_check']), flush=True)
    out['choice_check'] = choice_check(torch, out['rows'], sampler.shape.vocab_size, next(sampler.model.parameters()).device, cuda)
    print(json.dumps(out['choice_check']), flush=True)

    # the step's kernels, without CUDA graphs, each attention
    out['profiled'] = {}
    sampler.cuda_graphs = False
    for attention in a.attention.split(','):
        sampler.attention = attention
        call(1)(); call(9)() # warm-up without graphs
        out['profiled'][attention] = kernels_by_kind(torch, call, cuda, next(r['step_ms'] for r in out['graphed'] if r['attention'] == attention))
    sampler.cuda_graphs, sampler.attention = True, 'auto'
    print(f"\n{out['device']}: graphed step (ms) by shape (tasks x prompts x samples) and attention")
    print(f"{'tasks':>5} {'prompts':>7} {'rows':>5} {'attention':>9} {'step ms':>8} {'choose ms':>9}")
    for r in out['graphed']: print(f"{r['tasks']:>5} {r['prompts']:>7} {r['rows']:>5} {r['attention']:>9} {r['step_ms']:>8.2f} {r['choose_ms']:>9.2f}" + ('  LoRA A products not shared' if r.get('share_lora_inputs') is False else ''))
    for attention, prof in out['profiled'].items():
        busy = prof['busy_us_per_step']
        print(f"\n{attention}: without graphs, kernels busy {busy / 1e3:.2f} ms a step, {prof['kernels_per_step']:.0f} kernels")
        print(f"{'kind':<22} {'kernels/step':>12} {'busy ms/step':>12} {'share':>6}")
        for k, v in sorted(prof['kinds'].items(), key=lambda kv: -kv[1]['busy_us']):
            print(f"{k:<22} {v['kernels']:>12.1f} {v['busy_us'] / 1e3:>12.3f} {v['busy_us'] / busy if busy else 0:>6.1%}")
        print('slowest kernels (us a step):')
        for row in prof['slowest'][:10]: print(f"  {row['us_per_step']:>9.1f}  {row['name'][:110]}")
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1))
    print('wrote', a.json)


if __name__ == '__main__':
    main()
