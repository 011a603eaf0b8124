"""GPU benchmark of the model layer on a Llama 3.1 8B-shaped model with random bf16 weights.

Run on a CUDA machine (the lent H100 or H200), from the repository root:

    python bench/gpu_model.py --backend hf --json $OUT/gpu_model_hf.json
    python bench/gpu_model.py --backend unsloth --json $OUT/gpu_model_unsloth.json   # needs unsloth installed

What it does, per backend: makes (once, cached in --model-dir) a Llama model of the real 8B shape with random
weights and the tiny local tokenizer (vocabulary 128256 in the model; the tokenizer uses its first ~1k ids),
samples `--samples` completions of `--new-tokens` tokens for a real ARC prompt, trains a LoRA round on
`--examples` examples of about `--seq-len` tokens, resets the adapter, and repeats the round. Then it measures
the peak memory of one training step at several sequence lengths (what fits a 24 GB L4).
It prints a table and writes JSON. Nothing is fetched from a hub.

Figures reported:
- sampling output tokens/s, and its share of the decode roofline (batch x HBM bandwidth / weight bytes per step);
- training tokens/s and MFU (model FLOPs = 4 x params per token: LoRA needs no weight gradients of the frozen
  base; the recomputation of gradient checkpointing is not counted), against the chip's dense bf16 peak (`CHIP_PEAKS`; NaN on a chip it does not know);
- peak GPU memory of each phase; the time of each adapter reset; first and later training round times.
"""
import argparse, json, os, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (dense bf16 TFLOPS, HBM TB/s) of the chips the device lends, from NVIDIA's data sheets (SXM parts);
# device_notes measured 2.99 TB/s copy bandwidth on the H100
CHIP_PEAKS = {'H100': (989.0, 3.35), 'H200': (989.0, 4.8), 'L4': (121.0, 0.3)}

def chip_peaks(device_name:str) -> tuple[float, float]|None:
    "(bf16 TFLOPS, HBM TB/s) of the chip whose CUDA name contains a known key; None for others (MFU and roofline not reported)."
    return next((v for k, v in CHIP_PEAKS.items() if k in device_name), None)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--backend', default='hf', choices=['hf', 'unsloth'])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--samples', type=int, default=64)
    p.add_argument('--new-tokens', type=int, default=1024)
    p.add_argument('--sample-batch', type=int, default=None, help='sequences per generate call (default: all samples at once)')
    p.add_argument('--examples', type=int, default=16)
    p.add_argument('--seq-len', type=int, default=8192)
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--rank', type=int, default=16)
    p.add_argument('--fit-lengths', type=int, nargs='*', default=[2048, 4096, 8192, 12288, 16384])
    p.add_argument('--l4-gb', type=float, default=22.0, help='usable memory of an L4 (24 GB card, less CUDA context)')
    p.add_argument('--json', default='bench/results/gpu_model.json')
    p.add_argument('--smoke', action='store_true', help='check the script on CPU with an existing small model in --model-dir')
    return p.parse_args()


def timed_search(task, models, cfg) -> dict:
    "One `search_and_learn.search` round of `cfg.initial_predictions` on `task`, timed on the GPU: predictions, output tokens, seconds, tokens/s, peak memory and the sampler's waves and out-of-memory retries."
    import torch
    from arc25_nb.search_and_learn import search
    sampler = models.sampler
    retries, waves = getattr(sampler, 'oom_retries', 0), getattr(sampler, 'waves', 0)
    torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    t = time.perf_counter()
    preds = search(task, cfg.initial_predictions, models, cfg, epoch=0)
    torch.cuda.synchronize(); s = time.perf_counter() - t
    n = sum(p.n_tokens for p in preds)
    free, total = torch.cuda.mem_get_info()
    return dict(task=task.id, predictions=len(preds), output_tokens=n, seconds=s, tokens_per_s=n / s, new_tokens=cfg.max_new_tokens,
                peak_gb=torch.cuda.max_memory_allocated() / 1e9, gpu_used_gb=(total - free) / 1e9,
                oom_retries=getattr(sampler, 'oom_retries', 0) - retries, waves=getattr(sampler, 'waves', 0) - waves)


def make_8b_shaped_model(path: Path):
    "Save a Llama 3.1 8B-shaped model with random bf16 weights and the tiny tokenizer to `path` (once)."
    if (path / 'config.json').exists(): return path
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, GenerationConfig, AutoTokenizer
    from arc25_nb.tiny_model import make_tiny_model, EOT, EOS, BOS, PAD
    tiny = make_tiny_model(path.parent / (path.name + '-tok'))
    tok = AutoTokenizer.from_pretrained(tiny)
    ids = {t: tok.convert_tokens_to_ids(t) for t in (BOS, EOS, EOT, PAD)}
    config = LlamaConfig(vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                         num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=131072, rope_theta=500000.0,
                         rms_norm_eps=1e-5, tie_word_embeddings=False, bos_token_id=ids[BOS],
                         eos_token_id=[ids[EOT], ids[EOS]], pad_token_id=ids[PAD], torch_dtype='bfloat16')
    torch.manual_seed(0)
    with torch.device('cuda'):
        torch.set_default_dtype(torch.bfloat16)
        model = LlamaForCausalLM(config)
        torch.set_default_dtype(torch.float32)
    model.generation_config = GenerationConfig(bos_token_id=ids[BOS], eos_token_id=[ids[EOT], ids[EOS]], pad_token_id=ids[PAD])
    model.save_pretrained(path)
    tok.save_pretrained(path)
    for f in tiny.iterdir():
        if f.name.startswith(('tokenizer', 'chat_template', 'special_tokens')): shutil.copy(f, path / f.name)
    del model; torch.cuda.empty_cache()
    return path


def nonzero_lora_b(model):
    "Draw every lora_B weight from N(0, 0.02), so that a fresh adapter (lora_B starts at zero) changes the samples."
    import torch
    with torch.no_grad():
        for name, p in model.named_parameters():
            if 'lora_B' in name: p.normal_(std=0.02)


def arc_prompt(tokenizer):
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt
    task = load_dataset('arc-agi-1/evaluation', ids=['0a1d4ef5'])[0]  # a real task with mid-size grids
    return render_prompt(task, tokenizer)


def long_examples(tokenizer, n, seq_len):
    "n training examples of about seq_len tokens: real ARC prompts cut to length, a real program as the answer."
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt, render_training_example
    from arc25_nb.training import TrainingExample
    tasks = load_dataset('arc-agi-1/evaluation', n=40)
    text = ''.join(render_prompt(t, tokenizer) for t in tasks)
    ids = tokenizer(text, add_special_tokens=False)['input_ids']
    code = (ROOT / 'bench' / 'corpus').glob('*.py')
    code = next(iter(sorted(code)), None)
    code = code.read_text() if code else 'def transform(input_grid):\n    return input_grid\n'
    _, answer = render_training_example(tasks[0], code, tokenizer)
    n_answer = len(tokenizer(answer, add_special_tokens=False)['input_ids'])
    out = []
    for i in range(n):
        start = (i * 997) % max(1, len(ids) - seq_len)
        out.append(TrainingExample(tokenizer.decode(ids[start:start + seq_len - n_answer - 8]), answer))
    return out


def main():
    a = parse_args()
    import torch
    if a.backend == 'unsloth': import unsloth  # noqa: F401  (before transformers, as unsloth asks)
    import dataclasses
    from arc25_nb.training import TrainingExample
    from arc25_nb.search_and_learn import load_models
    from arc25_nb.kaggle import competition_run_config
    from arc25_nb.sampling import HFSampler, UnslothSampler, SampleRequest
    cuda = torch.cuda.is_available()
    assert cuda or a.smoke, 'this benchmark needs a CUDA GPU'
    dev = torch.cuda.get_device_name() if cuda else 'cpu (smoke test)'
    tflops, tbps = chip_peaks(dev) or (float('nan'), float('nan'))
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    peak = (lambda: torch.cuda.max_memory_allocated() / 1e9) if cuda else (lambda: 0.)
    if not cuda: torch.cuda.reset_peak_memory_stats = lambda: None
    t = time.perf_counter(); path = make_8b_shaped_model(Path(a.model_dir)); make_s = time.perf_counter() - t

    t = time.perf_counter()
    c = competition_run_config() # the loop's trainer, as a Kaggle worker builds it, with this bench's rank and lengths
    c = dataclasses.replace(c, model_path=str(path), backend=a.backend, engine='generate',
                            train=dataclasses.replace(c.train, rank=a.rank, alpha=2 * a.rank, max_seq_len=max([a.seq_len, *a.fit_lengths]) + 64))
    trainer = load_models(c).trainer
    load_s = time.perf_counter() - t
    tok = trainer.tokenizer
    n_params = sum(p.numel() for p in trainer.model.parameters() if not p.requires_grad)
    weight_bytes = sum(p.numel() * p.element_size() for p in trainer.model.parameters())
    if a.backend == 'unsloth':
        sampler = UnslothSampler(path, model=trainer.model, tokenizer=tok, fast_inference=False, batch_size=a.sample_batch or a.samples)
    else:
        sampler = HFSampler(trainer.model, tok, batch_size=a.sample_batch or a.samples)
    prompt = arc_prompt(tok)
    prompt_tokens = len(tok(prompt, add_special_tokens=False)['input_ids'])
    examples = long_examples(tok, a.examples, a.seq_len)
    rows, rounds = [], []
    for r in range(a.rounds):
        torch.cuda.reset_peak_memory_stats()
        sync(); t = time.perf_counter()
        comps = sampler.sample([SampleRequest(prompt, a.samples, 1.0, 1.0, a.new_tokens)], adapter=trainer.model)[0]
        sync(); sample_s = time.perf_counter() - t
        out_tokens = sum(c.n_tokens for c in comps)
        sample_peak = peak()
        report = trainer.train(examples)
        sync(); t = time.perf_counter()
        trainer.reset()
        sync(); reset_s = time.perf_counter() - t
        tps = out_tokens / sample_s
        roofline = (a.sample_batch or a.samples) * tbps * 1e12 / weight_bytes
        rounds.append(dict(round=r + 1, sample_s=sample_s, output_tokens=out_tokens, sample_tokens_per_s=tps,
                           decode_roofline_tokens_per_s=roofline, roofline_share=tps / roofline, sample_peak_gb=sample_peak,
                           train_s=report.seconds, train_steps=report.steps, train_tokens=report.tokens,
                           train_tokens_per_s=report.tokens_per_second, n_dropped=report.n_dropped,
                           mfu=4 * n_params * report.tokens_per_second / (tflops * 1e12),
                           train_peak_gb=report.peak_memory_gb, skipped_oom=report.skipped_oom, reset_s=reset_s,
                           final_loss=report.final_loss))
    fits = []
    for L in a.fit_lengths:
        ex = long_examples(tok, 1, L)
        rep = trainer.train(ex)
        trainer.reset()
        fits.append(dict(seq_len=L, peak_gb=rep.peak_memory_gb, oom=rep.skipped_oom, cut=rep.n_cut, retried=rep.oom_retried,
                         fits_l4=rep.steps > 0 and (not rep.skipped_oom) and rep.peak_memory_gb is not None and rep.peak_memory_gb <= a.l4_gb))
    result = dict(device=dev, chip_peaks=dict(bf16_tflops=tflops, hbm_tbps=tbps), backend=a.backend, torch=torch.__version__, model_params=n_params, weight_gb=weight_bytes / 1e9,
                  make_model_s=make_s, load_s=load_s, prompt_tokens=prompt_tokens, samples=a.samples, new_tokens=a.new_tokens,
                  examples=a.examples, seq_len=a.seq_len, lora_rank=a.rank, rounds=rounds, memory_fit=fits,
                  command=' '.join([sys.executable, *sys.argv]))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(result, indent=1))
    print(f'\n{dev}, backend {a.backend}, {n_params / 1e9:.2f}B params, prompt {prompt_tokens} tokens, load {load_s:.1f} s')
    print(f"{'round':>5} {'sample tok/s':>12} {'roofline %':>10} {'sample GB':>9} {'train tok/s':>11} {'MFU %':>6} {'train s':>7} {'train GB':>8} {'reset ms':>8}")
    for r in rounds:
        print(f"{r['round']:>5} {r['sample_tokens_per_s']:>12.0f} {100 * r['roofline_share']:>10.1f} {r['sample_peak_gb']:>9.1f} "
              f"{r['train_tokens_per_s']:>11.0f} {100 * r['mfu']:>6.1f} {r['train_s']:>7.1f} {r['train_peak_gb'] or 0:>8.1f} {1e3 * r['reset_s']:>8.1f}")
    print(f"{'seq_len':>7} {'peak GB':>7} {'fits L4 (<= %.0f GB)' % a.l4_gb:>18}")
    for f in fits: print(f"{f['seq_len']:>7} {f['peak_gb'] or float('nan'):>7.1f} {str(f['fits_l4']) + (' (OOM)' if f['oom'] else ''):>18}")
    print(f'JSON written to {a.json}')


if __name__ == '__main__':
    main()
