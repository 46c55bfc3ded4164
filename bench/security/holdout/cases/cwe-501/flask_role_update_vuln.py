"""Flask: role from the JSON body, with a .get() default, merged into the session with session.update; vulnerable."""
from flask import Flask, jsonify, request, session

app = Flask(__name__)


@app.route("/onboarding/finish", methods=["POST"])
def finish():
    data = request.get_json(force=True)
    profile = {"role": data.get("role", "member"), "onboarded": True}
    session.update(profile)
    return jsonify({"role": session["role"]})
