"""The one module that talks to the LINE Messaging API, through the official SDK.

Messages travel through the rest of the code as plain dicts in LINE's JSON shape (what the
outbox stores); they become SDK models only here. Errors are sorted into temporary
(retry later) and permanent (stop, tell someone), the way a transport should.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)
from linebot.v3.messaging.exceptions import ApiException

from operations.metrics import line_call

DEFAULT_HOST = "https://api.line.me"
DEFAULT_DATA_HOST = "https://api-data.line.me"  # message content and rich-menu images
CHUNK_BYTES = 256 * 1024
TIMEOUT_SECONDS = 10


_NOT_IN_CHAT = ("not in the group", "not in the room", "not a member")


@dataclass
class LineError(Exception):
    """A failed call. `permanent` means retrying cannot help (bad token, bot not in group)."""

    status: int | None
    message: str
    permanent: bool
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"LINE API {self.status or 'network'}: {self.message}"

    @property
    def chat_gone(self) -> bool:
        """LINE's answer when the bot was removed from the group or room: stop sending there."""
        return self.permanent and self.status in (400, 403, 404) and any(
            phrase in self.message.lower() for phrase in _NOT_IN_CHAT
        )


@dataclass(frozen=True)
class SendResult:
    message_ids: list[str]
    status: int
    request_id: str | None


def _classify(exc: Exception) -> LineError:
    if not isinstance(exc, ApiException):
        return LineError(None, type(exc).__name__, permanent=False)
    status = exc.status or 0
    body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else str(exc.body or "")
    try:
        message = json.loads(body).get("message", body)
    except (ValueError, AttributeError):
        message = body or str(exc.reason)
    retry_after = None
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    if "retry-after" in headers:
        try:
            retry_after = float(headers["retry-after"])
        except ValueError:
            retry_after = None
    temporary = status == 429 or status >= 500
    return LineError(status, message[:500], permanent=not temporary, retry_after=retry_after)


class LineGateway:
    """A LINE client for one channel. `host` lets tests and local mode use a stand-in."""

    def __init__(self, access_token: str, host: str | None = None,
                 data_host: str | None = None) -> None:
        config = Configuration(access_token=access_token, host=host or DEFAULT_HOST)
        config.retries = urllib3.Retry(total=0, redirect=0)  # we retry ourselves, with keys
        self._client = ApiClient(config)
        self._api = MessagingApi(self._client)
        data_config = Configuration(access_token=access_token,
                                    host=data_host or host or DEFAULT_DATA_HOST)
        data_config.retries = urllib3.Retry(total=0, redirect=0)
        self._data_client = ApiClient(data_config)
        self._blob = MessagingApiBlob(self._data_client)

    def __repr__(self) -> str:
        return "LineGateway(***)"

    def close(self) -> None:
        self._client.close()
        self._data_client.close()

    def reply(self, reply_token: str, messages: list[dict]) -> SendResult:
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        return self._send(self._api.reply_message_with_http_info, request)

    def push(self, to: str, messages: list[dict], retry_key: str) -> SendResult:
        request = PushMessageRequest.from_dict({"to": to, "messages": messages})
        try:
            return self._send(
                self._api.push_message_with_http_info, request, x_line_retry_key=retry_key
            )
        except LineError as err:
            if err.status == 409:  # LINE already accepted this retry key: it was sent
                return SendResult([], 409, None)
            raise

    def _send(self, call, request, **kwargs) -> SendResult:
        kind = "reply" if isinstance(request, ReplyMessageRequest) else "push"
        started = time.perf_counter()
        try:
            response = call(request, _request_timeout=TIMEOUT_SECONDS, **kwargs)
        except Exception as exc:
            err = _classify(exc)
            line_call(kind, time.perf_counter() - started, err.status, ok=False)
            raise err from exc
        line_call(kind, time.perf_counter() - started, response.status_code, ok=True)
        sent = getattr(response.data, "sent_messages", None) or []
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        return SendResult([m.id for m in sent], response.status_code, headers.get("x-line-request-id"))

    def member_count(self, chat_id: str, kind: str = "group") -> int:
        try:
            if kind == "room":
                return self._api.get_room_member_count(chat_id, _request_timeout=TIMEOUT_SECONDS).count
            return self._api.get_group_member_count(chat_id, _request_timeout=TIMEOUT_SECONDS).count
        except Exception as exc:
            raise _classify(exc) from exc

    def display_name(self, user_id: str, group_id: str | None = None) -> str:
        """The sender's LINE display name; in a group this works even without friendship."""
        try:
            if group_id:
                profile = self._api.get_group_member_profile(
                    group_id, user_id, _request_timeout=TIMEOUT_SECONDS
                )
            else:
                profile = self._api.get_profile(user_id, _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc
        return profile.display_name

    def quota(self) -> tuple[int | None, int]:
        """(monthly limit or None when unlimited, messages used this month)."""
        try:
            limit = self._api.get_message_quota(_request_timeout=TIMEOUT_SECONDS)
            used = self._api.get_message_quota_consumption(_request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc
        return (limit.value if limit.type == "limited" else None), used.total_usage

    # -- content, rich menus, loading animation -----------------------------------------
    def content(self, message_id: str) -> tuple[str | None, Iterator[bytes]]:
        """A sent photo/file/video as (content type, chunks), streamed from the data host:
        the body is read 256 KB at a time, never whole. Close by exhausting the iterator."""
        # MessagingApiBlob.get_message_content reads the whole body into memory (even with
        # _preload_content=False it copies it into ApiResponse.raw_data), so for this one GET
        # we use the same SDK client's REST layer (its host, pool, timeouts and errors) and
        # leave the body unread, to stream it.
        client = self._data_client
        url = f"{client.configuration.host}/v2/bot/message/{quote(message_id, safe='')}/content"
        headers = {"Authorization": f"Bearer {client.configuration.access_token}",
                   "User-Agent": client.user_agent}
        try:
            raw = client.rest_client.get_request(url, headers=headers, _preload_content=False,
                                                 _request_timeout=(TIMEOUT_SECONDS, 60))
        except Exception as exc:
            raise _classify(exc) from exc

        def chunks() -> Iterator[bytes]:
            try:
                yield from raw.stream(CHUNK_BYTES)
            finally:
                raw.release_conn()

        return raw.headers.get("Content-Type"), chunks()

    def create_rich_menu(self, menu: dict, image_png: bytes) -> str:
        """Create a rich menu and upload its image (through the data host); its id."""
        try:
            rich_menu_id = self._api.create_rich_menu(
                RichMenuRequest.from_dict(menu), _request_timeout=TIMEOUT_SECONDS).rich_menu_id
            self._blob.set_rich_menu_image(
                rich_menu_id, bytes(image_png), _headers={"Content-Type": "image/png"},
                _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc
        return rich_menu_id

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        try:
            self._api.link_rich_menu_id_to_user(user_id, rich_menu_id,
                                                _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc

    def rich_menu_exists(self, rich_menu_id: str) -> bool:
        """Whether LINE still has the menu (someone may have deleted it in the console)."""
        try:
            self._api.get_rich_menu(rich_menu_id, _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            error = _classify(exc)
            if error.status == 404:
                return False
            raise error from exc
        return True

    def link_rich_menu_to_users(self, rich_menu_id: str, user_ids: list[str]) -> None:
        """Link one menu to up to 500 people in one call (LINE applies it within seconds)."""
        try:
            self._api.link_rich_menu_id_to_users(
                RichMenuBulkLinkRequest(richMenuId=rich_menu_id, userIds=user_ids),
                _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        """Delete a superseded menu; one LINE no longer has is fine."""
        try:
            self._api.delete_rich_menu(rich_menu_id, _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            error = _classify(exc)
            if error.status != 404:
                raise error from exc

    def show_loading(self, chat_id: str, seconds: int = 20) -> None:
        """LINE's typing dots in a 1:1 chat until our reply arrives (or `seconds` pass)."""
        try:
            self._api.show_loading_animation(
                ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds),
                _request_timeout=3)
        except Exception as exc:
            raise _classify(exc) from exc


def issue_channel_token(client_assertion: str, host: str | None = None) -> tuple[str, int]:
    """Trade a signed JWT assertion for a short-lived channel access token (v2.1):
    (token, seconds it lives). Through the SDK's OAuth client, like every other call."""
    from linebot.v3.oauth import ApiClient as OAuthClient
    from linebot.v3.oauth import ChannelAccessToken
    from linebot.v3.oauth import Configuration as OAuthConfiguration

    config = OAuthConfiguration(host=host or DEFAULT_HOST)
    config.retries = urllib3.Retry(total=0, redirect=0)
    with OAuthClient(config) as client:
        api = ChannelAccessToken(client)
        api.line_base_path = host or DEFAULT_HOST  # the SDK pins this path to api.line.me
        try:
            answer = api.issue_channel_token_by_jwt(
                "client_credentials", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                client_assertion, _request_timeout=TIMEOUT_SECONDS)
        except Exception as exc:
            raise _classify(exc) from exc
    return answer.access_token, answer.expires_in
