"""The channel mapping table: pseudonym in, encrypted address stored, real id never in clear."""
from sqlalchemy import text

from bot.channels.identity import ChannelIdentities, sender_pseudonym
from bot.store.db import get_engine


def test_remember_returns_a_stable_pseudonym_and_stores_the_address_encrypted(database_url):
    identities = ChannelIdentities(database_url)
    first = identities.remember("telegram", "987654321")
    again = identities.remember("telegram", "987654321")
    assert first == again == sender_pseudonym("telegram", "987654321")
    assert "987654321" not in first
    assert identities.address_of("telegram", first) == "987654321"
    with get_engine(database_url).connect() as connection:
        rows = connection.execute(text("SELECT sender_pseudonym, address_enc FROM channel_identities")).all()
    assert len(rows) == 1
    assert "987654321" not in rows[0].address_enc


def test_the_same_number_on_two_channels_gives_two_unrelated_pseudonyms(database_url):
    identities = ChannelIdentities(database_url)
    assert identities.remember("whatsapp", "919812345678") != identities.remember("telegram", "919812345678")


def test_forget_cuts_the_link(database_url):
    identities = ChannelIdentities(database_url)
    sender_id = identities.remember("whatsapp", "919812345678")
    assert identities.forget("whatsapp", sender_id) is True
    assert identities.address_of("whatsapp", sender_id) is None
    assert identities.forget("whatsapp", sender_id) is False


def test_a_redelivered_update_is_handled_once(database_url):
    from datetime import datetime, timedelta, timezone

    from bot.channels.deliveries import DeliveryLog

    log = DeliveryLog(database_url)
    assert log.first_time("telegram", "70001") is True
    assert log.first_time("telegram", "70001") is False
    assert log.first_time("whatsapp", "70001") is True  # ids are per channel
    assert log.prune(datetime.now(timezone.utc) + timedelta(days=8)) == 2
    assert log.first_time("telegram", "70001") is True
