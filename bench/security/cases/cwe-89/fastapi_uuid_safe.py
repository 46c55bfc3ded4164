"""FastAPI: the path parameter is parsed with uuid.UUID before formatting it into SQL; safe."""
import sqlite3
import uuid

from fastapi import FastAPI

app = FastAPI()


@app.get("/sessions/{session_id}")
def get_session(session_id: str):
    sid = uuid.UUID(session_id)
    conn = sqlite3.connect("sessions.db")
    row = conn.execute(f"SELECT user_id FROM sessions WHERE id = '{sid}'").fetchone()
    return {"user": row[0] if row else None}
