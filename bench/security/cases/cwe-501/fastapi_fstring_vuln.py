"""FastAPI: a display name built with an f-string from a query parameter stored in the session; vulnerable."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/welcome")
def welcome(request: Request, name: str = "guest"):
    request.session["display"] = f"{name} (verified)"
    return {"hello": name}
