"""Flask: a user-supplied e-mail template compiled with jinja2 Environment.from_string; vulnerable."""
from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment()


@app.post("/emails/preview")
def preview_email():
    source = request.form["template"]
    return env.from_string(source).render(first_name="Ada", plan="pro")
