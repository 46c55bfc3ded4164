"""Flask: jinja2.Template built from a JSON field; vulnerable."""
import jinja2
from flask import Flask, request

app = Flask(__name__)


@app.post("/notifications/render")
def render_notification():
    payload = request.get_json()
    tpl = jinja2.Template(payload["body"])
    return {"text": tpl.render(user=payload.get("user", "friend"))}
