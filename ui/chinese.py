"""Chinese everywhere, whatever the browser's language.

Gradio translates its own strings (Drop File Here, Settings, …) by the browser's language, which on many office
PCs is English. This middleware puts a small script at the top of the page's <head>, before Gradio's own code,
that reports zh-CN as the browser language, so Gradio picks its Simplified Chinese strings. The footer with its
developer links (Use via API, Built with Gradio, Settings) is switched off at launch (``footer_links=[]``).
"""

from __future__ import annotations

FORCE_CHINESE = (b"<script>(function(){try{var langs=['zh-CN','zh'];"
                 b"Object.defineProperty(navigator,'language',{get:function(){return 'zh-CN';}});"
                 b"Object.defineProperty(navigator,'languages',{get:function(){return langs;}});}catch(e){}})();"
                 b"</script>")


class ChinesePage:
    """ASGI middleware: HTML pages get FORCE_CHINESE right after <head>; everything else passes untouched."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        html = False
        chunks: list[bytes] = []

        async def rewrite(message) -> None:
            nonlocal start, html
            if message["type"] == "http.response.start":
                start = message
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                html = content_type.startswith(b"text/html")
                if not html:
                    await send(message)
                return
            if not html or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(b"<head>", b"<head>" + FORCE_CHINESE, 1)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)
