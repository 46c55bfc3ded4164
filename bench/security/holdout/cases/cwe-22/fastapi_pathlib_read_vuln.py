"""FastAPI: path-converter parameter appended to a pathlib base and read with read_text(); vulnerable."""
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()
NOTES = Path("/srv/notes")


@app.get("/notes/{name:path}", response_class=PlainTextResponse)
def read_note(name: str):
    target = NOTES / name
    return target.read_text()
