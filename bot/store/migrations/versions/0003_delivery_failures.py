"""delivery failures: replies a channel could not deliver, surfaced to staff

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'delivery_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('sender_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('error_code', sa.Integer(), nullable=False),
        sa.Column('error_title', sa.String(length=128), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_delivery_failures_sender_pseudonym', 'delivery_failures', ['sender_pseudonym'])
    op.create_index('ix_delivery_failures_at', 'delivery_failures', ['at'])


def downgrade() -> None:
    op.drop_index('ix_delivery_failures_at', 'delivery_failures')
    op.drop_index('ix_delivery_failures_sender_pseudonym', 'delivery_failures')
    op.drop_table('delivery_failures')
