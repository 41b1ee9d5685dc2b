"""Every WhatsApp template the code sends is listed in the README for operators, with the same bodies."""
from bot.jobs.wording import TEMPLATES
from tests.conftest import ROOT


def test_every_template_and_body_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name, bodies in TEMPLATES.items():
        assert f"`{name}`" in readme
        for body in bodies.values():
            assert f"`{body}`" in readme, (name, body)
