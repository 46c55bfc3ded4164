"""FastAPI: a forwarded-user header copied into the session; vulnerable."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/sso")
async def sso(request: Request):
    who = request.headers.get("x-forwarded-user")
    if who:
        request.session["user"] = who
    return {"user": request.session.get("user")}
