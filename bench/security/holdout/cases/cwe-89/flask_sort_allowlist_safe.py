"""Flask: sort column checked against an allow-list with an early return before it is put in an f-string query; safe."""
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)
SORTABLE = {"name", "price", "created_at"}


@app.route("/products")
def products():
    sort = request.args.get("sort", "name")
    if sort not in SORTABLE:
        return jsonify({"error": "bad sort"}), 400
    sql = f"SELECT id, name, price FROM products ORDER BY {sort}"
    cur = sqlite3.connect("shop.db").cursor()
    cur.execute(sql)
    return jsonify(cur.fetchall())
