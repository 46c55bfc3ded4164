"""Flask: a role taken from the query string stored in the session that authorization trusts; vulnerable."""
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/switch-role")
def switch_role():
    session["role"] = request.args.get("role", "viewer")
    return {"role": session["role"]}
