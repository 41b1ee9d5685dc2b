"""The test command's Rasa checks, in one Python process:

    rasa data validate --domain domain.yml --data data --config config.yml
    rasa test core --model models/hamari-suraksha.tar.gz --stories tests/stories --endpoints endpoints.yml
                   --out test-artifacts/rasa-test-stories --no-plot

then `bot.devtools.check_story_results` on what the second wrote. Each is Rasa's own command-line
entry point given exactly those arguments, as if typed in a shell; run one after the other in one
process, Rasa and TensorFlow are imported once instead of twice (about 20 s on 2 cores). --no-plot
skips the confusion-matrix pictures (about 10 s), which no check reads.

`python -m bot.devtools.rasa_checks` (exit code: the first that failed, else 0).
"""
import os
import shutil
import sys

from bot.devtools import check_story_results
from bot.settings import PROJECT_ROOT

STORY_RESULTS = "test-artifacts/rasa-test-stories"
VALIDATE = ["data", "validate", "--domain", "domain.yml", "--data", "data", "--config", "config.yml"]
TEST_STORIES = ["test", "core", "--model", "models/hamari-suraksha.tar.gz", "--stories", "tests/stories",
                "--endpoints", "endpoints.yml", "--out", STORY_RESULTS, "--no-plot"]


def rasa(arguments) -> int:
    """Runs `rasa ARGUMENTS` through Rasa's own entry point; returns its exit code."""
    from rasa.__main__ import main

    sys.argv = ["rasa", *arguments]
    try:
        main()
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    return 0


def main() -> int:
    os.chdir(PROJECT_ROOT)  # the paths above are the project's
    print("\n==> rasa " + " ".join(VALIDATE), flush=True)
    code = rasa(VALIDATE)
    if code:
        return code
    print("\n==> Rasa test stories (tests/stories): rasa " + " ".join(TEST_STORIES), flush=True)
    shutil.rmtree(STORY_RESULTS, ignore_errors=True)
    code = rasa(TEST_STORIES)
    if code:
        return code
    return check_story_results.main(STORY_RESULTS)


if __name__ == "__main__":
    sys.exit(main())
