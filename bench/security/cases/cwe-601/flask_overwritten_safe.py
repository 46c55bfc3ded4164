"""Flask: the `next` value is overwritten with a constant path before the redirect; safe."""
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/logout")
def logout():
    nxt = request.args.get("next", "/")
    app.logger.info("logout, next had %d chars", len(nxt))
    nxt = "/login"
    return redirect(nxt)
