"""Flask: ORDER BY column checked against an allow-list that aborts otherwise; safe."""
import sqlite3

from flask import Flask, abort, request

app = Flask(__name__)
SORTABLE = {"name", "price", "created_at"}


@app.get("/products")
def products():
    column = request.args.get("sort", "name")
    if column not in SORTABLE:
        abort(400)
    conn = sqlite3.connect("shop.db")
    rows = conn.execute("SELECT name, price FROM products ORDER BY " + column).fetchall()
    return {"products": rows}
