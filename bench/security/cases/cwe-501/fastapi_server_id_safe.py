"""FastAPI: the session gets a server-generated token; the submitted name is only used for lookup; safe."""
import secrets

from fastapi import FastAPI, HTTPException, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")
PENDING: dict[str, str] = {}


@app.post("/login/start")
async def start(request: Request):
    form = await request.form()
    name = str(form.get("username", ""))
    if not name:
        raise HTTPException(status_code=400)
    token = secrets.token_urlsafe(16)
    PENDING[token] = name
    request.session["login_token"] = token
    return {"next": "/login/verify"}
