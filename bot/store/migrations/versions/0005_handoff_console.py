"""counsellor console: staff users and sessions, live handoffs, audit log

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('display_name', sa.String(length=128), nullable=False),
        sa.Column('password_hash', sa.String(length=256), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('username'),
    )
    op.create_table(
        'staff_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('csrf_token', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_staff_sessions_user_id', 'staff_sessions', ['user_id'])
    op.create_table(
        'handoffs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=128), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('trigger', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('share_summary', sa.Boolean(), nullable=False),
        sa.Column('summary_enc', sa.Text(), nullable=True),
        sa.Column('category', sa.String(length=32), nullable=True),
        sa.Column('district', sa.String(length=64), nullable=True),
        sa.Column('callback_phone_enc', sa.Text(), nullable=True),
        sa.Column('emergency_flag', sa.Boolean(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('since_timestamp', sa.Float(), nullable=True),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claimed_by', sa.Integer(), nullable=True),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('closed_by', sa.Integer(), nullable=True),
        sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['claimed_by'], ['staff_users.id']),
        sa.ForeignKeyConstraint(['closed_by'], ['staff_users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_handoffs_conversation_id', 'handoffs', ['conversation_id'])
    op.create_index('ix_handoffs_status', 'handoffs', ['status'])
    op.create_index('ix_handoffs_requested_at', 'handoffs', ['requested_at'])
    op.create_index('ix_handoffs_claimed_by', 'handoffs', ['claimed_by'])
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('staff_user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('object_type', sa.String(length=16), nullable=True),
        sa.Column('object_id', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.String(length=256), nullable=True),
        sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_audit_log_at', 'audit_log', ['at'])
    op.create_index('ix_audit_log_staff_user_id', 'audit_log', ['staff_user_id'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_staff_user_id', 'audit_log')
    op.drop_index('ix_audit_log_at', 'audit_log')
    op.drop_table('audit_log')
    for index in ('claimed_by', 'requested_at', 'status', 'conversation_id'):
        op.drop_index(f'ix_handoffs_{index}', 'handoffs')
    op.drop_table('handoffs')
    op.drop_index('ix_staff_sessions_user_id', 'staff_sessions')
    op.drop_table('staff_sessions')
    op.drop_table('staff_users')
