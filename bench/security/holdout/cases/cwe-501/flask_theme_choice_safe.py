"""Flask: request value only chooses between two constant themes stored in the session; safe."""
from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/theme")
def theme():
    wanted = request.args.get("t", "")
    session["theme"] = "dark" if wanted == "dark" else "light"
    return jsonify({"theme": session["theme"]})
