"""the feedback loop: her consent to messages about a complaint (and where, encrypted), and the
"has it stopped?" follow-ups with her answers; where a counsellor sends her the session link

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints') as batch_op:
        batch_op.add_column(sa.Column('updates_consent', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('updates_recipient_enc', sa.Text(), nullable=True))
    with op.batch_alter_table('counselling_bookings') as batch_op:
        batch_op.add_column(sa.Column('conversation_enc', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('conversation_pseudonym', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_counselling_bookings_conversation_pseudonym', ['conversation_pseudonym'])
    op.create_table(
        'follow_ups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answer', sa.String(length=16), nullable=True),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_follow_ups_complaint_id', 'follow_ups', ['complaint_id'])
    op.create_index('ix_follow_ups_asked_at', 'follow_ups', ['asked_at'])


def downgrade() -> None:
    op.drop_index('ix_follow_ups_asked_at', 'follow_ups')
    op.drop_index('ix_follow_ups_complaint_id', 'follow_ups')
    op.drop_table('follow_ups')
    with op.batch_alter_table('counselling_bookings') as batch_op:
        batch_op.drop_index('ix_counselling_bookings_conversation_pseudonym')
        batch_op.drop_column('conversation_pseudonym')
        batch_op.drop_column('conversation_enc')
    with op.batch_alter_table('complaints') as batch_op:
        batch_op.drop_column('updates_recipient_enc')
        batch_op.drop_column('updates_consent')
