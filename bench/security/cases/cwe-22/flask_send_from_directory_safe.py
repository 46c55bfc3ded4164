"""Flask: send_from_directory joins safely and refuses paths outside the directory; safe."""
from flask import Flask, request, send_from_directory

app = Flask(__name__)
INVOICES = "/srv/app/invoices"


@app.get("/invoice")
def invoice():
    name = request.args.get("name", "")
    return send_from_directory(INVOICES, name, as_attachment=True)
