"""console: sign-in links, sessions, audit of console changes, staged plan imports

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('console_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('used_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_console_links_org_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_links_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_console_links_token_hash'))
    )
    op.create_index(op.f('ix_console_links_org_id'), 'console_links', ['org_id'], unique=False)
    op.create_table('console_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('last_seen_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('ended_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_console_sessions_org_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_sessions_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_console_sessions_token_hash'))
    )
    op.create_index(op.f('ix_console_sessions_org_id'), 'console_sessions', ['org_id'], unique=False)
    op.create_table('console_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_console_audit_org_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_audit_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    op.create_index(op.f('ix_console_audit_org_id'), 'console_audit', ['org_id'], unique=False)
    op.create_table('console_staged_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('draft', sa.Text(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('stored_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_console_staged_plans_org_id_organizations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_console_staged_plans_person_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_staged_plans')),
    sa.UniqueConstraint('token', name=op.f('uq_console_staged_plans_token'))
    )
    op.create_index(op.f('ix_console_staged_plans_org_id'), 'console_staged_plans', ['org_id'], unique=False)


def downgrade() -> None:
    for table in ('console_staged_plans', 'console_audit', 'console_sessions', 'console_links'):
        op.drop_index(op.f(f'ix_{table}_org_id'), table_name=table)
        op.drop_table(table)
