"""FastAPI: JSON body strings %-formatted into INSERT statements and run with executescript; vulnerable."""
import sqlite3

from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/notes/bulk")
def bulk_notes(notes: list[str] = Body(...)):
    statements = []
    for note in notes:
        statements.append("INSERT INTO notes(body) VALUES ('%s')" % note)
    conn = sqlite3.connect("notes.db")
    conn.executescript(";\n".join(statements))
    conn.commit()
    return {"inserted": len(statements)}
