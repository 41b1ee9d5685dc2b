"""The user texts of the Rasa test stories (tests/stories/*.yml) with the intent each is labelled.

`rasa test core` without --e2e never classifies these texts: the stories check the dialogue given
the labels. tests/e2e/test_story_texts.py parses every text with the trained model, so a text that
no longer means its label fails; payloads ("/affirm") are buttons, not language, and are left out.
"""
from typing import List, NamedTuple

import yaml

from tests.conftest import ROOT

STORIES = ROOT / "tests" / "stories"


class StoryText(NamedTuple):
    file: str
    story: str
    text: str
    intent: str


def story_texts() -> List[StoryText]:
    found = []
    for path in sorted(STORIES.glob("*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8")).get("stories") or []:
            for step in story.get("steps") or []:
                text = str(step.get("user", ""))
                if text and "intent" in step and not text.startswith("/"):
                    found.append(StoryText(path.name, story["story"], text, step["intent"]))
    return found
