"""Short-lived channel access tokens (LINE's v2.1, "issued with a JWT assertion").

LINE recommends them over long-lived tokens: a leaked one stops working within days. The
operator registers an assertion signing key pair in the LINE Developers console and gives
us the private key (a JWK) and its kid; we sign a short JWT with it (PyJWT, RS256) and
trade it for an access token valid up to 30 days, and do that again a day before expiry.
The HTTP call itself is LINE's and lives in `bot.line_api`; this module only builds the
assertion and decides when a token is due for renewal.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import jwt

AUDIENCE = "https://api.line.me/"
TOKEN_LIFETIME = timedelta(days=30)  # the longest LINE issues (token_exp)
REFRESH_BEFORE = timedelta(days=1)
ASSERTION_LIFETIME = timedelta(minutes=30)  # LINE accepts at most 30 minutes


def assertion(channel_id: str, kid: str, private_jwk: dict, now: datetime,
              lifetime: timedelta = TOKEN_LIFETIME) -> str:
    """The signed JWT LINE's /oauth2/v2.1/token endpoint expects as client_assertion."""
    key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(private_jwk))
    payload = {
        "iss": channel_id, "sub": channel_id, "aud": AUDIENCE,
        "exp": int((now + ASSERTION_LIFETIME).timestamp()),
        "token_exp": int(lifetime.total_seconds()),
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid, "typ": "JWT"})


def due_for_renewal(expires_at: datetime | None, now: datetime) -> bool:
    """True when there is no token yet, or it expires within REFRESH_BEFORE."""
    return expires_at is None or expires_at - now <= REFRESH_BEFORE
