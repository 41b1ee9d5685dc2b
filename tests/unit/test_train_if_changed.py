from bot.devtools import train


def test_fingerprint_changes_with_training_inputs(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "config.yml").write_text("a")
    (tmp_path / "data" / "nlu.yml").write_text("x")
    monkeypatch.setattr(train, "ROOT", tmp_path)
    monkeypatch.setattr(train, "INPUTS", ["config.yml", "data"])
    before = train.fingerprint()
    assert train.fingerprint() == before
    (tmp_path / "data" / "nlu.yml").write_text("y")
    assert train.fingerprint() != before


def test_model_counts_as_up_to_date_only_with_a_matching_stamp(tmp_path, monkeypatch):
    monkeypatch.setattr(train.settings, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(train, "fingerprint", lambda: "abc")
    assert not train.is_up_to_date()
    train.model_path().write_bytes(b"model")
    train.fingerprint_path().write_text("abc")
    assert train.is_up_to_date()
    train.fingerprint_path().write_text("old")
    assert not train.is_up_to_date()
