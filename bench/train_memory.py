#!/usr/bin/env python
"""Does the loop's trainer fit a learning round at an L4's memory? The memory plan of `training` against measured peaks.

The trainer is the product's: `search_and_learn.load_models(competition_run_config())` with the model path filled in,
exactly as a Kaggle worker builds it (activation checkpointing, bf16, the memory plan), on the Llama 3.1 8B-shaped
random bf16 model that bench/gpu_model.py makes. The process is capped at 22.3 GiB
(`torch.cuda.set_per_process_memory_fraction`, as `KaggleConfig.gpu_memory_gib` does) and first runs one round of
sampling (`search_and_learn.search` on the p50 ARC-AGI-2 evaluation task, 64 predictions of --new-tokens), so training
starts where a real learning round starts: after the sampler.

Then, per length L in --lengths, rounds of --examples examples of L tokens (a prompt of L - 300 tokens and a 300-token
answer, the median length of bench/corpus's programs): what the plan predicted (allocated before the round plus its
largest step), the measured peak, examples cut, out-of-memory retries and skips, and the time. Finally the same
rounds with activation checkpointing switched off in the loaded model (what the loop ran before it carried its
trainer's settings): the plan must cut what does not fit instead of running out of memory.

Run on the lent H200, from the repository root:

    python bench/train_memory.py --json $OUT/train_memory_gpu.json

Prints a table and writes JSON. Nothing is fetched from a hub.
"""
import argparse, dataclasses, json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT)); sys.path.insert(0, str(ROOT / 'bench'))
L4_GIB, ANSWER_TOKENS = 22.3, 300


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--model-dir', default='/tmp/llama8b-random')
    p.add_argument('--lengths', type=int, nargs='+', default=[2048, 2856, 4096, 6144, 8192])
    p.add_argument('--examples', type=int, default=4)
    p.add_argument('--new-tokens', type=int, default=300)
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'train_memory' / 'train_memory_gpu.json'))
    a = p.parse_args()
    import torch, numpy as np
    from gpu_model import make_8b_shaped_model
    from arc25_nb.kaggle import competition_run_config
    from arc25_nb.search_and_learn import load_models, search
    from arc25_nb.training import TokenizedExample, TokenizedExamples
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt
    assert torch.cuda.is_available(), 'this benchmark needs a CUDA GPU'
    out = dict(command=' '.join([sys.executable, *sys.argv]), device=torch.cuda.get_device_name(), torch=torch.__version__, l4_gib=L4_GIB)
    t = time.perf_counter(); path = make_8b_shaped_model(Path(a.model_dir)); out['make_model_s'] = time.perf_counter() - t
    torch.cuda.set_per_process_memory_fraction(L4_GIB * 2**30 / torch.cuda.get_device_properties(0).total_memory)
    c = dataclasses.replace(competition_run_config(), model_path=str(path), max_new_tokens=a.new_tokens)
    out['trainer_config'] = dataclasses.asdict(c.train)
    t = time.perf_counter(); models = load_models(c); out['load_s'] = time.perf_counter() - t
    trainer, tok = models.trainer, models.trainer.tokenizer
    out['weights_gb'] = torch.cuda.memory_allocated() / 1e9

    tasks = load_dataset('arc-agi-2/evaluation')
    lengths = np.array([len(tok(render_prompt(t, tok), add_special_tokens=False)['input_ids']) for t in tasks])
    p50 = tasks[int(np.argsort(lengths, kind='stable')[len(tasks) // 2])]
    t = time.perf_counter(); preds = search(p50, c.initial_predictions, models, c, epoch=0); torch.cuda.synchronize()
    out['sampling'] = dict(task=p50.id, predictions=len(preds), output_tokens=sum(p.n_tokens for p in preds), seconds=time.perf_counter() - t,
                           peak_gb=torch.cuda.max_memory_allocated() / 1e9, waves=getattr(models.sampler, 'waves', None))
    print(json.dumps(out['sampling']), flush=True)

    def round_of(L, checkpointing):
        try: return _round_of(L, checkpointing)
        except Exception as e: # recorded, so one failure does not lose the other rows
            import traceback; print(traceback.format_exc(), flush=True)
            return dict(tokens=L, checkpointing=checkpointing, steps=0, n_cut=0, oom_retried=False, skipped_oom=False, planned_peak_gb=None,
                        peak_gb=None, seconds=0., error=f'{type(e).__name__}: {str(e)[:300]}')
    def _round_of(L, checkpointing):
        items = [TokenizedExample([5 + (i + j) % 200 for j in range(L)], L - ANSWER_TOKENS) for i in range(a.examples)]
        r = trainer.train(TokenizedExamples(items, 0, c.train.max_seq_len))
        row = dict(tokens=L, checkpointing=checkpointing, examples=a.examples, steps=r.steps, n_cut=r.n_cut, oom_retried=r.oom_retried,
                   skipped_oom=r.skipped_oom, step_estimate_gb=trainer.step_bytes(items[:1]) / 1e9, step_limit_gb=r.step_limit_gb,
                   planned_peak_gb=r.planned_peak_gb, peak_gb=r.peak_memory_gb, seconds=r.seconds, train_tokens_per_s=r.tokens_per_second,
                   message=r.message[:200])
        print(json.dumps(row), flush=True)
        return row
    out['rounds'] = [round_of(L, True) for L in a.lengths]
    base = trainer.model.get_base_model()
    (base.activation_checkpointing_disable if hasattr(base, 'activation_checkpointing_disable') else base.gradient_checkpointing_disable)()
    trainer.checkpointing = False # as the loop ran before it carried its trainer's settings
    out['rounds_without_checkpointing'] = [round_of(L, False) for L in a.lengths[:3]]

    fitted = [r for r in out['rounds'] if r['steps'] and r['planned_peak_gb'] and r['peak_gb']]
    out['summary'] = dict(
        rounds=len(out['rounds']), trained=sum(r['steps'] > 0 for r in out['rounds']), oom_retried=sum(r['oom_retried'] for r in out['rounds']),
        skipped_oom=sum(r['skipped_oom'] for r in out['rounds']), cut=sum(r['n_cut'] for r in out['rounds']),
        longest_trained=max((r['tokens'] for r in out['rounds'] if r['steps'] == a.examples), default=None),
        plan_error_gb=[round(r['peak_gb'] - r['planned_peak_gb'], 2) for r in fitted],
        without_checkpointing=dict(trained=sum(r['steps'] > 0 for r in out['rounds_without_checkpointing']),
                                   cut=sum(r['n_cut'] for r in out['rounds_without_checkpointing']),
                                   oom_retried=sum(r['oom_retried'] for r in out['rounds_without_checkpointing'])))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    Path(a.json).write_text(json.dumps(out, indent=1, default=str))
    print(f"\n{out['device']} capped at {L4_GIB} GiB; weights {out['weights_gb']:.1f} GB; loop trainer from competition_run_config()")
    print(f"{'tokens':>7} {'ckpt':>5} {'steps':>5} {'cut':>4} {'retry':>5} {'skip':>5} {'planned GB':>10} {'peak GB':>8} {'s':>6}")
    for r in out['rounds'] + out['rounds_without_checkpointing']:
        f = lambda x: f'{x:.2f}' if x is not None else '-'
        print(f"{r['tokens']:>7} {str(r['checkpointing']):>5} {r['steps']:>5} {r['n_cut']:>4} {str(r['oom_retried']):>5} {str(r['skipped_oom']):>5} "
              f"{f(r['planned_peak_gb']):>10} {f(r['peak_gb']):>8} {r['seconds']:>6.1f}")
    print(json.dumps(out['summary']))


if __name__ == '__main__': main()
