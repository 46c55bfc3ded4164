"""Flask: the id is converted with int() before it goes into the f-string SQL; safe."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.get("/invoice")
def invoice():
    invoice_id = int(request.args.get("id", "0"))
    conn = sqlite3.connect("billing.db")
    row = conn.execute(f"SELECT amount, due FROM invoices WHERE id = {invoice_id}").fetchone()
    return {"amount": row[0], "due": row[1]} if row else ({}, 404)
