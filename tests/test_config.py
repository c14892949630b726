"""Configuration fails fast, with one line naming the variable."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load


def test_no_line_credentials_means_local_mode_with_sqlite_in_instance():
    config = load({})
    assert config.local_mode
    assert config.database_url.startswith("sqlite:///") and "instance" in config.database_url
    assert config.tz.key == "Asia/Bangkok" and config.port == 8000


@pytest.mark.parametrize(("env", "variable"), [
    ({"LINE_CHANNEL_SECRET": "s"}, "LINE_CHANNEL_ACCESS_TOKEN"),
    ({"LINE_CHANNEL_ACCESS_TOKEN": "t"}, "LINE_CHANNEL_SECRET"),
    ({"PORT": "eighty"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"TZ": "Mars/Olympus"}, "TZ"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
    ({"LINE_API_BASE_URL": "api.line.me"}, "LINE_API_BASE_URL"),
    ({"MONTHLY_MESSAGE_BUDGET": "lots"}, "MONTHLY_MESSAGE_BUDGET"),
])
def test_a_missing_or_malformed_setting_names_the_variable(env, variable):
    with pytest.raises(ConfigError) as raised:
        load(env)
    message = str(raised.value)
    assert variable in message and "\n" not in message


def test_secrets_never_appear_in_the_configs_repr():
    config = load({"LINE_CHANNEL_SECRET": "supersecret", "LINE_CHANNEL_ACCESS_TOKEN": "tok3n"})
    assert "supersecret" not in repr(config) and "tok3n" not in repr(config)
    assert not config.local_mode


def test_a_heroku_style_postgres_url_is_accepted():
    config = load({"DATABASE_URL": "postgres://u:p@h:5432/db"})
    assert config.database_url == "postgresql+psycopg://u:p@h:5432/db"
