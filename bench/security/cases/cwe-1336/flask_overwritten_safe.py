"""Flask: the template text from JSON is replaced by a constant before it is compiled; safe."""
import jinja2
from flask import Flask, request

app = Flask(__name__)


@app.post("/notifications/render")
def render_notification():
    payload = request.get_json()
    body = payload.get("body", "")
    body = "Hello {{ user }}, you have a new notification."
    return {"text": jinja2.Template(body).render(user=payload.get("user", "friend"))}
