"""the job worker: leases that give each background job (the handoff relay, retention, the outbox of
one host) to one worker at a time, and how far the relay has checked each open handoff, so a
worker that takes over goes on from there; when a counsellor began closing a case (the relay, in
another process now, must not pause her again meanwhile)

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_leases',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('holder', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_done_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )
    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.add_column(sa.Column('relay_checked_until', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('closing_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('handoffs') as batch_op:
        batch_op.drop_column('closing_at')
        batch_op.drop_column('relay_checked_until')
    op.drop_table('job_leases')
