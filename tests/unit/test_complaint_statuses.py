"""The statuses of a complaint (bot/complaints/statuses.py): she can read each one at her status
check in her three languages, and "overdue" means waiting for action past the threshold."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from bot.complaints.labels import STATUS_LABELS
from bot.complaints.statuses import FINISHED, STATUSES, is_overdue

DEVANAGARI = re.compile("[\u0900-\u097F]")
FILED = datetime(2026, 12, 1, 9, tzinfo=timezone.utc)


def test_every_status_has_a_label_in_each_script_and_no_other_label_exists():
    assert tuple(STATUS_LABELS) == STATUSES
    for status, text in STATUS_LABELS.items():
        assert DEVANAGARI.search(text.hi), status
        assert not DEVANAGARI.search(text.hi_latn) and not DEVANAGARI.search(text.en), status
        assert len({text.hi, text.hi_latn, text.en}) == 3, status
    assert "under_review" not in STATUS_LABELS  # migrated to in_progress (revision 0007)


@pytest.mark.parametrize("status", STATUSES)
def test_overdue_only_while_waiting_for_action_and_past_the_threshold(status):
    waiting = status not in FINISHED
    assert is_overdue(status, FILED, FILED + timedelta(hours=73), 72) is waiting
    assert is_overdue(status, FILED, FILED + timedelta(hours=71), 72) is False
    assert is_overdue(status, FILED, FILED + timedelta(hours=5), 4) is waiting
