"""Flask: session.update() with a dict built from form fields; vulnerable."""
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/checkout/address")
def save_address():
    address = {"street": request.form["street"], "discount_code": request.form.get("discount", "")}
    session.update(address)
    return {"saved": True}
