"""Flask: tag filter that joins every requested tag into an IN (...) list with %-formatting; vulnerable."""
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/posts/by-tags")
def posts_by_tags():
    tags = request.args.getlist("tag")
    quoted = ["'%s'" % t for t in tags]
    sql = "SELECT id, title FROM posts WHERE tag IN (%s)" % ", ".join(quoted)
    cur = sqlite3.connect("blog.db").cursor()
    cur.execute(sql)
    return jsonify(cur.fetchall())
