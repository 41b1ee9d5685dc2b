"""The domain as Rasa sees it: domain.yml plus the `responses:` sections Rasa merges in from training
data files under data/ (the online-safety advice lives in data/online_safety/responses.yml)."""
import copy
import glob

import yaml

from tests.conftest import ROOT


def data_file_responses() -> dict:
    responses = {}
    for path in sorted(glob.glob(str(ROOT / "data" / "**" / "*.yml"), recursive=True)):
        document = yaml.safe_load(open(path, encoding="utf-8")) or {}
        responses.update(document.get("responses") or {})
    return responses


def full_domain() -> dict:
    domain = copy.deepcopy(yaml.safe_load((ROOT / "domain.yml").read_text()))
    domain["responses"] = {**domain["responses"], **data_file_responses()}
    return domain
