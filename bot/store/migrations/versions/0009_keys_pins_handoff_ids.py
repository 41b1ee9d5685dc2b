"""privacy you can prove, part 1: wrong PINs counted per code string (pin_attempts) instead of on the
complaint or booking row, so a lock says nothing about which codes exist; handoffs keep her
conversation id only encrypted, with a keyed hash to find it (no raw socket.io or Rasa sender id)

Revision ID: 0009
Revises: 0007
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from bot.store.encryption import decrypt_text, encrypt_text
from bot.store.pseudonym import pseudonym
from bot.store.types import UtcDateTime

revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None

# Namespaces as bot.handoff.service and bot.store.pin_lockout use them (fixed here on purpose: a
# migration must not change meaning when that code changes).
HANDOFF_NAMESPACE = "handoff-conversation"
PIN_NAMESPACE = "pin-attempts:{kind}"
CODED = (("complaints", "reference_code", "complaint"), ("counselling_bookings", "booking_code", "booking"))


def upgrade() -> None:
    op.create_table(
        'pin_attempts',
        sa.Column('code_key', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('code_key'),
    )
    op.create_index('ix_pin_attempts_updated_at', 'pin_attempts', ['updated_at'])
    _move_pin_counts_to_pin_attempts()
    for table, _, _ in CODED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('pin_failed_attempts')
            batch_op.drop_column('pin_locked_until')

    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.add_column(sa.Column('conversation_pseudonym', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('conversation_enc', sa.Text(), nullable=True))
    handoffs = sa.table('handoffs', sa.column('id', sa.Integer), sa.column('conversation_id', sa.String),
                        sa.column('conversation_pseudonym', sa.String), sa.column('conversation_enc', sa.Text))
    connection = op.get_bind()
    for row in connection.execute(sa.select(handoffs.c.id, handoffs.c.conversation_id)).all():
        connection.execute(sa.update(handoffs).where(handoffs.c.id == row.id).values(
            conversation_pseudonym=pseudonym(HANDOFF_NAMESPACE, row.conversation_id),
            conversation_enc=encrypt_text(row.conversation_id)))
    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.drop_index('ix_handoffs_conversation_id')
        batch_op.drop_column('conversation_id')
        batch_op.alter_column('conversation_pseudonym', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('conversation_enc', existing_type=sa.Text(), nullable=False)
        batch_op.create_index('ix_handoffs_conversation_pseudonym', ['conversation_pseudonym'])


def _move_pin_counts_to_pin_attempts() -> None:
    """A code locked (or half-way to a lock) before the upgrade stays so after it."""
    connection = op.get_bind()
    attempts = sa.table('pin_attempts', sa.column('code_key', sa.String), sa.column('kind', sa.String),
                        sa.column('failed_attempts', sa.Integer), sa.column('locked_until', UtcDateTime()),
                        sa.column('updated_at', UtcDateTime()))
    now = datetime.now(timezone.utc)
    for table_name, code_column, kind in CODED:
        table = sa.table(table_name, sa.column(code_column, sa.String), sa.column('pin_failed_attempts', sa.Integer),
                         sa.column('pin_locked_until', UtcDateTime()))
        rows = connection.execute(sa.select(table.c[code_column], table.c.pin_failed_attempts,
                                            table.c.pin_locked_until).where(sa.or_(
            table.c.pin_failed_attempts > 0, table.c.pin_locked_until > now))).all()
        for code, failed, locked_until in rows:
            connection.execute(sa.insert(attempts).values(
                code_key=pseudonym(PIN_NAMESPACE.format(kind=kind), code.strip().upper()), kind=kind,
                failed_attempts=failed or 0, locked_until=locked_until if locked_until and locked_until > now else None,
                updated_at=now))


def downgrade() -> None:
    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.add_column(sa.Column('conversation_id', sa.String(length=128), nullable=True))
    handoffs = sa.table('handoffs', sa.column('id', sa.Integer), sa.column('conversation_id', sa.String),
                        sa.column('conversation_enc', sa.Text))
    connection = op.get_bind()
    for row in connection.execute(sa.select(handoffs.c.id, handoffs.c.conversation_enc)).all():
        connection.execute(sa.update(handoffs).where(handoffs.c.id == row.id).values(
            conversation_id=decrypt_text(row.conversation_enc)))
    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.drop_index('ix_handoffs_conversation_pseudonym')
        batch_op.drop_column('conversation_pseudonym')
        batch_op.drop_column('conversation_enc')
        batch_op.alter_column('conversation_id', existing_type=sa.String(length=128), nullable=False)
        batch_op.create_index('ix_handoffs_conversation_id', ['conversation_id'])

    for table, _, _ in CODED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('pin_failed_attempts', sa.Integer(), nullable=False, server_default='0'))
            batch_op.add_column(sa.Column('pin_locked_until', sa.DateTime(timezone=True), nullable=True))
    op.drop_index('ix_pin_attempts_updated_at', 'pin_attempts')
    op.drop_table('pin_attempts')
