"""The few WhatsApp Cloud API (Graph API) calls the channel makes: send a message, fetch media.

Errors come back as `GraphApiError` with Meta's numeric code (131047 outside the 24-hour window,
131026 undeliverable, 130429 rate limit...). Rate limits and server errors are retried briefly;
everything else is for the caller to record. Nothing here logs a number or a message text.
"""
import asyncio
import logging
from typing import Optional, Tuple

import aiohttp

logger = logging.getLogger(__name__)

RETRYABLE_CODES = {130429, 131048, 131056, 1, 2, 4, 80007}  # throughput / temporary errors
TIMEOUT = aiohttp.ClientTimeout(total=20)


class GraphApiError(Exception):
    def __init__(self, code: int, title: str, http_status: int) -> None:
        super().__init__(f"WhatsApp API error {code} ({http_status}): {title}")
        self.code, self.title, self.http_status = code, title, http_status


def _error_of(data, http_status: int) -> GraphApiError:
    error = data.get("error", {}) if isinstance(data, dict) else {}
    given_code = error.get("code")
    code = given_code if isinstance(given_code, int) else http_status
    # `message` looks like "(#131047) Re-engagement message"; keep the words, not the code.
    title = str(error.get("error_user_title") or error.get("message") or "unknown error")
    if title.startswith("(#"):
        title = title.split(")", 1)[-1].strip()
    return GraphApiError(code, title[:128], http_status)


def recipient_fields(address: str) -> dict:
    """Phone numbers go in `to`; a business-scoped user id (username users) in `recipient`."""
    return {"to": address} if address.isdigit() else {"recipient": address}


class WhatsAppClient:
    def __init__(self, base_url: str, version: str, phone_number_id: str, access_token: str,
                 retries: int = 2, retry_delay: float = 1.0) -> None:
        self._base = f"{base_url.rstrip('/')}/{version}"
        self._phone_number_id = phone_number_id
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._retries, self._retry_delay = retries, retry_delay

    async def send(self, address: str, body: dict) -> str:
        """Sends one message object; returns its wamid. Raises GraphApiError."""
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual",
                   **recipient_fields(address), **body}
        url = f"{self._base}/{self._phone_number_id}/messages"
        for attempt in range(self._retries + 1):
            try:
                async with aiohttp.ClientSession(timeout=TIMEOUT) as session, \
                        session.post(url, json=payload, headers=self._headers) as response:
                    data = await response.json(content_type=None)
                    if response.status == 200 and isinstance(data, dict) and data.get("messages"):
                        return str(data["messages"][0].get("id", ""))
                    error = _error_of(data, response.status)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
                error = GraphApiError(-1, type(e).__name__, 0)
            retryable = error.code in RETRYABLE_CODES or error.http_status >= 500 or error.code == -1
            if not retryable or attempt == self._retries:
                raise error
            logger.info("whatsapp send: error %s, retrying", error.code)
            await asyncio.sleep(self._retry_delay * (attempt + 1))
        raise AssertionError("unreachable")

    async def media(self, media_id: str, max_bytes: int = 20 * 1024 * 1024) -> Tuple[bytes, Optional[str]]:
        """Downloads a media object: GET /{media_id} gives a short-lived URL, which needs the token too."""
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.get(f"{self._base}/{media_id}", headers=self._headers) as response:
                info = await response.json(content_type=None)
                if response.status != 200 or not isinstance(info, dict) or not info.get("url"):
                    raise _error_of(info, response.status)
            async with session.get(info["url"], headers=self._headers) as response:
                if response.status != 200:
                    raise GraphApiError(response.status, "media download failed", response.status)
                data = await response.content.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise GraphApiError(413, "media too large", 413)
                return data, info.get("mime_type")
