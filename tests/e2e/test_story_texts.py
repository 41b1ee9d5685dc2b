"""Every user text of the test stories means, to the trained model, the intent its story labels it
with (Rasa's /model/parse on the session's shared server, the whole NLU pipeline: normaliser,
classifier, response selector, danger guard). Replacing a story's texts with gibberish fails here,
although `rasa test core` (which reads only the labels) would still pass."""
import pytest
import requests

from bot.rasa_api import bearer_token
from bot.settings import rasa_api_token
from tests.story_texts import story_texts

pytestmark = pytest.mark.e2e
TEXTS = story_texts()


def parsed_intent(servers, text: str) -> str:
    """The intent as a story names it: a retrieval intent with its response key ("online_safety/x")."""
    response = requests.post(f"{servers.url}/model/parse", headers={"Authorization": f"Bearer {bearer_token(rasa_api_token())}"},
                             json={"text": text}, timeout=60)
    response.raise_for_status()
    result = response.json()
    name = result["intent"]["name"]
    selected = (result.get("response_selector") or {}).get(name)
    return selected["response"]["intent_response_key"] if selected else name


def test_the_stories_have_texts_to_check():
    assert len(TEXTS) >= 100 and {t.file for t in TEXTS} >= {"test_english.yml", "test_romanized.yml",
                                                              "test_devanagari.yml"}


@pytest.mark.parametrize("item", TEXTS, ids=[f"{t.file[5:-4]}-{n}" for n, t in enumerate(TEXTS)])
def test_each_story_text_means_its_labelled_intent(servers, item):
    assert parsed_intent(servers, item.text) == item.intent, f"{item.file} [{item.story}] {item.text!r}"
