"""inbox_claim_indexes: a worker finds its next event from indexes of pending events only

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    # Nearest reply-token expiry first: walked in event_time order, stopping at the first
    # event free to take, instead of sorting every pending event for each claim.
    op.create_index('ix_inbox_pending_time', 'inbox_events', ['event_time', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    # "Is an earlier event of this chat still waiting?", one index probe per candidate.
    op.create_index('ix_inbox_pending_chat', 'inbox_events', ['org_id', 'chat_key', 'id'],
                    postgresql_where=PENDING, sqlite_where=PENDING)
    if op.get_bind().dialect.name == "postgresql":
        # A queue table: the planner must learn of a burst within a minute, not after 10%
        # of the table changed (its statistics from a quiet hour say "nothing pending", and
        # the claim then reads every pending event instead of the first few).
        op.execute("ALTER TABLE inbox_events SET (autovacuum_analyze_scale_factor = 0, "
                   "autovacuum_analyze_threshold = 500, autovacuum_vacuum_scale_factor = 0.05)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE inbox_events RESET (autovacuum_analyze_scale_factor, "
                   "autovacuum_analyze_threshold, autovacuum_vacuum_scale_factor)")
    op.drop_index('ix_inbox_pending_chat', table_name='inbox_events')
    op.drop_index('ix_inbox_pending_time', table_name='inbox_events')
