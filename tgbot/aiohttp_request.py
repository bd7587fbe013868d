"""python-telegram-bot's HTTP transport on aiohttp instead of httpx.

PTB lets an application bring its own ``BaseRequest``. Under load the default httpx
transport spent about 2 ms of CPU per Bot API call in httpcore's connection-pool
bookkeeping (every request re-checks every pooled socket through anyio; profiled
with bench/load.py), which made the transport, not the interview, the bot's
bottleneck. aiohttp's connector does the same job for a fraction of that.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput

# PTB marks "not given by the caller" with DefaultValue objects such as DEFAULT_NONE.
_DEFAULT = type(BaseRequest.DEFAULT_NONE)


class AiohttpRequest(BaseRequest):
    """One aiohttp session with a bounded connection pool; PTB calls ``do_request``."""

    def __init__(
        self,
        connection_pool_size: int = 8,
        read_timeout: float | None = 10.0,
        write_timeout: float | None = 10.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 5.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: "ODVInput[float]" = BaseRequest.DEFAULT_NONE,
        write_timeout: "ODVInput[float]" = BaseRequest.DEFAULT_NONE,
        connect_timeout: "ODVInput[float]" = BaseRequest.DEFAULT_NONE,
        pool_timeout: "ODVInput[float]" = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = _chosen(read_timeout, self._read_timeout)
        write = _chosen(write_timeout, self._media_write_timeout if files else self._write_timeout)
        connect = _chosen(connect_timeout, self._connect_timeout)
        pool = _chosen(pool_timeout, self._pool_timeout)
        # aiohttp has no separate write timeout: a request may take its write time plus
        # its read time in all; reading the answer is bounded by the read timeout.
        total = None if read is None or write is None else read + write + (connect or 0) + (pool or 0)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        try:
            body, headers = _body(request_data)
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _chosen(given: "ODVInput[float]", default: float | None) -> float | None:
    return default if isinstance(given, _DEFAULT) else given  # type: ignore[return-value]


_JSON = {"Content-Type": "application/json"}


def _body(request_data: RequestData | None) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
    """(body, headers): a JSON body for plain calls, multipart when files are attached.

    JSON, not a form: handing aiohttp a dict builds a FormData with a multipart writer
    (and a uuid4 boundary) for every call, and url-quoting Chinese text is not free;
    under load that was a tenth of a worker's CPU. The Bot API accepts both.
    """
    if request_data is None:
        return None, None
    files = request_data.multipart_data
    if not files:
        return json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode(), _JSON
    form = aiohttp.FormData(quote_fields=False)  # UTF-8 file names as Telegram expects them
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None
