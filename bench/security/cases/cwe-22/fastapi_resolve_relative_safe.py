"""FastAPI: resolve() and is_relative_to(base) with a 403 otherwise before writing; safe."""
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request

app = FastAPI()
NOTES = Path("/srv/notes").resolve()


@app.put("/notes")
async def save_note(request: Request, filename: str):
    target = (NOTES / filename).resolve()
    if not target.is_relative_to(NOTES):
        raise HTTPException(status_code=403, detail="outside the notes folder")
    target.write_bytes(await request.body())
    return {"saved": target.name}
