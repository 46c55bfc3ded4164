"""Flask: report listing whose ORDER BY column is kept on a query object and spliced into SQL over several statements; vulnerable."""
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


class ReportQuery:
    def __init__(self, req):
        self.order = req.args.get("sort", "created_at")
        self.limit = 50

    def sql(self):
        sql = "SELECT id, title FROM reports"
        sql += " WHERE archived = 0"
        sql += f" ORDER BY {self.order}"
        return sql + f" LIMIT {self.limit}"


@app.route("/reports")
def reports():
    q = ReportQuery(request)
    conn = sqlite3.connect("app.db")
    rows = conn.cursor().execute(q.sql()).fetchall()
    return jsonify(rows)
