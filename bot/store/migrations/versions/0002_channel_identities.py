"""channel identities (encrypted real channel ids behind sender pseudonyms) and seen deliveries

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'channel_identities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('sender_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('address_enc', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('channel', 'sender_pseudonym'),
    )
    op.create_table(
        'channel_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('delivery_id', sa.String(length=128), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('channel', 'delivery_id'),
    )
    op.create_index('ix_channel_deliveries_received_at', 'channel_deliveries', ['received_at'])


def downgrade() -> None:
    op.drop_index('ix_channel_deliveries_received_at', 'channel_deliveries')
    op.drop_table('channel_deliveries')
    op.drop_table('channel_identities')
