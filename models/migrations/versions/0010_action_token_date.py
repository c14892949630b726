"""action_token_date: the day a confirmed update says the work was done

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('happened_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('action_tokens', schema=None) as batch_op:
        batch_op.drop_column('happened_on')
