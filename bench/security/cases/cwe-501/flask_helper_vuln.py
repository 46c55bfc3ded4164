"""Flask: a helper stores a header value in the session; vulnerable."""
from flask import Flask, request, session

app = Flask(__name__)


def remember(key, value):
    session[key] = value


@app.before_request
def track_tenant():
    remember("tenant", request.headers.get("X-Tenant", "public"))
