"""FastAPI (Starlette SessionMiddleware): a user_id query parameter stored in request.session; vulnerable."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/impersonate")
def impersonate(request: Request, user_id: str):
    request.session["user_id"] = user_id
    return {"now": user_id}
