"""FastAPI: a filename query parameter decides where the request body is written; vulnerable."""
import os

from fastapi import FastAPI, Request

app = FastAPI()
NOTES = "/srv/notes"


@app.put("/notes")
async def save_note(request: Request, filename: str):
    content = await request.body()
    with open(os.path.join(NOTES, filename), "wb") as fh:
        fh.write(content)
    return {"saved": filename}
