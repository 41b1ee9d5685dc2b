"""family counselling: panel (counsellors, hours, leave), bookings with one active booking per slot,
positive risk screens, reminders

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'counsellors',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_name', sa.String(length=64), nullable=False),
        sa.Column('first_name_hi', sa.String(length=64), nullable=False),
        sa.Column('languages', sa.String(length=32), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'counsellor_hours',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counsellor_id', sa.Integer(), nullable=False),
        sa.Column('weekday', sa.Integer(), nullable=False),
        sa.Column('start_minute', sa.Integer(), nullable=False),
        sa.Column('end_minute', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['counsellor_id'], ['counsellors.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_counsellor_hours_counsellor_id', 'counsellor_hours', ['counsellor_id'])
    op.create_table(
        'counsellor_leave',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counsellor_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['counsellor_id'], ['counsellors.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('counsellor_id', 'day'),
    )
    op.create_table(
        'counselling_bookings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_code', sa.String(length=16), nullable=False),
        sa.Column('counsellor_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('for_whom', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('chat_language', sa.String(length=8), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('screen_positive', sa.Boolean(), nullable=False),
        sa.Column('contact_mode', sa.String(length=16), nullable=False),
        sa.Column('phone_enc', sa.Text(), nullable=True),
        sa.Column('pin_hash', sa.String(length=128), nullable=False),
        sa.Column('pin_failed_attempts', sa.Integer(), nullable=False),
        sa.Column('pin_locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['counsellor_id'], ['counsellors.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('booking_code'),
    )
    op.create_index('ix_counselling_bookings_counsellor_id', 'counselling_bookings', ['counsellor_id'])
    # The rule that two people never hold the same slot, enforced by the database itself.
    op.create_index('uq_counselling_active_slot', 'counselling_bookings', ['counsellor_id', 'starts_at'],
                    unique=True, sqlite_where=sa.text("status = 'booked'"),
                    postgresql_where=sa.text("status = 'booked'"))
    op.create_table(
        'counselling_screens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('positive', sa.Boolean(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_counselling_screens_created_at', 'counselling_screens', ['created_at'])
    op.create_table(
        'counselling_reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sender_enc', sa.Text(), nullable=False),
        sa.Column('sender_pseudonym', sa.String(length=64), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['booking_id'], ['counselling_bookings.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('booking_id', 'kind'),
    )
    op.create_index('ix_counselling_reminders_due_at', 'counselling_reminders', ['due_at'])
    op.create_index('ix_counselling_reminders_sender_pseudonym', 'counselling_reminders', ['sender_pseudonym'])


def downgrade() -> None:
    op.drop_index('ix_counselling_reminders_sender_pseudonym', 'counselling_reminders')
    op.drop_index('ix_counselling_reminders_due_at', 'counselling_reminders')
    op.drop_table('counselling_reminders')
    op.drop_index('ix_counselling_screens_created_at', 'counselling_screens')
    op.drop_table('counselling_screens')
    op.drop_index('uq_counselling_active_slot', 'counselling_bookings')
    op.drop_index('ix_counselling_bookings_counsellor_id', 'counselling_bookings')
    op.drop_table('counselling_bookings')
    op.drop_table('counsellor_leave')
    op.drop_index('ix_counsellor_hours_counsellor_id', 'counsellor_hours')
    op.drop_table('counsellor_hours')
    op.drop_table('counsellors')
