"""FastAPI: the SQL built with % uses only a constant limit; the user value is only filtered in Python; safe."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
PAGE_SIZE = 50


@app.get("/logs")
def logs(contains: str = ""):
    conn = sqlite3.connect("logs.db")
    sql = "SELECT ts, message FROM logs ORDER BY ts DESC LIMIT %d" % PAGE_SIZE
    rows = conn.execute(sql).fetchall()
    return {"logs": [r for r in rows if contains in r[1]]}
