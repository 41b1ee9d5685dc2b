"""Which online-safety answer to give: plain functions the thin actions in actions/online_safety.py use.

The advice itself lives in data/online_safety/responses.yml (Rasa merges it into the domain):
`utter_online_safety/<topic>` is the short answer, `utter_online_safety_more_<topic>` the longer one."""
import re
from typing import Any, Dict, Iterable, Optional

RETRIEVAL_INTENT = "online_safety"
SHORT_PREFIX = f"utter_{RETRIEVAL_INTENT}/"
MORE_PREFIX = f"utter_{RETRIEVAL_INTENT}_more_"
# Topic names are ours (snake_case); anything else in a slot or payload is stale or forged.
_TOPIC = re.compile(r"^[a-z0-9_]{1,40}$")


def clean_topic(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and _TOPIC.match(value) else None


def topic_from_parse(parse_data: Optional[Dict]) -> Optional[str]:
    """The topic the ResponseSelector answered, from the latest message's parse data."""
    if parse_data is None:
        return None
    try:
        key = parse_data["response_selector"][RETRIEVAL_INTENT]["response"]["intent_response_key"]
    except (KeyError, TypeError):
        return None
    if not isinstance(key, str) or not key.startswith(f"{RETRIEVAL_INTENT}/"):
        return None
    return clean_topic(key.split("/", 1)[1])


def short_response(topic: Optional[str], responses: Iterable[str]) -> Optional[str]:
    name = f"{SHORT_PREFIX}{topic}"
    return name if clean_topic(topic) and name in responses else None


def more_response(topic: Optional[str], responses: Iterable[str]) -> Optional[str]:
    name = f"{MORE_PREFIX}{topic}"
    return name if clean_topic(topic) and name in responses else None
