"""Flask: a JSON field spliced into a lambda source string with an f-string and eval()ed; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/transform")
def transform():
    body = request.get_json()
    fn = eval(f"lambda x: {body['formula']}")
    return {"values": [fn(v) for v in body.get("values", [])]}
