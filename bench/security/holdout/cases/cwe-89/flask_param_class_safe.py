"""Flask: lookup object keeps the request value on an attribute but passes it as a bound parameter to execute; safe."""
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


class UserLookup:
    def __init__(self, req):
        self.email = req.args.get("email", "")
        self.sql = "SELECT id, name FROM users WHERE email = ?"

    def run(self, cur):
        cur.execute(self.sql, (self.email,))
        return cur.fetchone()


@app.route("/users/find")
def find_user():
    cur = sqlite3.connect("app.db").cursor()
    row = UserLookup(request).run(cur)
    return jsonify(row or {})
