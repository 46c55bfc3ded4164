"""Flask: the tainted table name is overwritten by a constant before the query; safe."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/stats")
def stats():
    table = request.args.get("table", "events")
    app.logger.debug("stats requested")
    table = "events"
    conn = sqlite3.connect("stats.db")
    count = conn.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
    return {"count": count}
