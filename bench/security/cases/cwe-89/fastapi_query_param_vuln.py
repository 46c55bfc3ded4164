"""FastAPI: a str query parameter placed in an f-string SQL statement; vulnerable."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def read_items(category: str):
    conn = sqlite3.connect("inventory.db")
    cur = conn.cursor()
    cur.execute(f"SELECT sku, qty FROM stock WHERE category = '{category}'")
    return {"items": cur.fetchall()}
