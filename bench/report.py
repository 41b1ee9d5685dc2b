"""Turns benchmark results into docs/benchmarks.md (a table) and docs/benchmark.png (a chart)."""
from datetime import date
from pathlib import Path

SCRIPTS = ("hi", "hi-Latn", "en")
NAMES = {"hi": "Devanagari", "hi-Latn": "romanized Hindi", "en": "English"}
NOTES_MARKER = "<!-- written by hand below this line: bench/report.py keeps it -->"


def rows(results: dict):
    ours, base = results["ours"], results["rasa_default"]
    yield "metric", "ours", "Rasa default", "ours / default"
    for script in SCRIPTS:
        for key, label in (("accuracy", "intent accuracy"), ("macro_f1", "macro-F1"),
                           ("topic_top1", "online-safety topic top-1")):
            a, b = ours["nlu"]["per_script"][script][key], base["nlu"]["per_script"][script][key]
            yield f"{label}, {NAMES[script]}", f"{a:.1%}", f"{b:.1%}", f"{(a - b) * 100:+.1f} pts"
    for key, label in (("danger_recall", "emergency + self-harm recall"), ("false_alarm_rate", "false alarms on calm accounts")):
        a, b = ours["nlu"][key], base["nlu"][key]
        yield label, f"{a:.1%}", f"{b:.1%}", f"{(a - b) * 100:+.1f} pts"
    for path, label, unit in ((("server", "one_user", "p50_ms"), "p50 latency, 1 user", "ms"),
                              (("server", "one_user", "p95_ms"), "p95 latency, 1 user", "ms"),
                              (("server", "twenty_typing", "p50_ms"), "p50 latency, 20 users typing (3-8 s pauses)", "ms"),
                              (("server", "twenty_typing", "p95_ms"), "p95 latency, 20 users typing (3-8 s pauses)", "ms"),
                              (("server", "twenty_users", "p50_ms"), "p50 latency, 20 users without pauses", "ms"),
                              (("server", "twenty_users", "p95_ms"), "p95 latency, 20 users without pauses", "ms"),
                              (("server", "twenty_users", "messages_per_second"), "throughput, 20 users without pauses", "msg/s"),
                              (("server", "growth", "first10_median_ms"), "turns 1-10 median", "ms"),
                              (("server", "growth", "last10_median_ms"), "last 10 turns median", "ms"),
                              (("train_seconds",), "training time", "s"),
                              (("server", "start_seconds"), "server start", "s"),
                              (("server", "rss_mb"), "Rasa server memory (RSS)", "MB"),
                              (("model_mb",), "model size", "MB")):
        a, b = _get(ours, path), _get(base, path)
        if a is None or b is None:
            continue  # results from an older run without this measurement
        yield f"{label} ({unit})", f"{a:.0f}" if a >= 10 else f"{a:.2f}", f"{b:.0f}" if b >= 10 else f"{b:.2f}", f"{a / b:.2f}x" if b else "-"


def _get(data, path):
    for key in path:
        if key not in data:
            return None
        data = data[key]
    return float(data)


def write_report(results: dict, docs: Path) -> str:
    docs.mkdir(parents=True, exist_ok=True)
    lines = list(rows(results))
    table = "\n".join("| " + " | ".join(r) + " |" for r in lines[:1]) + "\n| --- | --- | --- | --- |\n" + \
        "\n".join("| " + " | ".join(r) + " |" for r in lines[1:])
    ours = results["ours"]["nlu"]
    body = (f"# Benchmarks\n\nRun with `python -m bench.run` on {date.today().isoformat()}, 2 cores. "
            "Both configurations are trained on the same data (data/) and evaluated on the held-out set "
            "(bench/heldout/, never trained on); speeds are simulated conversations over the REST webhook "
            "with the real action server.\n\n" + table + "\n\n![chart](benchmark.png)\n\n"
            f"Held-out emergency/self-harm messages: {ours['danger_total']}; calm accounts: {ours['calm_total']}; "
            "online-safety topic questions (ResponseSelector top-1): "
            + ", ".join(f"{NAMES[s]} {ours['per_script'][s].get('topic_n', '?')}" for s in SCRIPTS) + ".\n"
            + ("\nMissed danger messages (ours):\n" + "\n".join(f"- `{t}` ({e} -> {i})" for t, e, i in ours["misses"])
               if ours["misses"] else "\nNo danger message was missed by our configuration.\n"))
    path = docs / "benchmarks.md"
    # Notes written by hand below the marker (how the config was chosen, readings) survive a rerun.
    kept = path.read_text().split(NOTES_MARKER, 1) if path.exists() else []
    path.write_text(body + ("\n" + NOTES_MARKER + kept[1] if len(kept) == 2 else ""))
    _chart(results, docs / "benchmark.png")
    return table


def _chart(results: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    x = range(len(SCRIPTS))
    for offset, (name, label) in enumerate((("ours", "ours"), ("rasa_default", "Rasa default"))):
        values = [results[name]["nlu"]["per_script"][s]["accuracy"] * 100 for s in SCRIPTS]
        left.bar([i + offset * 0.4 for i in x], values, width=0.4, label=label)
    left.set_xticks([i + 0.2 for i in x], [NAMES[s] for s in SCRIPTS])
    left.set_ylabel("intent accuracy, held-out (%)")
    left.set_ylim(0, 100)
    left.legend()
    labels = ["p50 1 user", "p95 1 user", "p50 20 users", "p95 20 users"]
    keys = [("one_user", "p50_ms"), ("one_user", "p95_ms"), ("twenty_users", "p50_ms"), ("twenty_users", "p95_ms")]
    for offset, name in enumerate(("ours", "rasa_default")):
        values = [results[name]["server"][a][b] for a, b in keys]
        right.bar([i + offset * 0.4 for i in range(len(keys))], values, width=0.4,
                  label="ours" if name == "ours" else "Rasa default")
    right.set_xticks([i + 0.2 for i in range(len(keys))], labels)
    right.set_ylabel("latency per message (ms)")
    right.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
