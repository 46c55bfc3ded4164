"""Flask: the user picks a template by name from a constant dict (else 404); the source is constant; safe."""
from flask import Flask, abort, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment(autoescape=True)
TEMPLATES = {
    "welcome": "Hi {{ first_name }}, welcome aboard!",
    "renewal": "Hi {{ first_name }}, your {{ plan }} plan renews soon.",
}


@app.post("/emails/preview")
def preview_email():
    key = request.form.get("template", "welcome")
    if key not in TEMPLATES:
        abort(404)
    return env.from_string(TEMPLATES[key]).render(first_name=request.form.get("name", ""), plan="pro")
