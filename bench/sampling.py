#!/usr/bin/env python
"""Sampling benchmark: the loop's real request shape through the old path (HFSampler, transformers' generate) and the
new one (CascadeSampler), then the competition settings at an L4's memory.

Run on the lent H200 (needs CUDA), from the repository root:

    python bench/sampling.py --json $OUT/sampling_gpu.json

What it does, with the Llama 3.1 8B-shaped random bf16 model that bench/gpu_model.py makes (once, in --model-dir) and
its LoRA adapter on (rank 16, lora_B drawn non-zero so the adapter changes the samples):

1. ARC-AGI-2 evaluation prompt lengths (the test model's tokenizer); the tasks at p10, p50, p90 and the longest.
2. Agreement: greedy tokens of the new path against transformers' generate on one prompt (bf16: near-ties may differ).
3. The loop's real shape: `search_and_learn.search` of the p50 task with the competition settings (8 augmented
   prompts x 8 samples, temperatures 0.7/1.0, top-p 0.95), 1,024 new tokens. New path: --new-runs runs; old path:
   HFSampler at batch 64 with --old-new-tokens new tokens (default 256, to spend less device time: its throughput at
   1,024 is lower still, since its per-row caches grow).
4. With the GPU capped at an L4's 22.3 GiB (`torch.cuda.set_per_process_memory_fraction`): the same search on the
   p10, p50, p90 and longest tasks (OOMs that escaped and OOMs caught and retried are counted), then a training round
   on one 8,192-token example with the loop's trainer (`load_models(competition_run_config())`): does it fit after sampling?

A random model never emits its end token, so every completion runs to its token limit. Prints a table, writes JSON
with a `summary` object. Nothing is fetched from a hub.
"""
import argparse, json, sys, time, traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'bench'))
L4_GIB = 22.3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--new-tokens', type=int, default=1024)
    p.add_argument('--new-runs', type=int, default=2)
    p.add_argument('--old-new-tokens', type=int, default=256, help='new tokens of the old path (0: skip it)')
    p.add_argument('--skip-l4', action='store_true')
    p.add_argument('--only-profile', action='store_true', help='only the step profile (where a call of the new path spends its time)')
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'sampling' / 'sampling_gpu.json'))
    return p.parse_args()


def main():
    a = parse_args()
    import torch, numpy as np
    from gpu_model import make_8b_shaped_model, long_examples, chip_peaks, nonzero_lora_b, timed_search
    import dataclasses
    from arc25_nb.search_and_learn import load_models
    from arc25_nb.sampling import HFSampler
    from arc25_nb.cascade import CascadeSampler, PromptTooLong
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt
    from arc25_nb.search_and_learn import Models, search
    from arc25_nb.kaggle import competition_run_config
    assert torch.cuda.is_available(), 'this benchmark needs a CUDA GPU'
    out = dict(command=' '.join([sys.executable, *sys.argv]), device=torch.cuda.get_device_name(), torch=torch.__version__)
    import transformers; out['transformers'] = transformers.__version__
    def save():
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(out, indent=1, default=str))
    def stage(name, f):
        t = time.perf_counter()
        try: out[name] = f()
        except Exception as e: out[name] = dict(error=f'{type(e).__name__}: {e}', traceback=traceback.format_exc()[-3000:])
        print(f'[{name}] {time.perf_counter() - t:.1f} s: {json.dumps(out[name], default=str)[:600]}', flush=True)
        save()

    t = time.perf_counter(); path = make_8b_shaped_model(Path(a.model_dir)); out['make_model_s'] = time.perf_counter() - t
    t = time.perf_counter()
    trainer = load_models(dataclasses.replace(competition_run_config(), model_path=str(path), engine='generate')).trainer # the loop's trainer, as a Kaggle worker builds it
    out['load_s'] = time.perf_counter() - t
    tok, model = trainer.tokenizer, trainer.model
    nonzero_lora_b(model)
    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    tflops, tbps = chip_peaks(out['device']) or (float('nan'), float('nan'))
    out.update(weight_gb=weight_bytes / 1e9, hbm_tbps=tbps)

    tasks = load_dataset('arc-agi-2/evaluation')
    lengths = np.array([len(tok(render_prompt(t, tok), add_special_tokens=False)['input_ids']) for t in tasks])
    order = np.argsort(lengths, kind='stable')
    pick = {q: tasks[int(order[min(len(order) - 1, int(q / 100 * len(order)))])] for q in (10, 50, 90)}
    pick['max'] = tasks[int(order[-1])]
    out['prompt_lengths'] = dict(n_tasks=len(tasks), **{f'p{q}' if q != 'max' else 'max': dict(task=t.id, tokens=int(lengths[tasks.index(t)])) for q, t in pick.items()})
    print('ARC-AGI-2 evaluation prompt tokens:', out['prompt_lengths'], flush=True)
    save()

    def run_search(sampler, task, new_tokens):
        return timed_search(task, Models(trainer, sampler), dataclasses.replace(competition_run_config(), max_new_tokens=new_tokens))

    new = CascadeSampler(model, tok, seed=0)
    def agreement():
        from arc25_nb.sampling import SampleRequest
        req = [SampleRequest(render_prompt(pick[10], tok), 1, temperature=0., max_new_tokens=64)]
        ours = tok(new.sample(req, adapter=model)[0][0].text, add_special_tokens=False)['input_ids']
        theirs = tok(HFSampler(model, tok).sample(req, adapter=model)[0][0].text, add_special_tokens=False)['input_ids']
        same = next((i for i, (x, y) in enumerate(zip(ours, theirs)) if x != y), min(len(ours), len(theirs)))
        return dict(prompt_tokens=int(lengths[tasks.index(pick[10])]), greedy_tokens=64, first_difference=same,
                    equal=ours == theirs)
    def profile():
        new.timings = {}
        r = run_search(new, pick[50], a.new_tokens)
        t, new.timings = new.timings, None
        steps = r['output_tokens'] / r['predictions'] - 1
        return dict(seconds=t, ms_per_step={k: 1e3 * v / steps for k, v in t.items()}, run=r)
    stage('profile', profile)
    def kernels():
        # eager steps (the same kernels a CUDA graph replays): a call of 17 new tokens minus a call of 1 gives 16 decode steps
        from torch.profiler import profile as torch_profile, ProfilerActivity
        new.cuda_graphs, counts = False, {}
        for n in (1, 17):
            with torch_profile(activities=[ProfilerActivity.CUDA]) as prof: run_search(new, pick[50], n)
            ev = [e for e in prof.key_averages() if e.device_type.name == 'CUDA']
            counts[n] = dict(kernels=sum(e.count for e in ev), gpu_ms=sum(e.self_device_time_total for e in ev) / 1e3,
                             top=sorted(((e.key[:80], e.count, round(e.self_device_time_total / 1e3, 2)) for e in ev), key=lambda x: -x[2])[:15])
        new.cuda_graphs = True
        return dict(kernels_per_step=(counts[17]['kernels'] - counts[1]['kernels']) / 16,
                    gpu_ms_per_step=(counts[17]['gpu_ms'] - counts[1]['gpu_ms']) / 16, top_kernels_17_tokens=counts[17]['top'])
    stage('kernels', kernels)
    if a.only_profile:
        def eager():
            new.cuda_graphs, new.timings = False, {}
            r = run_search(new, pick[50], 128)
            t, new.timings, new.cuda_graphs = new.timings, None, True
            return dict(seconds=t, ms_per_step={k: 1e3 * v / (r['output_tokens'] / r['predictions'] - 1) for k, v in t.items()}, run=r)
        stage('profile_eager_128', eager)
    if a.only_profile: return
    stage('greedy_agreement', agreement)
    for r in range(a.new_runs): stage(f'new_run{r + 1}', lambda: run_search(new, pick[50], a.new_tokens))
    if a.old_new_tokens: stage('old_run', lambda: run_search(HFSampler(model, tok, batch_size=64), pick[50], a.old_new_tokens))
    torch.cuda.empty_cache()

    if not a.skip_l4:
        total = torch.cuda.get_device_properties(0).total_memory
        torch.cuda.set_per_process_memory_fraction(L4_GIB * 2**30 / total)
        l4 = CascadeSampler(model, tok, seed=0)
        for q, task in pick.items():
            def one(task=task):
                try: return run_search(l4, task, 1024)
                except torch.OutOfMemoryError as e: return dict(task=task.id, escaped_oom=True, error=str(e)[:300])
                except PromptTooLong as e: return dict(task=task.id, prompt_too_long=True, error=str(e))
            stage(f'l4_{q}', one)
        def train_after():
            torch.cuda.reset_peak_memory_stats()
            rep = trainer.train(long_examples(tok, 1, 8192))
            return dict(skipped_oom=rep.skipped_oom, peak_gb=rep.peak_memory_gb, tokens=rep.tokens, message=getattr(rep, 'message', None))
        stage('l4_train_8192', train_after)

    runs = [out[k] for k in out if k.startswith('new_run') and 'tokens_per_s' in out[k]]
    new_tps = max((r['tokens_per_s'] for r in runs), default=None)
    roofline = 64 * tbps * 1e12 / weight_bytes
    l4 = [out[f'l4_{q}'] for q in pick if f'l4_{q}' in out]
    out['summary'] = dict(
        new_tokens_per_s=new_tps, new_tokens_per_s_runs=[r['tokens_per_s'] for r in runs],
        old_tokens_per_s=out.get('old_run', {}).get('tokens_per_s'), old_new_tokens=a.old_new_tokens, new_new_tokens=a.new_tokens,
        speedup=new_tps / out['old_run']['tokens_per_s'] if new_tps and 'tokens_per_s' in out.get('old_run', {}) else None,
        decode_roofline_tokens_per_s=roofline, roofline_share=new_tps / roofline if new_tps else None,
        peak_gb=max((r['peak_gb'] for r in runs), default=None),
        l4_oom=sum(1 for r in l4 if r.get('escaped_oom') or r.get('prompt_too_long') or 'error' in r) if l4 else None,
        l4_oom_retries=sum(r.get('oom_retries', 0) for r in l4) if l4 else None,
        l4_tasks=[dict(task=r.get('task'), tokens_per_s=r.get('tokens_per_s'), waves=r.get('waves'), peak_gb=r.get('peak_gb')) for r in l4],
        l4_train_fits=(not out['l4_train_8192'].get('skipped_oom', True) and 'error' not in out['l4_train_8192']) if 'l4_train_8192' in out else None)
    save()
    s = out['summary']
    print(f"\n{out['device']}, torch {out['torch']}, transformers {out['transformers']}; 8 prompts x 8 samples of ARC-AGI-2 task {pick[50].id}")
    print(f"{'path':<28} {'new tokens':>10} {'tok/s':>8} {'peak GB':>8}")
    for r in runs: print(f"{'cascade (new)':<28} {r['new_tokens']:>10} {r['tokens_per_s']:>8.0f} {r['peak_gb']:>8.1f}")
    if 'tokens_per_s' in out.get('old_run', {}): print(f"{'HFSampler batch 64 (old)':<28} {a.old_new_tokens:>10} {out['old_run']['tokens_per_s']:>8.0f} {out['old_run']['peak_gb']:>8.1f}")
    print(f"roofline share {s['roofline_share']}, speedup {s['speedup']}")
    for q in pick:
        r = out.get(f'l4_{q}', {})
        print(f"L4 cap {q:>4}: {r}"[:300])
    print(f"l4_oom {s['l4_oom']}, l4_oom_retries {s['l4_oom_retries']}, l4_train_fits {s['l4_train_fits']}")
    print(f'JSON written to {a.json}')


if __name__ == '__main__':
    main()
