"""one way to send later: scheduled messages (status updates, follow-ups, reminders, session links)
in one table, claimed by workers with row locks, retried with backoff, dead letters kept for staff; do-not-contact records (Telegram /exit)

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'scheduled_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('recipient_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('recipient_enc', sa.Text(), nullable=False),
        sa.Column('payload_enc', sa.Text(), nullable=False),
        sa.Column('subject_type', sa.String(length=16), nullable=True),
        sa.Column('subject_id', sa.Integer(), nullable=True),
        sa.Column('dedupe_key', sa.String(length=96), nullable=True),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claim_token', sa.String(length=32), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dedupe_key'),
    )
    op.create_index('ix_scheduled_messages_recipient_pseudonym', 'scheduled_messages', ['recipient_pseudonym'])
    op.create_index('ix_scheduled_messages_subject_id', 'scheduled_messages', ['subject_id'])
    op.create_index('ix_scheduled_messages_status_due', 'scheduled_messages', ['status', 'due_at'])
    op.create_table(
        'do_not_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('recipient_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('reason', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('channel', 'recipient_pseudonym'),
    )


def downgrade() -> None:
    op.drop_table('do_not_contact')
    op.drop_index('ix_scheduled_messages_status_due', 'scheduled_messages')
    op.drop_index('ix_scheduled_messages_subject_id', 'scheduled_messages')
    op.drop_index('ix_scheduled_messages_recipient_pseudonym', 'scheduled_messages')
    op.drop_table('scheduled_messages')
