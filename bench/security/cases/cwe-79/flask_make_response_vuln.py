"""Flask: an error message %-formatted into HTML passed to make_response; vulnerable."""
from flask import Flask, make_response, request

app = Flask(__name__)


def error_page(message):
    return "<div class='error'>%s</div>" % message


@app.route("/oops")
def oops():
    resp = make_response(error_page(request.args.get("msg", "Unknown error")), 400)
    resp.headers["Content-Type"] = "text/html; charset=utf-8"
    return resp
