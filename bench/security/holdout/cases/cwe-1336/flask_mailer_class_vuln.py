"""Flask: mailer object compiles the submitted e-mail body as a Jinja2 template with Environment.from_string; vulnerable."""
from flask import Flask, jsonify, request
from jinja2 import Environment

app = Flask(__name__)


class Mailer:
    env = Environment()

    def __init__(self, body):
        self.body = body

    def render(self, **ctx):
        return self.env.from_string(self.body).render(**ctx)


@app.route("/mail/preview", methods=["POST"])
def mail_preview():
    text = Mailer(request.form.get("body", "")).render(user="Ana")
    return jsonify({"preview": text})
