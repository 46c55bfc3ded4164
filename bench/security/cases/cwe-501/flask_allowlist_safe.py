"""Flask: the language must be in the supported set (else 400) before it is stored in the session; safe."""
from flask import Flask, abort, request, session

app = Flask(__name__)
SUPPORTED = {"en", "de", "fr", "nb"}


@app.route("/lang")
def set_lang():
    lang = request.args.get("lang", "en")
    if lang not in SUPPORTED:
        abort(400)
    session["lang"] = lang
    return {"lang": lang}
