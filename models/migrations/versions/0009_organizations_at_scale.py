"""organizations at scale: encrypted credentials, disabling, inbox retention index

Revision ID: 0009
Revises: 0008

Credentials stored in plain text on `organizations` (before this revision) move into
`org_credentials`, encrypted with SECRET_KEY; the plain columns are emptied. With such
rows and no SECRET_KEY the upgrade stops with one line saying so.
"""
import os

import sqlalchemy as sa
from alembic import op

import models.base

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'org_credentials',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org_id', sa.Integer(), nullable=False),
        sa.Column('channel_id', sa.String(length=32), nullable=True),
        sa.Column('channel_secret', sa.Text(), nullable=False),
        sa.Column('access_token', sa.Text(), nullable=True),
        sa.Column('token_expires_at', models.base.UTCDateTime(), nullable=True),
        sa.Column('assertion_kid', sa.String(length=128), nullable=True),
        sa.Column('assertion_key', sa.Text(), nullable=True),
        sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['org_id'], ['organizations.id'],
                                name=op.f('fk_org_credentials_org_id_organizations')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_credentials')),
        sa.UniqueConstraint('org_id', name=op.f('uq_org_credentials_org_id')),
    )
    with op.batch_alter_table('organizations') as batch:
        batch.add_column(sa.Column('disabled_at', models.base.UTCDateTime(), nullable=True))
    op.create_index('ix_inbox_received', 'inbox_events', ['received_at'])
    _encrypt_plain_credentials()


def _encrypt_plain_credentials() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, channel_secret, channel_access_token FROM organizations "
        "WHERE channel_secret IS NOT NULL AND channel_access_token IS NOT NULL")).all()
    if not rows:
        return
    keys = [k for k in os.environ.get('SECRET_KEY', '').split(',') if k.strip()]
    if not keys:
        raise SystemExit("SECRET_KEY is not set: it is needed to encrypt the LINE credentials "
                         f"of {len(rows)} organization(s) stored in plain text")
    from cryptography.fernet import Fernet

    fernet = Fernet(keys[0].strip().encode())
    now = models.base.utcnow().replace(tzinfo=None)
    for org_id, secret, token in rows:
        conn.execute(sa.text(
            "INSERT INTO org_credentials (org_id, channel_secret, access_token, updated_at) "
            "VALUES (:org, :secret, :token, :now)"),
            {"org": org_id, "secret": fernet.encrypt(secret.encode()).decode(),
             "token": fernet.encrypt(token.encode()).decode(), "now": now})
    conn.execute(sa.text("UPDATE organizations SET channel_secret = NULL, "
                         "channel_access_token = NULL"))


def downgrade() -> None:
    op.drop_index('ix_inbox_received', table_name='inbox_events')
    with op.batch_alter_table('organizations') as batch:
        batch.drop_column('disabled_at')
    op.drop_table('org_credentials')
