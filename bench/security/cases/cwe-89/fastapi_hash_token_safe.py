"""FastAPI: only the SHA-256 hex digest of the token (0-9a-f) is formatted into the SQL; safe."""
import hashlib
import sqlite3

from fastapi import FastAPI, HTTPException

app = FastAPI()


@app.get("/api-keys/verify")
def verify(token: str):
    digest = hashlib.sha256(token.encode()).hexdigest()
    conn = sqlite3.connect("keys.db")
    row = conn.execute(f"SELECT owner FROM api_keys WHERE key_hash = '{digest}'").fetchone()
    if row is None:
        raise HTTPException(status_code=401)
    return {"owner": row[0]}
