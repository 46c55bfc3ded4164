"""Flask: after a password check, the session gets the id from the server's user record, not the request; safe."""
from flask import Flask, abort, request, session
from werkzeug.security import check_password_hash

from accounts.models import find_user

app = Flask(__name__)


@app.post("/login")
def login():
    user = find_user(request.form.get("email", ""))
    if user is None or not check_password_hash(user.password_hash, request.form.get("password", "")):
        abort(401)
    session["user_id"] = user.id
    return {"ok": True}
