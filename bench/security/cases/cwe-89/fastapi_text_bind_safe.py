"""FastAPI: SQLAlchemy text() with a bound :name parameter; safe."""
from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///people.db")


@app.get("/people")
def people(last_name: str):
    stmt = text("SELECT first_name, last_name FROM people WHERE last_name = :ln")
    with engine.connect() as conn:
        rows = conn.execute(stmt, {"ln": last_name}).all()
    return {"people": [list(r) for r in rows]}
