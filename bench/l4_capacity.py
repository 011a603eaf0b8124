#!/usr/bin/env python
"""Predictions per task on Kaggle's 4 L4s, projected by the time model (`arc25_nb.time_model`) from what the lent GPU measured.

Run from the repository root, on any machine (it reads the lent GPU's measurements and runs no model):

    python bench/l4_capacity.py

Input: bench/results/l4_capacity/l4_measure_gpu.json (`bench/l4_measure.py` on the lent H200 capped at 22.3 GiB:
per weight format, kernels per decode step, KV-cache budget, a search round's waves and steps, prefill and training
times; the chip's copy bandwidth). What it does:

1. Calibration: the copy bandwidth's share of the H200's data sheet; the fixed cost per kernel fitted on the measured
   decode steps of both formats (time minus bytes, over kernels).
2. Check on the lent GPU itself: each measured wave's step time against the model's.
3. Anchor: the project's vLLM run (bench/results/vllm/vllm_gpu.json: 64 samples of 1,024 tokens on the p50 task,
   5,030 tok/s on the H200) through the same model on the H200; then vLLM alone on an L4 (gpu_memory_utilization
   0.9, the median ARC-AGI-1 evaluation prompt, completions of bench/corpus's lengths, 8 samples per prompt sharing its
   cached prefix) against the original work's 343 tok/s on an L4.
4. Settings: for each format, every combination of samples per prompt, predictions per round, the programs' token
   limit and relabeled examples per round, at the p50 ARC-AGI-2 evaluation prompt; a task's budget is 11 h x 4 GPUs /
   240 tasks = 660 s. The plan with the most predictions and at least 2 learning rounds wins; it is then evaluated
   on every ARC-AGI-2 evaluation prompt (the mean is the headline; long prompts get fewer).

Every L4 figure is a projection, not a measurement. Writes bench/results/l4_capacity.json and prints a table.
"""
import argparse, itertools, json, statistics, subprocess, sys
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TASKS, GPUS, HOURS = 240, 4, 11.0
ORIGINAL_L4_TOK_S = 343 # the original work's vLLM on one L4 (1.26 s a prediction)
VLLM_KERNELS = 10 * 32 + 20 # vLLM's Llama step under CUDA graphs: per layer fused add-RMSNorm x2, QKV GEMM, rotary, cache write, attention, o GEMM, gate-up GEMM, SiLU-and-mul, down GEMM; plus embedding, final norm, lm_head, sampling


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--measured', default=str(ROOT / 'bench' / 'results' / 'l4_capacity' / 'l4_measure_gpu.json'))
    p.add_argument('--vllm', default=str(ROOT / 'bench' / 'results' / 'vllm' / 'vllm_gpu.json'))
    p.add_argument('--json', default=str(ROOT / 'bench' / 'results' / 'l4_capacity.json'))
    a = p.parse_args()
    from arc25_nb import time_model as tm
    from arc25_nb.time_model import L4, H200, LLAMA_8B as S
    from arc25_nb.search_and_learn import read_seed_programs
    from arc25_nb.tiny_model import tiny_model_path
    from arc25_nb.data import load_dataset
    from arc25_nb.prompting import render_prompt
    from transformers import AutoTokenizer
    m = json.loads(Path(a.measured).read_text())
    tok = AutoTokenizer.from_pretrained(tiny_model_path()) # the 8B-shaped test model's tokenizer (bench/gpu_model.py)
    lengths = [len(tok(x, add_special_tokens=False)['input_ids']) for x in read_seed_programs(str(ROOT / 'bench' / 'corpus'))]
    prompt_len = lambda ds: sorted(len(tok(render_prompt(t, tok), add_special_tokens=False)['input_ids']) for t in load_dataset(ds))
    arc2, arc1 = prompt_len('arc-agi-2/evaluation'), prompt_len('arc-agi-1/evaluation')
    embed = S.vocab_size * S.hidden_size * 2

    # 1. calibration
    share = m['chip']['copy_gbs'] / H200.bandwidth_gbs
    waves = []
    for name, f in m['formats'].items():
        read = f['weight_bytes'] - embed
        for w in f['search']['waves']:
            n = w['steps'] - 1 # decode steps after the prefill's token
            spans = -(-w['steps'] // 128) # steps captured into a CUDA graph (timed apart)
            ms = 1e3 * (w['step_s'] / (n - spans) + w['choose_s'] / n)
            b = tm.cascade_step_bytes(S, read, w['prompts'], w['longest_prompt'], w['slots'], tm.mean_span(n, w['max_new_tokens']))
            waves.append(dict(format=name, prompts=w['prompts'], slots=w['slots'], steps=n, measured_ms=ms, bytes=b, kernels=f['kernels']['per_step']))
    kernel_us = tm.fit_kernel_us([(w['measured_ms'], w['bytes'], w['kernels']) for w in waves], H200, share)
    cal = tm.Calibration(share, kernel_us, f"{m['device']}: copy {m['chip']['copy_gbs']:.0f} GB/s; kernel cost fitted on {len(waves)} measured decode waves")
    for w in waves:
        w['model_ms'] = tm.step_ms(w['bytes'], w['kernels'], H200, cal)
        w['l4_ms'] = tm.step_ms(w['bytes'], w['kernels'], L4, cal)

    # formats, as measured
    fmts = {}
    for name, f in m['formats'].items():
        srch = f['search']
        pre_flops = sum(w['prompts'] * tm.prefill_flops(S, w['longest_prompt']) for w in srch['waves'])
        peak = H200.fp8_tflops if name == 'fp8' else H200.bf16_tflops
        train = max((r for r in f['train'] if r.get('steps')), key=lambda r: r['tokens'])
        t_flops = train['steps'] * tm.train_flops(S, train['tokens'], 300)
        fmts[name] = tm.WeightFormat(name, f['weight_bytes'] - embed, f['kernels']['per_step'], f['kv_budget_tokens'], srch['prompt_tokens'],
                                     L4.fp8_tflops if name == 'fp8' else L4.bf16_tflops, pre_flops / srch['timings']['prefill'] / (peak * 1e12),
                                     t_flops / train['seconds'] / (H200.bf16_tflops * 1e12),
                                     extra_train_bytes=3 * 3 * tm.linear_params(S) if name == 'fp8' else 0.)

    # 3. anchor: vLLM through the same model
    v = json.loads(Path(a.vllm).read_text())
    warm = v['vllm']['warm']
    vllm_read = fmts['bf16'].weight_bytes_read
    h200_ms = tm.step_ms(tm.vllm_step_bytes(S, vllm_read, 64, m['prompts']['50']['tokens'] + 512), VLLM_KERNELS, H200, cal)
    l4_kv_tokens = int((0.9 * L4.memory_gib * 2**30 - m['formats']['bf16']['weight_bytes'] - 2**30) / S.kv_bytes_per_token) # 1 GiB: activations, graphs
    L1, mean_len = arc1[len(arc1) // 2], sum(lengths) / len(lengths)
    orig_len = ORIGINAL_L4_TOK_S * 1.26 # the original's tokens per prediction: 343 tok/s x 1.26 s
    def vllm_l4(shared:bool):
        "vLLM alone on an L4: rows that its KV cache holds (8 samples sharing a cached prompt, or each its own), step time, tok/s."
        rows = min(256, int(l4_kv_tokens / ((L1 / 8 if shared else L1) + orig_len)))
        ms = tm.step_ms(tm.vllm_step_bytes(S, vllm_read, rows, L1 + orig_len / 2), VLLM_KERNELS, L4, cal)
        return dict(rows=rows, step_ms=ms, tok_s=rows / ms * 1e3)
    anchor = dict(h200_measured_tok_s=warm['tokens_per_s'], h200_model_tok_s=64 / h200_ms * 1e3, h200_model_step_ms=h200_ms,
                  l4_kv_tokens=l4_kv_tokens, arc_agi_1_p50_prompt=L1, completion_tokens=orig_len,
                  l4_with_prefix_caching=vllm_l4(True), l4_without_prefix_caching=vllm_l4(False), original_l4_tok_s=ORIGINAL_L4_TOK_S,
                  kernels_per_step=VLLM_KERNELS)

    # 4. settings: every combination, judged over the ARC-AGI-2 evaluation prompts (a task of prompt L gets the rounds its 660 s
    # hold, at most the config's epochs; time a short task leaves is not counted, though the driver gives it to later tasks)
    from arc25_nb.kaggle import competition_run_config
    kc = competition_run_config()
    budget = HOURS * 3600 * GPUS / TASKS
    p50 = m['prompts']['50']['tokens']
    def within(plan_, L, fm):
        p_ = tm.rounds_within(replace(plan_, prompt_tokens=L), budget, fm, lengths, L4, cal)
        return tm.task_seconds(replace(p_, learning_rounds=min(p_.learning_rounds, kc.epochs)), fm, lengths, L4, cal)
    grid = []
    for name, f in fmts.items():
        for spp, n, T, rel in itertools.product([8, 16, 32], [64, 128, 256], [512, 1024], [16, 32]): # 16 relabeled at least: bench/results/05_best_relabeled learned from the best 16
            plan_ = tm.Plan(p50, n, n, 0, spp, T, rel)
            runs = [within(plan_, L, f) for L in arc2]
            grid.append(dict(format=name, samples_per_prompt=spp, predictions_per_round=n, max_new_tokens=T, relabeled_per_round=rel,
                             predictions=statistics.mean(r['predictions'] for r in runs),
                             learning_rounds=statistics.mean((r['predictions'] - n) / n for r in runs),
                             p50_predictions=within(plan_, p50, f)['predictions']))
    ok = lambda g: g['learning_rounds'] >= 2
    def pick(rows):
        "Within 5% of the most predictions (mean over the prompts), the plan with the most learning rounds (learning is what the method adds)."
        rows = [g for g in rows if ok(g)]
        if not rows: return None
        top = max(g['predictions'] for g in rows)
        return max((g for g in rows if g['predictions'] >= 0.95 * top), key=lambda g: (g['learning_rounds'], g['predictions'], g['relabeled_per_round']))
    best = {name: pick([g for g in grid if g['format'] == name]) for name in fmts}
    chosen = max((b for b in best.values() if b), key=lambda g: g['predictions'])
    f = fmts[chosen['format']]
    plan = tm.rounds_within(tm.Plan(p50, chosen['predictions_per_round'], chosen['predictions_per_round'], 0, chosen['samples_per_prompt'],
                                    chosen['max_new_tokens'], chosen['relabeled_per_round']), budget, f, lengths, L4, cal)
    plan = replace(plan, learning_rounds=min(plan.learning_rounds, kc.epochs))
    phases = tm.task_seconds(plan, f, lengths, L4, cal)
    long_round = {q: tm.search_round(replace(plan, prompt_tokens=m['prompts'][q]['tokens']), plan.predictions_per_round, f, lengths, L4, cal)['seconds'] for q in m['prompts']}
    defaults = dict(fp8=kc.train.fp8, samples_per_prompt=kc.samples_per_prompt, predictions_per_round=kc.predictions_per_epoch,
                    max_new_tokens=kc.max_new_tokens, max_relabeled=kc.max_relabeled, initial_predictions=kc.initial_predictions)
    per_task = [within(plan, L, f) for L in arc2]
    for_format = {name: statistics.mean(within(plan, L, fm)['predictions'] for L in arc2) for name, fm in fmts.items()}
    round_ = tm.search_round(plan, plan.predictions_per_round, f, lengths, L4, cal)
    wave = round_['wave_shapes'][0]
    l4_step_ms = dict(decode_step=wave['step_ms'], decode_step_rows=wave['slots'], decode_steps_per_wave=wave['steps'],
                      decode_step_bytes_ms=tm.step_ms(wave['step_bytes'], 0, L4, cal), decode_step_kernels_ms=f.kernels_per_step * cal.kernel_us / 1e3,
                      prefill_per_prompt=1e3 * tm.compute_s(tm.prefill_flops(S, p50), f.prefill_tflops, f.prefill_share),
                      train_per_example=1e3 * tm.learning_round(replace(plan, relabeled_per_round=1), f, lengths, L4, cal),
                      execute_per_program=1e3 * plan.execute_s_per_program)
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    out = dict(command=' '.join(['python', *sys.argv]), commit=commit, device=f"measured on {m['device']} capped at {m['l4_gib']} GiB; projected for an NVIDIA L4", measured_on=m['device'], measured_command=m['command'], projected_for='NVIDIA L4 (data sheet)',
               model='8B Llama shape (random weights), cascade sampler; time model arc25_nb.time_model',
               calibration=asdict(cal), chips=dict(L4=asdict(L4), H200=asdict(H200)), formats={k: asdict(v) for k, v in fmts.items()},
               waves_check=waves, anchor=anchor, budget_s_per_task=budget, completion_lengths=dict(n=len(lengths), median=statistics.median(lengths), mean=mean_len, max=max(lengths)),
               best_per_format=best, chosen=chosen, chosen_phases_p50=phases, round_seconds_by_prompt=long_round,
               rehearsal='bench/results/kaggle_rehearsal.json (the chosen settings run end to end on the H200 at 22.3 GiB)', grid=grid,
               summary=dict(
                   projected_predictions_per_task=round(statistics.mean(x['predictions'] for x in per_task)),
                   projected_predictions_per_task_p50=phases['predictions'],
                   projected_predictions_per_task_by_format={k: round(v) for k, v in for_format.items()},
                   learning_rounds_per_task=round(statistics.mean(x['predictions'] - plan.initial_predictions for x in per_task) / plan.predictions_per_round, 2),
                   learning_rounds_per_task_min=min((x['predictions'] - plan.initial_predictions) // plan.predictions_per_round for x in per_task),
                   l4_step_ms=l4_step_ms,
                   anchor_vllm_projected_tok_s=dict(without_prefix_caching=round(anchor['l4_without_prefix_caching']['tok_s']),
                                                    with_prefix_caching=round(anchor['l4_with_prefix_caching']['tok_s'])),
                   anchor_original_tok_s=ORIGINAL_L4_TOK_S,
                   settings=dict(fp8=chosen['format'] == 'fp8', samples_per_prompt=plan.samples_per_prompt, predictions_per_round=plan.predictions_per_round,
                                 max_new_tokens=plan.max_new_tokens, max_relabeled=plan.relabeled_per_round),
                   competition_defaults=defaults,
                   defaults_match_model=all(defaults[k] == v for k, v in dict(fp8=chosen['format'] == 'fp8', samples_per_prompt=plan.samples_per_prompt,
                       predictions_per_round=plan.predictions_per_round, max_new_tokens=plan.max_new_tokens, max_relabeled=plan.relabeled_per_round).items()),
                   method=('time model (arc25_nb.time_model): decode steps = bytes at the measured share of the L4 data sheet bandwidth + measured per-kernel cost x '
                           'profiled kernels; prefill and training = FLOPs at the shares of peak measured on the lent H200; 660 s per task (11 h x 4 L4 / 240 tasks); '
                           'a projection, not a measurement')))
    Path(a.json).write_text(json.dumps(out, indent=1, default=str))

    print(f"calibration on {m['device']}: bandwidth share {share:.3f}, {kernel_us:.2f} us per kernel")
    print(f"{'format':>6} {'slots':>5} {'steps':>5} {'measured ms':>11} {'model ms':>8} {'L4 ms':>7}")
    for w in waves: print(f"{w['format']:>6} {w['slots']:>5} {w['steps']:>5} {w['measured_ms']:>11.2f} {w['model_ms']:>8.2f} {w['l4_ms']:>7.1f}")
    print(f"anchor: vLLM on the H200 measured {anchor['h200_measured_tok_s']:.0f} tok/s, model {anchor['h200_model_tok_s']:.0f}; "
          f"on an L4 projected {anchor['l4_without_prefix_caching']['tok_s']:.0f} (no prefix caching) to {anchor['l4_with_prefix_caching']['tok_s']:.0f} tok/s "
          f"(prefix caching) against the original's {ORIGINAL_L4_TOK_S}")
    print(f"{'format':>6} {'spp':>4} {'round':>5} {'T':>5} {'relab':>5} {'rounds':>6} {'preds':>6} {'p50':>5}   (means over the ARC-AGI-2 evaluation prompts)")
    for name, g in best.items():
        if g: print(f"{name:>6} {g['samples_per_prompt']:>4} {g['predictions_per_round']:>5} {g['max_new_tokens']:>5} {g['relabeled_per_round']:>5} {g['learning_rounds']:>6.2f} {g['predictions']:>6.0f} {g['p50_predictions']:>5}")
    print('phases at p50 (s):', {k: round(v, 1) for k, v in phases.items() if k.endswith('_s')})
    print(json.dumps(out['summary'], indent=1))


if __name__ == '__main__': main()
