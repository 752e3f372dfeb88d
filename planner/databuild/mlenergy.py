"""``resources/serving_runs.csv`` from the ML.ENERGY Leaderboard v3's open measurements.

The leaderboard (github.com/ml-energy/leaderboard, ``public/data/models/*.json``, 2025-26) measures LLMs served
with vLLM on H100 and B200 at many batch sizes: each configuration's GPUs, average running batch, output tokens,
throughput, average power and energy per token. The serving law (``planner.core.calibration.ServingLaw``) is
fitted on them. Kept: the text tasks that generate their answer (chat, ``lm-arena-chat``; reasoning, ``gpqa``) of
dense and mixture-of-experts transformers. Left out: fill-in-the-middle code completion (its long prompts and
short answers make prefill, not generation, the cost) and the Mamba hybrids (no weights streamed per token in
the same way). Facts with their source: each row names the file it comes from.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

TASKS = {"lm-arena-chat": "chat", "gpqa": "reasoning"}
ARCHITECTURES = {"Dense Transformer": "dense", "MoE": "moe"}
PRECISIONS = {"bfloat16": "bf16", "fp8": "fp8", "mxfp4": "fp4"}
CHIPS = {"H100": "H100-SXM", "B200": "B200"}
COLUMNS = ["model", "task", "architecture", "total_parameters", "active_parameters", "weight_precision",
           "accelerator", "count", "batch", "output_tokens", "tokens_per_s", "power_w", "j_per_token", "year",
           "source"]
YEAR = 2025  # the leaderboard's v3 measurements (published 2025, data updated to 2026)


def build_serving_runs(models_dir: Path) -> list[dict]:
    """Every kept configuration of every model file in ``models_dir``, in file order."""
    rows = []
    for path in sorted(Path(models_dir).glob("*.json")):
        task = path.stem.rsplit("__", 1)[-1]
        data = json.loads(path.read_text(encoding="utf-8"))
        if task not in TASKS or data.get("architecture") not in ARCHITECTURES:
            continue
        for c in data["configurations"]:
            if c["gpu_model"] not in CHIPS:
                continue
            rows.append({
                "model": path.stem.split("__")[1], "task": TASKS[task],
                "architecture": ARCHITECTURES[data["architecture"]],
                "total_parameters": f"{data['total_params_billions']:g}e9",
                "active_parameters": f"{data['activated_params_billions']:g}e9",
                "weight_precision": PRECISIONS[data["weight_precision"]],
                "accelerator": CHIPS[c["gpu_model"]], "count": c["num_gpus"],
                "batch": f"{c['avg_batch_size']:.4g}", "output_tokens": f"{c['avg_output_len']:.4g}",
                "tokens_per_s": f"{c['output_throughput_tokens_per_sec']:.5g}",
                "power_w": f"{c['avg_power_watts'] / c['num_gpus']:.4g}",  # (the file's power is all the GPUs')
                "j_per_token": f"{c['energy_per_token_joules']:.5g}", "year": YEAR,
                "source": f"ML.ENERGY Leaderboard v3 (github.com/ml-energy/leaderboard, public/data/models/"
                          f"{path.name}; vLLM, max_num_seqs {c['max_num_seqs']})"})
    return rows


def serving_runs_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()
