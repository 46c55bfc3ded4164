"""Flask: a helper turns the value into a clamped int before it is formatted into eval(); safe."""
from flask import Flask, request

app = Flask(__name__)


def percent(raw):
    return max(0, min(int(raw), 100))


@app.get("/ratio")
def ratio():
    p = percent(request.args.get("p", "50"))
    return {"ratio": eval(f"{p} / 100")}
