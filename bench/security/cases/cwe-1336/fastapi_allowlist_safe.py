"""FastAPI: the header must be one of the known prefixes (else 400) before it enters the template source; safe."""
from fastapi import FastAPI, HTTPException, Request
from jinja2 import Template

app = FastAPI()
PREFIXES = {"Digest", "Weekly", "Alert"}


@app.get("/digest")
async def digest(request: Request):
    prefix = request.headers.get("x-subject-prefix", "Digest")
    if prefix not in PREFIXES:
        raise HTTPException(status_code=400)
    return {"subject": Template(prefix + " - {{ count }} new messages").render(count=3)}
