"""The benchmark's own arithmetic (the benchmark itself is run by hand: python -m bench.run)."""
from bench import nlu_eval
from bench.report import rows


def test_heldout_scripts_follow_the_file_order(tmp_path):
    path = tmp_path / "h.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - नमस्ते\n    - namaste ji\n    - hello there\n')
    assert nlu_eval.load_heldout(path) == [("नमस्ते", "greet", "hi"), ("namaste ji", "greet", "hi-Latn"),
                                           ("hello there", "greet", "en")]


def test_summary_counts_recall_false_alarms_and_topics():
    predictions = [
        ("a", "emergency", "en", "emergency", None),
        ("b", "self_harm", "en", "emergency", None),      # still caught: danger is danger
        ("c", "emergency", "hi", "greet", None),          # a miss
        ("d", "calm_harassment", "en", "emergency", None),  # a false alarm
        ("e", "calm_harassment", "en", "report_harassment", None),
        ("f", "online_safety/fake_profile", "en", "online_safety", "online_safety/fake_profile"),
    ]
    result = nlu_eval.summarise(predictions)
    assert result["danger_recall"] == 2 / 3 and result["false_alarm_rate"] == 0.5
    assert result["per_script"]["en"]["topic_top1"] == 1.0
    assert result["misses"] == [("c", "emergency", "greet")]


def test_report_rows_compare_side_by_side():
    script = {"accuracy": 0.9, "macro_f1": 0.8, "topic_top1": 1.0, "n": 10}
    run = {"train_seconds": 100, "model_mb": 50, "nlu": {"per_script": {s: script for s in ("hi", "hi-Latn", "en")},
                                                         "danger_recall": 1.0, "false_alarm_rate": 0.0},
           "server": {"one_user": {"p50_ms": 50, "p95_ms": 80}, "start_seconds": 30, "rss_mb": 900,
                      "twenty_users": {"p50_ms": 100, "p95_ms": 200, "messages_per_second": 40},
                      "growth": {"first10_median_ms": 50, "last10_median_ms": 60}}}
    table = list(rows({"ours": run, "rasa_default": run}))
    assert table[0] == ("metric", "ours", "Rasa default", "ours / default")
    assert ("throughput, 20 users without pauses (msg/s)", "40", "40", "1.00x") in table
    assert not any("typing" in row[0] for row in table)  # not measured in this run: no row


def test_a_rerun_keeps_the_notes_written_below_the_marker(tmp_path, monkeypatch):
    from bench import report

    monkeypatch.setattr(report, "_chart", lambda results, path: None)
    script = {"accuracy": 0.9, "macro_f1": 0.8, "topic_top1": 1.0, "n": 10, "topic_n": 5}
    nlu = {"per_script": {s: script for s in ("hi", "hi-Latn", "en")}, "danger_recall": 1.0,
           "false_alarm_rate": 0.0, "danger_total": 9, "calm_total": 3, "misses": []}
    run = {"train_seconds": 100, "model_mb": 50, "nlu": nlu}
    (tmp_path / "benchmarks.md").write_text("old table\n" + report.NOTES_MARKER + "\nhow we chose\n")
    report.write_report({"ours": run, "rasa_default": run}, tmp_path)
    text = (tmp_path / "benchmarks.md").read_text()
    assert "old table" not in text and text.endswith(report.NOTES_MARKER + "\nhow we chose\n")


def test_typing_users_pause_between_messages(monkeypatch):
    from bench import speed

    monkeypatch.setattr(speed, "CONVERSATION", ["a", "b", "c"])
    sent, slept = [], []
    monkeypatch.setattr(speed, "_say", lambda url, sender, text, timings: (sent.append(text), timings.append(0.01)))
    monkeypatch.setattr(speed.time, "sleep", slept.append)
    result = speed.run_conversations("http://x", users=2, conversations_per_user=1, typing_seconds=(3, 8))
    assert result["messages"] == 6 and len(sent) == 6
    assert len(slept) == 6 and all(3 <= pause <= 8 for pause in slept)


def test_selected_response_is_found_under_any_selector_key():
    ours = {"all_retrieval_intents": ["online_safety"],
            "online_safety": {"response": {"intent_response_key": "online_safety/lost_phone"}}}
    default = {"all_retrieval_intents": ["online_safety"],
               "default": {"response": {"intent_response_key": "online_safety/lost_phone"}}}
    assert nlu_eval._selected_response_key(ours) == nlu_eval._selected_response_key(default) == "online_safety/lost_phone"


def test_a_block_can_name_the_script_of_its_latin_lines(tmp_path):
    path = tmp_path / "heldout.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: greet\n  metadata:\n    script: en\n'
                    '  examples: |\n    - नमस्ते\n    - namaste ji\n    - hello\n')
    assert [row[2] for row in nlu_eval.load_heldout(path)] == ["hi", "en", "en"]


def test_no_training_example_is_a_heldout_or_dev_question():
    """The held-out numbers mean something only if its questions were never trained on."""
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]

    def examples(paths):
        for path in paths:
            document = yaml.safe_load(path.read_text())
            for message in document.get("messages", []):   # the blind danger sets: one text each
                yield re.sub(r"[^\w]+", " ", message["text"].lower()).strip()
            for item in document.get("nlu", []):
                for line in (item.get("examples") or "").splitlines():
                    if line.strip():
                        yield re.sub(r"[^\w]+", " ", line.strip()[2:].lower()).strip()

    trained = set(examples(sorted((root / "data" / "nlu").glob("*.yml"))))
    tested = set(examples(sorted((root / "bench" / "heldout").glob("*.yml")) + sorted((root / "bench" / "dev").glob("*.yml"))))
    assert len(tested) > 1200
    assert trained & tested == set()


def test_blind_danger_summary_counts_misses_false_alarms_and_the_kind_of_alarm():
    from bench.danger_blind_eval import load, summarise

    rows = load()
    assert len({label for _, label, _ in rows}) == 3 and len(rows) >= 350
    result = summarise([
        ("he is here", "emergency", "en", "emergency"),
        ("bye all", "self_harm", "en", "emergency"),        # alarmed, but the wrong kind
        ("wo aa gya", "emergency", "hi-Latn", "greet"),     # a miss
        ("exam will kill me", "calm", "en", "self_harm"),   # a false alarm
        ("legal aid?", "calm", "en", "ask_rights"),
    ])
    assert result["danger_n"] == 3 and abs(result["danger_recall"] - 2 / 3) < 1e-9
    assert result["false_alarm_rate"] == 0.5
    assert result["per_label_script"]["self_harm/en"] == {"n": 1, "alarmed": 1, "right_kind": 0}
    assert [m["text"] for m in result["misses"]] == ["wo aa gya"]
    assert [m["text"] for m in result["false_alarms"]] == ["exam will kill me"]
