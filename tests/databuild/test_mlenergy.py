"""serving_runs.csv from the ML.ENERGY Leaderboard's model files: kept tasks and architectures, power per GPU."""

import csv
import io
import json

from planner.databuild.__main__ import main
from planner.databuild.mlenergy import COLUMNS, build_serving_runs, serving_runs_csv


def config(gpu="H100", n=2, power=1400.0):
    return {"gpu_model": gpu, "num_gpus": n, "avg_batch_size": 127.6, "max_num_seqs": 128, "avg_output_len": 404.6,
            "output_throughput_tokens_per_sec": 7036.5, "avg_power_watts": power, "energy_per_token_joules": 0.19}


def write(folder, name, architecture, configs, **model):
    data = {"architecture": architecture, "activated_params_billions": model.get("active", 8.0),
            "total_params_billions": model.get("total", 8.0), "weight_precision": model.get("precision", "bfloat16"),
            "configurations": configs}
    (folder / name).write_text(json.dumps(data))


def test_kept_rows_and_their_numbers(tmp_path):
    write(tmp_path, "meta-llama__Llama-3.1-8B-Instruct__lm-arena-chat.json", "Dense Transformer",
          [config(), config(gpu="A100")])
    write(tmp_path, "openai__gpt-oss-120b__gpqa.json", "MoE", [config(n=1, power=600.0)], active=5.0, total=117.0,
          precision="mxfp4")
    write(tmp_path, "Qwen__Qwen3-Coder-30B-A3B-Instruct__sourcegraph-fim.json", "MoE", [config()])  # prefill-bound
    write(tmp_path, "nvidia__NVIDIA-Nemotron-Nano-9B-v2__lm-arena-chat.json", "Mamba-Transformer Hybrid", [config()])
    rows = list(csv.DictReader(io.StringIO(serving_runs_csv(build_serving_runs(tmp_path)))))
    assert [(r["model"], r["task"], r["architecture"], r["accelerator"]) for r in rows] == [
        ("Llama-3.1-8B-Instruct", "chat", "dense", "H100-SXM"), ("gpt-oss-120b", "reasoning", "moe", "H100-SXM")]
    assert list(rows[0]) == COLUMNS
    assert float(rows[0]["power_w"]) == 700.0  # the file's power is both GPUs'
    assert rows[1]["weight_precision"] == "fp4" and float(rows[1]["total_parameters"]) == 117e9
    assert "gpt-oss-120b__gpqa.json" in rows[1]["source"]


def test_the_refresh_writes_the_table_only_when_asked(tmp_path, capsys):
    import shutil
    from pathlib import Path

    data = Path(__file__).resolve().parents[3] / "shared" / "data"
    if not data.is_dir():
        import pytest

        pytest.skip("the raw grid data (../shared/data) is not beside the checkout")
    models = tmp_path / "models"
    models.mkdir()
    write(models, "meta-llama__Llama-3.1-8B-Instruct__lm-arena-chat.json", "Dense Transformer", [config()])
    out = tmp_path / "out"
    shutil.copytree(Path(__file__).resolve().parents[2] / "resources", out)
    assert main(["--data", str(data), "--out", str(out), "--mlenergy", str(models)]) == 0
    assert "serving_runs.csv: 1 served configurations" in capsys.readouterr().out
    assert len((out / "serving_runs.csv").read_text().splitlines()) == 2
    assert main(["--data", str(data), "--out", str(out), "--mlenergy", str(tmp_path / "nowhere")]) == 2
