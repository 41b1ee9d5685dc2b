"""Mutation check of the safety core: do the tests notice when it breaks?

Each mutant is one small, plausible bug written by hand (a deleted danger pattern, a decryption that
fails open, a signature check that always passes) in the danger detector, the safety-net policy,
encryption, pseudonyms or channel authentication. Each is applied to a temporary copy of the
project (this checkout is never touched), the focused tests of that part run against the copy, and
the mutant counts as killed when they fail. The kill rate is printed; below 90% the command fails.

    python -m bot.devtools.mutants            # all mutants (about 10-15 minutes on 2 cores)
    python -m bot.devtools.mutants --list     # names only
    python -m bot.devtools.mutants danger-    # those whose name starts with "danger-"

Not part of the test command: it runs the focused tests once per mutant. mutmut would generate
thousands of mostly trivial mutants over these files; hand-written ones say which breakages matter.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, NamedTuple, Optional, Sequence

from bot.settings import PROJECT_ROOT

TARGET_KILL_RATE = 0.9
TIMEOUT_SECONDS = 600
COPIED = ["bot", "actions", "tests", "data", "domain.yml", "config.yml", "endpoints.yml", "credentials.yml",
          "pytest.ini", "pyproject.toml"]

DANGER = "bot/lang/danger.py"
POLICY = "bot/policies/danger_first.py"
ENCRYPTION = "bot/store/encryption.py"
TRACKER_STORE = "bot/store/tracker_store.py"
PSEUDONYM = "bot/store/pseudonym.py"
WHATSAPP_WEBHOOK = "bot/channels/whatsapp_webhook.py"
WHATSAPP = "bot/channels/whatsapp.py"
TELEGRAM = "bot/channels/telegram.py"
RELAY = "bot/console/relay.py"
LEASES = "bot/jobs/leases.py"
ALERTS = "bot/jobs/alerts.py"
DASHBOARD = "bot/console/views/dashboard.py"

# A "-k" expression applies to every test file of its selection.
DANGER_TESTS = ["tests/unit/test_danger.py", "tests/unit/test_danger_phrases.py"]
POLICY_TESTS = ["tests/unit/test_danger_first_policy.py"]
ENCRYPTION_TESTS = ["tests/unit/test_encrypted_tracker_store.py", "tests/unit/test_keyring.py"]
PSEUDONYM_TESTS = ["tests/unit/test_keyring.py", "tests/unit/test_encrypted_tracker_store.py",
                   "tests/integration/test_channel_identities.py"]
WHATSAPP_TESTS = ["tests/unit/test_whatsapp_webhook.py", "tests/integration/test_whatsapp_channel.py",
                  "-k", "signature or handshake or refused or disabled or webhook"]
TELEGRAM_TESTS = ["tests/integration/test_telegram_channel.py", "-k", "secret or disabled or refused"]
RELAY_TESTS = ["tests/console/test_relay_and_notify.py"]
LEASE_TESTS = ["tests/integration/test_job_worker.py", "-k", "lease or killed"]
ALERT_TESTS = ["tests/integration/test_machinery.py", "-k", "alert and sqlite"]
MACHINERY_PANEL_TESTS = ["tests/console/test_machinery_panel.py"]


class Mutant(NamedTuple):
    name: str
    path: str
    original: str    # must occur exactly once in the file
    mutated: str
    tests: Sequence[str]


def _drop_line(path: str, start: str) -> tuple:
    """(original, mutated) that delete the one line of `path` beginning (after indentation) with `start`."""
    lines = [line for line in (PROJECT_ROOT / path).read_text(encoding="utf-8").splitlines(keepends=True)
             if line.strip().startswith(start)]
    if len(lines) != 1:
        raise ValueError(f"{path}: {len(lines)} lines start with {start!r}")
    return lines[0], ""


def mutants() -> List[Mutant]:
    def danger(name, original, mutated, tests=DANGER_TESTS):
        return Mutant("danger-" + name, DANGER, original, mutated, tests)

    def dropped(name, start):
        return danger(name, *_drop_line(DANGER, start))

    FAILED = "return last.action_name in domain.form_names or last.action_name in self.always_answer"

    def policy(name, original, mutated):
        return Mutant("policy-" + name, POLICY, original, mutated, POLICY_TESTS)

    return [
        # --- the danger detector: rules deleted or weakened, the order, the past/online exceptions.
        dropped("no-poison-rule", 'r"\\b(zeher|zehar'),
        dropped("no-jump-rule", 'r"\\b(nadi|nahar'),
        dropped("no-rape-rule", 'r"\\b(rape|balatkar'),
        dropped("no-kidnap-rule", 'r"\\b(kidnap|kidnaping'),
        dropped("no-weapon-rule-en", 'r"\\b(knife|gun|pistol)'),
        dropped("no-acid-rule-hi", '"तेज" + N'),
        dropped("no-pills-rule-hi", '"(गोली|गोलियां'),
        dropped("no-self-harm-rule-en", 'r"\\b(kill|killing|hang'),
        danger("no-bachao-hi", '"बचाओ|बचा लो|', '"बचा लो|'),
        danger("no-help-me-en", 'r"\\bhelp me\\b(?! (with', 'r"\\bhelpless me\\b(?! (with'),
        danger("nukta-required", 'N = "\\u093c?"', 'N = "\\u093c"'),
        danger("nasal-required", 'NASAL = "[\\u0901\\u0902]?"', 'NASAL = "[\\u0901\\u0902]"'),
        danger("self-harm-reported-as-emergency", "return DangerSignal(SELF_HARM, index)",
               "return DangerSignal(EMERGENCY, index)"),
        danger("past-threats-ignore-now", "return bool(past) and not _NOW_OR_AGAIN.search(normalised)",
               "return bool(past)"),
        danger("past-threats-always-alarm", "return bool(past) and not _NOW_OR_AGAIN.search(normalised)",
               "return False"),
        danger("online-following-is-street-following",
               'normalised = _ONLINE_FOLLOWING.sub(" online stalking ", normalised)', "pass"),
        danger("match-only-at-start",
               "        if pattern.search(normalised):\n"
               "            return DangerSignal(EMERGENCY",
               "        if pattern.match(normalised):\n"
               "            return DangerSignal(EMERGENCY"),
        danger("not-normalised", "normalised = normalise(text[:MAX_CHARS])", "normalised = text[:MAX_CHARS]"),
        danger("no-length-cut", "normalised = normalise(text[:MAX_CHARS])", "normalised = normalise(text)",
               ["tests/unit/test_adversarial_inputs.py", "-k", "detect_danger"]),
        # --- the safety net: danger first, forms ended or kept, failures answered.
        policy("not-overruling", "is_no_user_prediction=True", "is_no_user_prediction=False"),
        policy("below-rule-policy", '"priority": 7', '"priority": 5'),
        policy("silent-outside-forms",
               "            if not tracker.active_loop_name:\n"
               "                return response, []",
               "            if not tracker.active_loop_name:\n"
               "                return None, []"),
        policy("form-not-ended", "return response, [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]",
               "return response, []"),
        policy("no-recheck", "return response, [SlotSet(self.recheck_slot, None)]", "return response, []"),
        policy("classifier-interrupts-her-account", "if not _has_entity(tracker, self.detector_entity):",
               "if False:"),
        policy("detector-ignored-in-her-account", "if not _has_entity(tracker, self.detector_entity):",
               "if True:"),
        policy("no-means-nothing", "if (requested, intent) in self.danger_answers:", "if False:"),
        policy("apology-repeated",
               "        if actions[-1] == self.unavailable_response:\n"
               "            return ACTION_LISTEN_NAME, []",
               "        if actions[-1] == self.unavailable_response:\n"
               "            return None, []"),
        policy("failed-form-silent", FAILED, "return last.action_name in self.always_answer"),
        policy("failed-action-silent", FAILED, "return last.action_name in domain.form_names"),
        policy("response-taken-for-failure", "if not isinstance(last, ActionExecuted):", "if last is None:"),
        # --- encryption at rest.
        Mutant("encryption-fails-open", ENCRYPTION,
               '        raise ValueError("stored text cannot be decrypted with the configured keys") from error',
               "        return token", ENCRYPTION_TESTS),
        Mutant("encryption-stores-plain-text", ENCRYPTION,
               'return cipher().encrypt(plain.encode("utf-8")).decode("ascii")', "return plain", ENCRYPTION_TESTS),
        Mutant("encryption-under-the-oldest-key", ENCRYPTION,
               "self._ring = MultiFernet([single for _, single in self.singles])",
               "self._ring = MultiFernet([single for _, single in reversed(self.singles)])", ENCRYPTION_TESTS),
        Mutant("encryption-rotation-skips-unreadable", ENCRYPTION,
               '        raise ValueError("a stored value cannot be decrypted with any configured key")',
               "        return None", ENCRYPTION_TESTS + ["tests/integration/test_key_rotation.py"]),
        Mutant("encryption-rotation-never-rekeys", ENCRYPTION, "if key_id == ring.current_id:", "if key_id:",
               ENCRYPTION_TESTS + ["tests/integration/test_key_rotation.py"]),
        Mutant("encryption-events-stored-plain", TRACKER_STORE, "return None if value is None else encrypt_text(value)",
               "return value", ENCRYPTION_TESTS),
        # --- pseudonyms.
        Mutant("pseudonym-without-namespace", PSEUDONYM, 'f"{namespace}\\x1f{value}"', 'f"{value}"', PSEUDONYM_TESTS),
        Mutant("pseudonym-unkeyed", PSEUDONYM,
               "return hmac.new(key, f\"{namespace}\\x1f{value}\".encode(), hashlib.sha256).hexdigest()",
               "return hashlib.sha256(f\"{namespace}\\x1f{value}\".encode()).hexdigest()",
               PSEUDONYM_TESTS),
        Mutant("pseudonym-under-the-oldest-key", PSEUDONYM, "return _digest(ring()[0], namespace, value)",
               "return _digest(ring()[-1], namespace, value)", PSEUDONYM_TESTS),
        Mutant("pseudonym-lookup-current-key-only", PSEUDONYM, "for key in ring()]", "for key in ring()[:1]]",
               PSEUDONYM_TESTS),
        Mutant("pseudonym-conversation-id-stored-raw", TRACKER_STORE,
               "return None if value is None else pseudonym(CONVERSATION, value)", "return value", PSEUDONYM_TESTS),
        Mutant("pseudonym-md5", PSEUDONYM, "hashlib.sha256).hexdigest()", "hashlib.md5).hexdigest()",
               PSEUDONYM_TESTS),
        Mutant("pseudonym-digest-unlabelled", PSEUDONYM, 'label + b"\\x1f" + data', "data",
               PSEUDONYM_TESTS + ["tests/integration/test_telegram_channel.py", "-k", "keyed or callback or button"]),
        # --- channel authentication.
        Mutant("whatsapp-any-signature", WHATSAPP_WEBHOOK,
               'return hmac.compare_digest(expected, header[len("sha256="):].strip().lower())', "return True",
               WHATSAPP_TESTS),
        Mutant("whatsapp-no-secret-accepted", WHATSAPP_WEBHOOK,
               'if not app_secret or not header or not header.startswith("sha256="):',
               'if not header or not header.startswith("sha256="):', WHATSAPP_TESTS),
        Mutant("whatsapp-signature-of-nothing", WHATSAPP_WEBHOOK,
               "expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()",
               "expected = hmac.new(app_secret.encode(), b\"\", hashlib.sha256).hexdigest()", WHATSAPP_TESTS),
        Mutant("whatsapp-handshake-any-token", WHATSAPP_WEBHOOK,
               "if not hmac.compare_digest(token.encode(), verify_token.encode()):", "if False:", WHATSAPP_TESTS),
        Mutant("whatsapp-handshake-any-mode", WHATSAPP_WEBHOOK, 'if mode != "subscribe" or not verify_token',
               "if not verify_token", WHATSAPP_TESTS),
        Mutant("whatsapp-unsigned-processed", WHATSAPP,
               'if not signature_is_valid(self.config["app_secret"], raw_body or b"", signature):', "if False:",
               WHATSAPP_TESTS),
        Mutant("telegram-any-secret", TELEGRAM, "if not secret_header or not hmac.compare_digest(",
               "if not secret_header or False and not hmac.compare_digest(", TELEGRAM_TESTS),
        Mutant("telegram-no-secret-header-accepted", TELEGRAM, "if not secret_header or not hmac.compare_digest(",
               "if secret_header and not hmac.compare_digest(", TELEGRAM_TESTS),
        Mutant("telegram-enabled-without-secret", TELEGRAM, "self.enabled = bool(self.token and self.secret)",
               "self.enabled = bool(self.token)", TELEGRAM_TESTS),
        Mutant("telegram-refusal-answered-200", TELEGRAM,
               'secret token rejected")\n            return 403', 'secret token rejected")\n            return 200',
               TELEGRAM_TESTS),
        # --- the handoff relay (her messages during a handoff) and the job worker's leases.
        Mutant("relay-no-danger-check", RELAY, 'signal = detect_danger(event.get("text") or "")', "signal = None",
               RELAY_TESTS),
        Mutant("relay-takeover-forgets-the-mark", RELAY, "if handoff.relay_checked_until is not None:", "if False:",
               RELAY_TESTS),
        Mutant("relay-pauses-a-case-being-closed", RELAY, " and not self.service.is_closing(fresh)", "",
               RELAY_TESTS),
        Mutant("lease-taken-from-a-live-holder", LEASES, "or_(JobLease.holder == holder, JobLease.expires_at <= now)",
               "or_(JobLease.holder == JobLease.holder, JobLease.expires_at <= now)", LEASE_TESTS),
        # --- staff see the machinery: alerts at most hourly per kind; the panel for supervisors only.
        Mutant("alert-repeats-within-the-hour", ALERTS,
               "if last is not None and (self.leases.clock() - last).total_seconds() < settings.ALERT_REPEAT_SECONDS:",
               "if False:", ALERT_TESTS),
        Mutant("machinery-panel-for-everyone", DASHBOARD, 'if staff(request).role == "supervisor" else None',
               "if True else None", MACHINERY_PANEL_TESTS),
    ]


def _copy_project(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, target / name)
    # The tests that start the staff console start it with the copy's .venv-console: the real one.
    if (PROJECT_ROOT / ".venv-console").exists():
        (target / ".venv-console").symlink_to(PROJECT_ROOT / ".venv-console")


def _run_tests(copy: Path, tests: Sequence[str]) -> tuple:
    """(exit code or None on timeout, seconds) of the focused tests on the copy."""
    env = {**os.environ, "PYTHONPATH": str(copy), "RASA_TELEMETRY_ENABLED": "false", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("CI", None)  # missing shared payloads skip here rather than fail: they are not the point
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                              cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=TIMEOUT_SECONDS)
        code: Optional[int] = done.returncode
    except subprocess.TimeoutExpired:
        code = None
    return code, time.monotonic() - started


def run(selected: List[Mutant]) -> int:
    with tempfile.TemporaryDirectory(prefix="hs-mutants-") as temp:
        copy = Path(temp)
        _copy_project(copy)
        suites = sorted({tuple(m.tests) for m in selected})
        print(f"{len(selected)} mutants, {len(suites)} test selections; the unmutated copy first", flush=True)
        for tests in suites:
            code, seconds = _run_tests(copy, tests)
            if code != 0:
                print(f"the unmutated copy fails {' '.join(tests)} (exit {code}): fix that first")
                return 2
        killed = 0
        for mutant in selected:
            path = copy / mutant.path
            original = path.read_text(encoding="utf-8")
            if original.count(mutant.original) != 1:
                print(f"STALE     {mutant.name}: its original text is not in {mutant.path} exactly once")
                return 2
            path.write_text(original.replace(mutant.original, mutant.mutated), encoding="utf-8")
            try:
                code, seconds = _run_tests(copy, mutant.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            # Exit 1: a test failed. 2-4: collection errors or usage; a timeout: hung. All detected.
            verdict = ("survived" if code == 0 else "killed" if code == 1
                       else "killed (timeout)" if code is None else f"killed (exit {code})")
            killed += code != 0
            print(f"{verdict:17s} {mutant.name}  ({seconds:.0f} s)", flush=True)
    rate = killed / len(selected) if selected else 0.0
    print(f"\nkill rate: {killed}/{len(selected)} = {rate:.0%} (target {TARGET_KILL_RATE:.0%})")
    return 0 if rate >= TARGET_KILL_RATE else 1


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", nargs="?", default="", help="only mutants whose name starts with this")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)
    selected = [m for m in mutants() if m.name.startswith(args.prefix)]
    if args.list:
        for mutant in selected:
            print(f"{mutant.name:45s} {mutant.path}")
        return 0
    return run(selected)


if __name__ == "__main__":
    sys.exit(main())
