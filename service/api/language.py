"""The caller's language for everything a request answers (service/i18n): its `Accept-Language`
header negotiated once here, for HTTP requests and WebSocket handshakes alike. The response says
which language it chose (`Content-Language`) and that the choice depends on the header (`Vary`)."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import negotiate, set_lang


class LanguageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
        lang = negotiate(header)
        set_lang(lang)  # this request's task and every task it starts (WebSocket operations)
        scope.setdefault("state", {})["lang"] = lang
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    # the state's: a page may choose another (GraphiQL's ?lang=)
                    (b"content-language", scope["state"]["lang"].value.encode()),
                    (b"vary", b"Accept-Language"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_language)
