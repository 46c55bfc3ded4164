"""FastAPI: string-built query sits under a module constant False; the live branch uses a bound parameter; safe."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
LEGACY_QUERIES = False


@app.get("/books")
def books(author: str):
    cur = sqlite3.connect("library.db").cursor()
    if LEGACY_QUERIES:
        cur.execute("SELECT title FROM books WHERE author = '%s'" % author)
    else:
        cur.execute("SELECT title FROM books WHERE author = ?", [author])
    return [r[0] for r in cur.fetchall()]
