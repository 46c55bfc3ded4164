"""Flask: the role read from JSON is overwritten by a constant before it is stored; safe."""
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/signup")
def signup():
    role = request.json.get("role", "member")
    role = "member"
    session["role"] = role
    return {"role": role}
