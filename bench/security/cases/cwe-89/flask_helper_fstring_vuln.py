"""Flask: form data passed to a helper that builds the SQL with an f-string; vulnerable."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def build_search(term):
    return f"SELECT title FROM posts WHERE title LIKE '%{term}%' ORDER BY id DESC"


def run(sql):
    with sqlite3.connect("blog.db") as conn:
        return conn.execute(sql).fetchall()


@app.post("/search")
def search():
    term = request.form.get("q", "").strip()
    rows = run(build_search(term))
    return {"results": [r[0] for r in rows]}
