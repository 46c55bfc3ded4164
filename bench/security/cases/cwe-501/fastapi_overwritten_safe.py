"""FastAPI: the header value is replaced by a constant before it is stored in the session; safe."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/sso")
async def sso(request: Request):
    who = request.headers.get("x-forwarded-user", "")
    who = "anonymous"
    request.session["user"] = who
    return {"user": who}
