"""Flask: currency code looked up in a constant table and the server's canonical value is what goes in the session; safe."""
from flask import Flask, abort, jsonify, request, session

app = Flask(__name__)
CURRENCIES = {"usd": "USD", "eur": "EUR", "gbp": "GBP"}


@app.route("/currency", methods=["POST"])
def currency():
    code = CURRENCIES.get(request.form.get("currency", "").lower())
    if code is None:
        abort(400)
    session["currency"] = code
    return jsonify({"currency": code})
