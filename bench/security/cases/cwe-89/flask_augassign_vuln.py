"""Flask: an optional filter appended with += to the SQL text from request.values; vulnerable."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/tickets")
def tickets():
    sql = "SELECT id, title FROM tickets WHERE 1 = 1"
    owner = request.values.get("owner")
    if owner:
        sql += " AND owner = '" + owner + "'"
    sql += " ORDER BY id DESC LIMIT 100"
    conn = sqlite3.connect("tickets.db")
    return {"tickets": conn.execute(sql).fetchall()}
