"""Flask: preferences object copies the submitted theme into the session in its save() method; vulnerable."""
from flask import Flask, jsonify, request, session

app = Flask(__name__)
app.secret_key = b"replace-me-in-production"


class Preferences:
    def __init__(self, form):
        self.theme = form.get("theme", "light")

    def save(self):
        session["theme"] = self.theme


@app.route("/prefs", methods=["POST"])
def save_prefs():
    Preferences(request.form).save()
    return jsonify({"saved": True})
