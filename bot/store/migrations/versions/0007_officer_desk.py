"""officers' desk: complaints assigned to an officer with a priority flag, status reasons, private
notes, the times she said it is safe to call; status 'under_review' becomes 'in_progress'

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints') as batch_op:
        batch_op.add_column(sa.Column('assigned_to', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('priority', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key('fk_complaints_assigned_to_staff_users', 'staff_users', ['assigned_to'], ['id'])
        batch_op.create_index('ix_complaints_assigned_to', ['assigned_to'])
        batch_op.create_index('ix_complaints_status', ['status'])
    with op.batch_alter_table('complaint_status_history') as batch_op:
        batch_op.add_column(sa.Column('reason_enc', sa.Text(), nullable=True))
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.add_column(sa.Column('safe_times_enc', sa.Text(), nullable=True))
    op.create_table(
        'complaint_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complaint_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('text_enc', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['staff_users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_complaint_notes_complaint_id', 'complaint_notes', ['complaint_id'])
    # The status she sees as "under review" is called "in progress" from now on, in the data too.
    for table in ('complaints', 'complaint_status_history'):
        op.execute(sa.text(f"UPDATE {table} SET status = 'in_progress' WHERE status = 'under_review'"))


def downgrade() -> None:
    # The old code knows neither 'in_progress' nor 'reopened': both were, for it, 'under_review'.
    for table in ('complaints', 'complaint_status_history'):
        op.execute(sa.text(f"UPDATE {table} SET status = 'under_review' "
                           "WHERE status IN ('in_progress', 'reopened')"))
    op.drop_index('ix_complaint_notes_complaint_id', 'complaint_notes')
    op.drop_table('complaint_notes')
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.drop_column('safe_times_enc')
    with op.batch_alter_table('complaint_status_history') as batch_op:
        batch_op.drop_column('reason_enc')
    with op.batch_alter_table('complaints') as batch_op:
        batch_op.drop_index('ix_complaints_status')
        batch_op.drop_index('ix_complaints_assigned_to')
        batch_op.drop_constraint('fk_complaints_assigned_to_staff_users', type_='foreignkey')
        batch_op.drop_column('priority')
        batch_op.drop_column('assigned_to')
