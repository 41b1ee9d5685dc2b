"""The report summary's "about him" line says what she knows about him once, numbers masked."""
import re

import pytest

from bot.complaints.summary import about_him, build_summary


@pytest.mark.parametrize("text, expected", [
    ("uska number 9812345678 hai", "uska number +91 98XXX XX678 hai"),
    ("uska number 98123 45678 hai", "uska number +91 98XXX XX678 hai"),
    ("+91-98123-45678 se call karta hai", "+91 98XXX XX678 se call karta hai"),
    ("09812345678 aur 9876543210 dono uske", "+91 98XXX XX678 aur +91 98XXX XX210 dono uske"),
    ("he calls from +14155552671 and +44 7911 123456", "he calls from +1 41X-XXX-X671 and +44 79XX XXX456"),
    ("insta pe @rahul_x123 hai", "insta pe @rahul_x123 hai"),
    ("padosi hai, naam nahi pata", "padosi hai, naam nahi pata"),
])
def test_what_she_wrote_is_said_once_with_numbers_masked(text, expected):
    assert about_him(text, "hi-Latn") == expected


def test_the_masked_number_appears_exactly_once():
    line = about_him("uska number +91 98765 43210 hai", "hi-Latn")
    assert line.count("+91 98XXX XX210") == 1
    assert not re.search(r"\d{4}", line.replace("XX210", ""))


def test_what_the_shortened_text_hides_is_listed_in_front():
    text = "woh roz pichha karta hai " * 8 + "number 9812345678, insta @rahul_x123"
    line = about_him(text, "en")
    assert line.startswith("+91 98XXX XX678; instagram:rahul_x123; woh roz")
    assert "9812345678" not in line


def test_the_summary_line_about_him():
    slots = {"harassment_category": "stalking", "incident_description": "roz pichha karta hai",
             "district": "Lucknow", "place": "-", "evidence": "none", "contact_mode": "anonymous"}
    summary = build_summary(slots, "hi-Latn", "kal", about_him("uska number 9876543210 hai", "hi-Latn"))
    (who,) = [line for line in summary.splitlines() if "XX210" in line]
    assert who.count("+91 98XXX XX210") == 1 and "9876543210" not in summary
