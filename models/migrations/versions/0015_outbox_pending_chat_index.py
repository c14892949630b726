"""outbox_pending_chat_index: "are reminders waiting for this chat?" from pending rows only

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    # A reply takes along the reminders waiting for its chat (scheduler.reply). Without
    # this index that question read every pending row of every organization: at month-end,
    # hundreds of thousands, once per event.
    # CONCURRENTLY on PostgreSQL: a large outbox keeps taking writes while the index builds
    # (which cannot happen inside a transaction, hence the autocommit block).
    with op.get_context().autocommit_block():
        op.create_index('ix_outbox_pending_chat', 'outbox_messages', ['org_id', 'to'],
                        postgresql_where=PENDING, sqlite_where=PENDING,
                        postgresql_concurrently=True)


def downgrade() -> None:
    op.drop_index('ix_outbox_pending_chat', table_name='outbox_messages')
