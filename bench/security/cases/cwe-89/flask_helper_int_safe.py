"""Flask: a helper converts the value with int() (and clamps it) before it is formatted into SQL; safe."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


def page_number(raw):
    return max(1, int(raw))


@app.get("/articles")
def articles():
    page = page_number(request.args.get("page", "1"))
    conn = sqlite3.connect("cms.db")
    sql = "SELECT id, title FROM articles LIMIT 20 OFFSET %d" % ((page - 1) * 20)
    return {"articles": conn.execute(sql).fetchall()}
