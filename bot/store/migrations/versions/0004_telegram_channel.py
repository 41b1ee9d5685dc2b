"""telegram channel: recent message ids (for the exit command), blocked chats, long button payloads,
evidence files waiting for their report

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'channel_recent_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('sender_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('message_id', sa.BigInteger(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_channel_recent_messages_sender_pseudonym', 'channel_recent_messages', ['sender_pseudonym'])
    op.create_index('ix_channel_recent_messages_sent_at', 'channel_recent_messages', ['sent_at'])
    op.create_table(
        'channel_chat_states',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('sender_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('blocked', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('channel', 'sender_pseudonym'),
    )
    op.create_table(
        'channel_button_payloads',
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('payload_enc', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('token'),
    )
    op.create_table(
        'pending_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reporter_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('storage_ref', sa.String(length=256), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_pending_evidence_reporter_pseudonym', 'pending_evidence', ['reporter_pseudonym'])


def downgrade() -> None:
    op.drop_index('ix_pending_evidence_reporter_pseudonym', 'pending_evidence')
    op.drop_table('pending_evidence')
    op.drop_table('channel_button_payloads')
    op.drop_table('channel_chat_states')
    op.drop_index('ix_channel_recent_messages_sent_at', 'channel_recent_messages')
    op.drop_index('ix_channel_recent_messages_sender_pseudonym', 'channel_recent_messages')
    op.drop_table('channel_recent_messages')
