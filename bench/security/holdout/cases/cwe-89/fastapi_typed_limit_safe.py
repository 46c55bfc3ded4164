"""FastAPI: LIMIT and OFFSET come from parameters typed int, validated before the f-string text() query runs; safe."""
from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///events.db")


@app.get("/events")
def events(limit: int = 20, offset: int = 0):
    sql = "SELECT id, kind FROM events"
    sql += f" LIMIT {limit} OFFSET {offset}"
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).fetchall()
    return [tuple(r) for r in rows]
