"""Conversation speed over the REST webhook: simulated conversations of realistic length."""
import random
import statistics
import threading
import time
import uuid
from typing import Dict, List, Tuple

import requests

# One realistic conversation: greeting, a whole report, a status question, thanks (15 messages).
CONVERSATION = [
    "namaste", "mujhe complaint karni hai", "haan", "ek ladka roz college tak peecha karta hai",
    "wo roz bus stop se college tak mere peeche aata hai aur gande ishare karta hai",
    "5 din se", "lucknow", "gomti nagar", "uska number 98123 45678 hai",
    '/inform{"evidence":"screenshots"}', '/inform{"contact_mode":"anonymous"}', "/deny",
    "/help", "shukriya", "bye",
]


def _say(url: str, sender: str, text: str, timings: List[float]) -> None:
    started = time.perf_counter()
    response = requests.post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    response.raise_for_status()
    timings.append(time.perf_counter() - started)


def run_conversations(url: str, users: int, conversations_per_user: int,
                      typing_seconds: Tuple[float, float] = None) -> Dict:
    """`users` conversations at once. Without `typing_seconds` each user sends her next message
    the moment the reply arrives (saturation: measures throughput). With it, each user pauses a
    random time in that range before every message, as a person typing on a phone does
    (measures the latency she would feel with that many conversations open)."""
    timings: List[float] = []
    errors: List[str] = []

    def user(seed: int) -> None:
        pauses = random.Random(seed)
        for _ in range(conversations_per_user):
            sender = "bench-" + uuid.uuid4().hex[:10]
            for text in CONVERSATION:
                if typing_seconds:
                    time.sleep(pauses.uniform(*typing_seconds))
                try:
                    _say(url, sender, text, timings)
                except Exception as error:  # counted, reported, never hidden
                    errors.append(type(error).__name__)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(timings)
    return {"users": users, "messages": len(timings), "errors": len(errors),
            "p50_ms": 1000 * statistics.median(ordered),
            "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
            "messages_per_second": len(timings) / elapsed}


def turn_growth(url: str, turns: int = 150) -> Dict:
    """Latency of the first and the last turns of one long conversation: does it stay flat?"""
    sender = "bench-long-" + uuid.uuid4().hex[:8]
    timings: List[float] = []
    for i in range(turns):
        _say(url, sender, "namaste" if i % 2 == 0 else "/help", timings)
    first, last = timings[:10], timings[-10:]
    return {"turns": turns, "first10_median_ms": 1000 * statistics.median(first),
            "last10_median_ms": 1000 * statistics.median(last)}
