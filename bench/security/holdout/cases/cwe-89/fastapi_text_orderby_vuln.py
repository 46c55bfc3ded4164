"""FastAPI: query parameter used as the ORDER BY expression of a SQLAlchemy text() query; vulnerable."""
from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///inventory.db")


@app.get("/items")
def list_items(order: str = "name", direction: str = "asc"):
    clause = f"{order} {direction}"
    stmt = text("SELECT id, name FROM items ORDER BY " + clause)
    with engine.connect() as conn:
        rows = conn.execute(stmt).fetchall()
    return [dict(r._mapping) for r in rows]
