"""Flask: a query-string value concatenated into SQL and executed; vulnerable."""
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users")
def find_user():
    name = request.args["name"]
    conn = sqlite3.connect("app.db")
    rows = conn.execute("SELECT id, email FROM users WHERE name = '" + name + "'").fetchall()
    return jsonify(rows)
