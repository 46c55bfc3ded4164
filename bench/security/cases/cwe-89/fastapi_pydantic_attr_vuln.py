"""FastAPI: an attribute of a pydantic body model used as the ORDER BY column in an f-string; vulnerable."""
import sqlite3

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Listing(BaseModel):
    order_by: str = "id"
    limit: int = 20


@app.post("/listings/search")
def search(params: Listing):
    conn = sqlite3.connect("listings.db")
    sql = f"SELECT id, title FROM listings ORDER BY {params.order_by} LIMIT {params.limit}"
    return {"rows": conn.execute(sql).fetchall()}
