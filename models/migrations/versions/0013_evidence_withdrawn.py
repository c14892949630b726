"""evidence_withdrawn: when the sender unsent a file attached as evidence

Revision ID: 0013
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

import models.base


revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', models.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
