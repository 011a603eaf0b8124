#!/usr/bin/env python
"""What the L4 time model needs, measured on the lent GPU capped at an L4's memory: bf16 weights against 8-bit ones.

Run on the lent H200, from the repository root:

    python bench/l4_measure.py --json $OUT/l4_measure_gpu.json

Then, on any machine, `python bench/l4_capacity.py` turns the JSON into L4 projections (bench/results/l4_capacity.json).

1. The chip, before any model: the GPU time of one small kernel replayed in a CUDA graph (2,000 in-place adds on a
   [64, 4096] bf16 tensor), and the bandwidth a large device-to-device copy reaches.
2. Per weight format (bf16, then fp8: `TrainerConfig.fp8`), with the GPU capped at 22.3 GiB
   (`torch.cuda.set_per_process_memory_fraction`) and the product's models (`load_models(competition_run_config())`
   with the model path, `length_programs=bench/corpus` and the format replaced):
   - memory: the weights' bytes, allocated after loading, and the sampler's KV-cache budget for the p50 prompt;
   - kernels per decode step: a profiled call without CUDA graphs (64 samples of the p50 prompt, the loop's adapter on)
     at 1 and at 9 new tokens, the difference over 8 steps;
   - a search round of the p50 task (`search_and_learn.search`, 64 predictions, completions ending at lengths drawn
     from bench/corpus's programs, CUDA graphs on): per wave its prompts, rows, longest prompt, token limit, decode
     steps and seconds, and the prefill seconds;
   - a training round of --examples examples at each of --train-lengths tokens (300-token answers): tokens/s, peak;
   - greedy completions (--greedy-tokens) of the p10, p50, p90 and longest prompts; the fp8 pass reports how many of
     bf16's tokens it reproduces (the weights are random, so near-ties are common: a pessimistic agreement).
The 8B-shaped random bf16 model is bench/gpu_model.py's. Prints a table, writes JSON. Nothing is fetched from a hub.
"""
import argparse, dataclasses, gc, json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'bench'))
L4_GIB = 22.3


def chip_micro(torch, out):
    "Per-kernel GPU time in a CUDA graph, and large-copy bandwidth."
    x = torch.zeros(64, 4096, dtype=torch.bfloat16, device='cuda')
    n = 2000
    g = torch.cuda.CUDAGraph()
    s = torch.cuda.Stream(); s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s): x.add_(1)
    torch.cuda.current_stream().wait_stream(s)
    with torch.cuda.graph(g):
        for _ in range(n): x.add_(1)
    g.replay(); torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(10): g.replay()
    torch.cuda.synchronize()
    out['kernel_us'] = (time.perf_counter() - t) / (10 * n) * 1e6
    a = torch.empty(2 * 2**30, dtype=torch.uint8, device='cuda'); b = torch.empty_like(a)
    b.copy_(a); torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(5): b.copy_(a)
    torch.cuda.synchronize()
    out['copy_gbs'] = 5 * 2 * a.numel() / (time.perf_counter() - t) / 1e9 # read and write
    del a, b, x, g; torch.cuda.empty_cache()


def count_kernels(torch, sampler, request, adapter):
    "GPU kernels (and memory operations) of one sampler call with the loop's adapter on, from the profiler."
    from torch.profiler import profile, ProfilerActivity
    from torch.autograd import DeviceType
    torch.cuda.synchronize()
    with profile(activities=[ProfilerActivity.CUDA]) as prof:
        sampler.sample([request], adapter=adapter); torch.cuda.synchronize()
    return sum(1 for e in prof.events() if e.device_type == DeviceType.CUDA)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--formats', nargs='+', default=['bf16', 'fp8'])
    p.add_argument('--predictions', type=int, default=64)
    p.add_argument('--examples', type=int, default=4)
    p.add_argument('--train-lengths', type=int, nargs='+', default=[2856, 8192])
    p.add_argument('--greedy-tokens', type=int, default=64)
    p.add_argument('--forced-positions', type=int, default=256, help='prompt positions whose next-token argmax is compared across formats')
    p.add_argument('--compile-decode', action='store_true', help="compile the cascade's decode step (SearchAndLearnConfig.compile_decode)")
    p.add_argument('--cpu-smoke', action='store_true', help='check the script on the CPU with the tiny model (no figures)')
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'l4_capacity' / 'l4_measure_gpu.json'))
    a = p.parse_args()
    import torch, numpy as np
    from arc25_nb.kaggle import competition_run_config
    from arc25_nb.search_and_learn import load_models, search
    from arc25_nb.sampling import SampleRequest
    from arc25_nb.training import TokenizedExample, TokenizedExamples
    from arc25_nb.fp8 import weight_bytes
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt
    cuda = torch.cuda.is_available() and not a.cpu_smoke
    assert cuda or a.cpu_smoke, 'this benchmark needs a CUDA GPU'
    out = dict(command=' '.join([sys.executable, *sys.argv]), device=torch.cuda.get_device_name() if cuda else 'cpu (smoke test)',
               torch=torch.__version__, l4_gib=L4_GIB, model='Llama 3.1 8B shape, random bf16 weights (bench/gpu_model.py)')
    if cuda:
        from gpu_model import make_8b_shaped_model
        t = time.perf_counter(); path = make_8b_shaped_model(Path(a.model_dir)); out['make_model_s'] = time.perf_counter() - t
        torch.cuda.set_per_process_memory_fraction(L4_GIB * 2**30 / torch.cuda.get_device_properties(0).total_memory)
        out['chip'] = {}; chip_micro(torch, out['chip']); print(json.dumps(out['chip']), flush=True)
        from arc25_nb import fp8 as F8
        torch.manual_seed(0)
        lin = torch.nn.Linear(4096, 14336, bias=False, device='cuda', dtype=torch.bfloat16)
        q8, rel = F8.Fp8Linear.from_linear(lin), {}
        for rows in (1, 64, 2558):
            x = torch.randn(rows, 4096, device='cuda', dtype=torch.bfloat16)
            with torch.no_grad():
                ref, gpu, emu = lin(x).float(), q8(x).float(), F8._emulated(x, q8.weight, q8.scale, None).float()
            rel[rows] = dict(fp8_vs_bf16=((gpu - ref).norm() / ref.norm()).item(), scaled_mm_vs_emulated=((gpu - emu).norm() / emu.norm()).item())
        out['fp8_linear_relative_error'] = rel; print(json.dumps(rel), flush=True)
        F8._Quantized.key = F8._Quantized.value = None
        del lin, q8, x, ref, gpu, emu; torch.cuda.empty_cache()
    else:
        from arc25_nb.tiny_model import make_tiny_model
        path = make_tiny_model(Path('/tmp/l4_measure_tiny'))
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    peak = (lambda: torch.cuda.max_memory_allocated() / 1e9) if cuda else (lambda: None)

    base_cfg = competition_run_config()
    if a.cpu_smoke: base_cfg = dataclasses.replace(base_cfg, initial_predictions=8, max_new_tokens=32)
    tasks = load_dataset('arc-agi-2/evaluation')
    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(path)
    prompts = [render_prompt(t, tok) for t in tasks]
    lengths = np.array([len(tok(s, add_special_tokens=False)['input_ids']) for s in prompts])
    order = np.argsort(lengths, kind='stable')
    picks = {q: int(order[min(len(order) - 1, int(q / 100 * len(order)))]) for q in (10, 50, 90)} | {'max': int(order[-1])}
    out['prompts'] = {str(q): dict(task=tasks[i].id, tokens=int(lengths[i])) for q, i in picks.items()}
    p50 = tasks[picks[50]]
    def run_format(fmt, greedy_ref):
        "Everything measured for one weight format; returns its row and its greedy token ids (locals freed on return)."
        r = {}
        cfg = dataclasses.replace(base_cfg, model_path=str(path), length_programs=str(ROOT / 'bench' / 'corpus'), compile_decode=a.compile_decode,
                                  train=dataclasses.replace(base_cfg.train, fp8=fmt == 'fp8'))
        r['config'] = dict(fp8=cfg.train.fp8, compile_decode=cfg.compile_decode, initial_predictions=cfg.initial_predictions, samples_per_prompt=cfg.samples_per_prompt,
                           max_new_tokens=cfg.max_new_tokens, length_programs='bench/corpus')
        if cuda: torch.cuda.reset_peak_memory_stats()
        t = time.perf_counter(); models = load_models(cfg); sync(); r['load_s'] = time.perf_counter() - t
        sampler, trainer = models.sampler, models.trainer
        r['weight_bytes'] = weight_bytes(trainer.model)
        r['allocated_gb'] = torch.cuda.memory_allocated() / 1e9 if cuda else None
        r['load_peak_gb'] = peak()
        r['kv_budget_tokens'] = sampler.budget_tokens(int(lengths[picks[50]]), cfg.initial_predictions)
        r['kv_bytes_per_token'] = sampler.shape.kv_bytes_per_token
        print(fmt, json.dumps({k: v for k, v in r.items() if k != 'config'}), flush=True)

        # kernels per decode step: no CUDA graphs, one wave of 64 rows, 1 against 9 new tokens
        if cuda:
            sampler.cuda_graphs, keep = False, sampler.lengths
            sampler.lengths = None
            k = [count_kernels(torch, sampler, SampleRequest(prompts[picks[50]], 64, temperature=1.0, top_p=0.95, max_new_tokens=n), models.current_adapter()) for n in (1, 9)]
            r['kernels'] = dict(call_1=k[0], call_9=k[1], per_step=(k[1] - k[0]) / 8)
            sampler.cuda_graphs, sampler.lengths = True, keep
            print(fmt, json.dumps(r['kernels']), flush=True)

        # a search round with drawn lengths: per wave, its shape, steps and seconds
        waves, decode = [], sampler._decode_wave
        def logged(model, wave, generator, **kw):
            steps = [0]; step = sampler._step
            def counted(*args):
                steps[0] += 1; return step(*args)
            sampler._step = counted
            before = dict(sampler.timings)
            try: done = decode(model, wave, generator, **kw)
            finally: sampler._step = step
            spent = {k: v - before.get(k, 0.) for k, v in sampler.timings.items()}
            waves.append(dict(prompts=len(wave), rows=sum(c.n for c in wave), slots=len(wave) * max(c.n for c in wave),
                              longest_prompt=max(len(c.ids) for c in wave), prompt_tokens=sum(len(c.ids) for c in wave),
                              max_new_tokens=max(c.settings.max_new_tokens for c in wave), steps=steps[0] + 1,
                              output_tokens=sum(x.n_tokens for _, x in done), **{f'{k}_s': v for k, v in spent.items()}))
            return done
        sampler._decode_wave, sampler.timings = logged, {}
        sync(); t = time.perf_counter()
        if cuda: torch.cuda.reset_peak_memory_stats()
        preds = search(p50, cfg.initial_predictions, models, cfg, epoch=0); sync()
        sampler._decode_wave = decode
        r['search'] = dict(task=p50.id, prompt_tokens=int(lengths[picks[50]]), predictions=len(preds), output_tokens=sum(x.n_tokens for x in preds),
                           seconds=time.perf_counter() - t, peak_gb=peak(), timings=dict(sampler.timings), waves=waves,
                           completion_tokens=sorted(x.n_tokens for x in preds))
        sampler.timings = None
        print(fmt, json.dumps({k: v for k, v in r['search'].items() if k != 'completion_tokens'}), flush=True)

        # training rounds after sampling
        r['train'] = []
        for L in (a.train_lengths if cuda else [64]):
            items = [TokenizedExample([5 + (i + j) % 200 for j in range(L)], L - min(300, L // 2)) for i in range(a.examples)]
            if cuda: torch.cuda.reset_peak_memory_stats()
            try:
                rep = trainer.train(TokenizedExamples(items, 0, cfg.train.max_seq_len))
                row = dict(tokens=L, examples=a.examples, steps=rep.steps, n_cut=rep.n_cut, oom_retried=rep.oom_retried, skipped_oom=rep.skipped_oom,
                           seconds=rep.seconds, train_tokens=rep.tokens, tokens_per_s=rep.tokens_per_second, peak_gb=rep.peak_memory_gb)
            except Exception as e: row = dict(tokens=L, error=f'{type(e).__name__}: {str(e)[:300]}')
            r['train'].append(row); print(fmt, json.dumps(row), flush=True)
        trainer.reset()

        # teacher-forced agreement: the next-token argmax over the last --forced-positions positions of each prompt
        forced = []
        with torch.no_grad():
            base = trainer.model.get_base_model()
            for i in picks.values():
                ids_t = tok(prompts[i], add_special_tokens=False, return_tensors='pt')['input_ids'].to(base.device)
                h = base.model(input_ids=ids_t).last_hidden_state[0, -a.forced_positions:]
                logits = base.lm_head(h).float()
                top2 = logits.topk(2, dim=-1)
                forced.append(dict(argmax=top2.indices[:, 0].tolist(), margin=(top2.values[:, 0] - top2.values[:, 1]).tolist()))
                del h, logits
        if greedy_ref is not None:
            ref = greedy_ref['forced']
            same = [x == y for f, g in zip(ref, forced) for x, y in zip(f['argmax'], g['argmax'])]
            margin = [mg for f in ref for mg in f['margin']]
            sure = [sm for sm, mg in zip(same, margin) if mg > 0.5]
            r['forced_agreement'] = dict(positions=len(same), top1_agreement=sum(same) / len(same), bf16_median_margin=float(np.median(margin)),
                                         confident_positions=len(sure), confident_top1_agreement=sum(sure) / max(1, len(sure)))
            print(fmt, json.dumps(r['forced_agreement']), flush=True)

        # greedy agreement with bf16 (the first format)
        sampler.lengths = None
        reqs = [SampleRequest(prompts[i], 1, temperature=0., max_new_tokens=a.greedy_tokens) for i in picks.values()]
        greedy = [cs[0].text for cs in sampler.sample(reqs)]
        ids = [tok(g, add_special_tokens=False)['input_ids'] for g in greedy]
        if greedy_ref is not None:
            first = [next((j for j, (x, y) in enumerate(zip(u, v)) if x != y), min(len(u), len(v))) for u, v in zip(greedy_ref['greedy'], ids)]
            r['greedy_agreement'] = dict(prompts=list(out['prompts']), tokens=a.greedy_tokens, first_difference=first,
                                         mean_prefix_share=float(np.mean([f / max(1, len(u)) for f, u in zip(first, greedy_ref['greedy'])])))
            print(fmt, json.dumps(r['greedy_agreement']), flush=True)
        return r, dict(greedy=ids, forced=forced)

    greedy_ref, out['formats'] = None, {}
    for fmt in a.formats:
        out['formats'][fmt], ids = run_format(fmt, greedy_ref)
        greedy_ref = greedy_ref or ids
        gc.collect()
        if cuda: torch.cuda.empty_cache(); print(fmt, 'allocated after release', torch.cuda.memory_allocated() / 1e9, flush=True)
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(out, indent=1, default=str)) # after each format: a later failure keeps it
    print(f"\n{out['device']} capped at {L4_GIB} GiB")
    print(f"{'format':>6} {'weights GB':>10} {'KV tokens':>9} {'kernels/step':>12} {'waves':>5} {'ms/step':>8} {'search s':>8} {'train tok/s':>11} {'train peak':>10}")
    for fmt, r in out['formats'].items():
        w = r['search']['waves']
        ms = 1e3 * sum(x.get('step_s', 0) for x in w) / max(1, sum(x['steps'] for x in w))
        tr = r['train'][-1]
        print(f"{fmt:>6} {r['weight_bytes'] / 1e9:>10.2f} {r['kv_budget_tokens']:>9} {r.get('kernels', {}).get('per_step', float('nan')):>12.0f} {len(w):>5} {ms:>8.2f} "
              f"{r['search']['seconds']:>8.1f} {tr.get('tokens_per_s') or 0:>11.0f} {tr.get('peak_gb') or 0:>10.2f}")


if __name__ == '__main__': main()
