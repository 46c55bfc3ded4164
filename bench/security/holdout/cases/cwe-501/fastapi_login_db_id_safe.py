"""FastAPI: after the password is verified the session stores the user id from the database, not request data; safe."""
from fastapi import FastAPI, Form, HTTPException, Request
from starlette.middleware.sessions import SessionMiddleware

from accounts.store import find_user, verify_password

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env-in-prod")


@app.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...)):
    user = find_user(username)
    if user is None or not verify_password(user, password):
        raise HTTPException(status_code=401)
    request.session["user_id"] = user.id
    return {"ok": True}
